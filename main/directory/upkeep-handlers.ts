import type { DeskEvent, Handlers } from '#src/contract.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { newId } from '#src/ids.ts';
import { isReason } from '#src/reasons.ts';
import { err, ok } from '#src/result.ts';
import type { Me } from '#src/wire/api.ts';
import type { Service } from '#src/wire/directory.ts';
import {
  DEFAULT_REVIEW_MONTHS,
  reviewDue,
  type ServiceCreateCommand,
  type ServiceReviewCommand,
  type ServiceUpdateCommand,
} from '#src/wire/service-edit.ts';
import { clearServiceRefusal, serviceRefusal } from '#main/directory/refusals.ts';
import { allServices, getService } from '#main/store/directory.ts';
import type { Database } from '#main/store/open.ts';
import { enqueue, isWaiting } from '#main/store/outbox.ts';

export type UpkeepSession = { db: Database; me: Me };

type Deps = {
  session: () => UpkeepSession | null;
  emit: (event: DeskEvent) => void;
  /** Lets the sync engine deliver, so the answer shows the server's view. */
  settle: () => Promise<void>;
  now?: () => Date;
};

/** The desk's copy of the rule the server enforces (sync-server/directory/permissions.ts). */
const mayEditFor = (me: Me, organisationId: string): boolean =>
  me.user.role === 'coordinator' ||
  (me.user.role === 'lead' && me.organisation?.id === organisationId);

/**
 * Keeping the directory true from the desk (#4): editing a service's
 * details, confirming they are still right, adding a service, and the list
 * of records due for review. Changes travel through the outbox; the
 * server's record comes back through the change feed.
 */
export const upkeepHandlers = ({
  session: current,
  emit,
  settle,
  now = () => new Date(),
}: Deps): Pick<
  Handlers,
  'directory.update' | 'directory.confirmReview' | 'directory.create' | 'directory.reviews'
> => {
  const outcome = (db: Database, id: string) => {
    const refused = serviceRefusal(db, id);
    return {
      serviceId: id,
      waitingToSend: isWaiting(db, id),
      refused: refused !== null && isReason(refused) ? refused : null,
    };
  };

  const change = async (
    serviceId: string,
    command: (service: Service) => ServiceUpdateCommand | ServiceReviewCommand,
  ) => {
    const session = current();
    if (session === null) return err('not-signed-in' as const);
    const service = getService(session.db, serviceId);
    if (service === null) return err('not-found' as const);
    if (!mayEditFor(session.me, service.organization_id)) return err('forbidden' as const);
    session.db.transaction(() => {
      clearServiceRefusal(session.db, service.id);
      enqueue(session.db, command(service), now());
    })();
    emit({ topics: ['directory', 'sync'] });
    await settle();
    return ok(outcome(session.db, service.id));
  };

  return {
    'directory.update': (request) =>
      change(request.serviceId, (s) => ({
        type: 'service.update',
        mutationId: newId(),
        serviceId: s.id,
        edit: request.edit,
      })),
    'directory.confirmReview': (request) =>
      change(request.serviceId, (s) => ({
        type: 'service.confirmReview',
        mutationId: newId(),
        serviceId: s.id,
      })),
    'directory.create': async (request) => {
      const session = current();
      if (session === null) return err('not-signed-in');
      const organisationId = request.organisationId ?? session.me.organisation?.id ?? null;
      if (organisationId === null) return err('no-organisation');
      if (!mayEditFor(session.me, organisationId)) return err('forbidden');
      const command: ServiceCreateCommand = {
        type: 'service.create',
        mutationId: newId(),
        serviceId: newId(),
        organisationId,
        edit: request.edit,
      };
      enqueue(session.db, command, now());
      emit({ topics: ['directory', 'sync'] });
      await settle();
      return ok(outcome(session.db, command.serviceId));
    },
    'directory.reviews': () => {
      const session = current();
      if (session === null) return Promise.resolve([]);
      const { me } = session;
      const today = londonDate(now());
      const months = me.network.settings.reviewMonths ?? DEFAULT_REVIEW_MONTHS;
      return Promise.resolve(
        allServices(session.db)
          .filter((s) => mayEditFor(me, s.organization_id))
          .map((service) => ({ service, due: reviewDue(service.assured_date, today, months) }))
          // Due first, then the longest unchecked, then by name.
          .sort(
            (a, b) =>
              Number(b.due) - Number(a.due) ||
              (a.service.assured_date ?? '').localeCompare(b.service.assured_date ?? '') ||
              a.service.name.localeCompare(b.service.name),
          ),
      );
    },
  };
};
