import type { DeskEvent, Handlers } from '#src/contract.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { factsOf, matchService, NO_FACTS } from '#src/directory/match.ts';
import { alternativesTo, isReceiving } from '#src/directory/receiving.ts';
import { buildIndex, searchIndex, type DirectoryIndex } from '#src/directory/search.ts';
import type { ServiceView } from '#src/directory/view.ts';
import { newId } from '#src/ids.ts';
import { isReason } from '#src/reasons.ts';
import { err, ok } from '#src/result.ts';
import type { Me } from '#src/wire/api.ts';
import type { Service, ServiceCommand } from '#src/wire/directory.ts';
import { DEFAULT_REVIEW_MONTHS, reviewDue } from '#src/wire/service-edit.ts';
import { clearServiceRefusal, serviceRefusal } from '#main/directory/refusals.ts';
import { getClient } from '#main/store/clients.ts';
import { allServices, getService } from '#main/store/directory.ts';
import { getMeta } from '#main/store/meta.ts';
import { cachedIssueCategories } from '#main/directory/taxonomy-handlers.ts';
import { issueLabelIn } from '#src/taxonomy.ts';
import type { Database } from '#main/store/open.ts';
import { enqueue, isWaiting } from '#main/store/outbox.ts';

export type DirectorySession = { db: Database; me: Me };

type Deps = {
  session: () => DirectorySession | null;
  emit: (event: DeskEvent) => void;
  /** Lets the sync engine deliver, so the answer shows the server's view. */
  settle: () => Promise<void>;
  now?: () => Date;
};

/** The desk's own copy of the lead rule the server enforces (sync-server/directory/permissions.ts). */
const mayEdit = (me: Me, service: Service): boolean =>
  me.user.role === 'coordinator' ||
  (me.user.role === 'lead' && me.organisation?.id === service.organization_id);

/** The directory channels of the contract: reading one service, and changing whether it receives. */
export const directoryHandlers = ({
  session: current,
  emit,
  settle,
  now = () => new Date(),
}: Deps): Pick<
  Handlers,
  'directory.search' | 'directory.find' | 'directory.get' | 'directory.setReceiving'
> => {
  // The search index, built once per version of the cached directory: the
  // change cursor moves whenever a pull stores anything.
  let cache: { db: Database; version: string | null; index: DirectoryIndex } | null = null;
  const indexOf = (db: Database): DirectoryIndex => {
    // The network's own categories are searchable by their words too, so
    // a change to them also makes a new index.
    const categories = cachedIssueCategories(db) ?? [];
    const version = `${getMeta(db, 'change-cursor') ?? ''}/${JSON.stringify(categories)}`;
    if (cache?.db !== db || cache.version !== version) {
      cache = { db, version, index: buildIndex(allServices(db), issueLabelIn(categories)) };
    }
    return cache.index;
  };

  const view = (session: DirectorySession, service: Service): ServiceView => {
    const today = londonDate(now());
    const receivingNow = isReceiving(service.receiving, today);
    const refused = serviceRefusal(session.db, service.id);
    return {
      service,
      receivingNow,
      canEdit: mayEdit(session.me, service),
      waitingToSend: isWaiting(session.db, service.id),
      refused: refused !== null && isReason(refused) ? refused : null,
      reviewDue: reviewDue(
        service.assured_date,
        today,
        session.me.network.settings.reviewMonths ?? DEFAULT_REVIEW_MONTHS,
      ),
      alternatives: receivingNow
        ? []
        : alternativesTo(
            service,
            allServices(session.db).filter(
              (s) => s.organization_id !== session.me.organisation?.id,
            ),
            today,
          ),
    };
  };

  return {
    'directory.search': (request) => {
      const session = current();
      if (session === null) return Promise.resolve([]);
      const today = londonDate(now());
      return Promise.resolve(
        searchIndex(indexOf(session.db), request, today).map((hit) => hit.service),
      );
    },
    'directory.find': (request) => {
      const session = current();
      if (session === null) return Promise.resolve([]);
      const today = londonDate(now());
      const client = request.clientId === null ? null : getClient(session.db, request.clientId);
      const facts =
        client === null
          ? { ...NO_FACTS, issues: request.clientIssues }
          : factsOf(client, request.clientIssues, session.me.organisation?.id ?? null, today);
      const index = indexOf(session.db);
      const own = session.me.organisation?.id ?? null;
      // With a client in hand, for each service not taking referrals today,
      // the ones that can take this client instead: receiving, open to them,
      // sharing an issue. (Without one, the service's page lists alternatives.)
      const open = index.services.filter(
        (s) => s.organization_id !== own && matchService(s, facts).exclusions.length === 0,
      );
      return Promise.resolve(
        searchIndex(index, request, today, facts).map((hit) =>
          hit.receivingNow || client === null
            ? hit
            : { ...hit, alternatives: alternativesTo(hit.service, open, today, 3) },
        ),
      );
    },
    'directory.get': (request) => {
      const session = current();
      if (session === null) return Promise.resolve(err('not-signed-in'));
      const service = getService(session.db, request.id);
      return Promise.resolve(service === null ? err('not-found') : ok(view(session, service)));
    },
    'directory.setReceiving': async (request) => {
      const session = current();
      if (session === null) return err('not-signed-in');
      const service = getService(session.db, request.serviceId);
      if (service === null) return err('not-found');
      if (!mayEdit(session.me, service)) return err('forbidden');
      const command: ServiceCommand = {
        type: 'service.setReceiving',
        mutationId: newId(),
        serviceId: service.id,
        receiving: request.receiving,
        capacity: request.capacity,
      };
      session.db.transaction(() => {
        clearServiceRefusal(session.db, service.id);
        enqueue(session.db, command, now());
      })();
      emit({ topics: ['directory', 'sync'] });
      await settle();
      const latest = getService(session.db, service.id);
      return latest === null ? err('not-found') : ok(view(session, latest));
    },
  };
};
