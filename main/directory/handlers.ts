import type { DeskEvent, Handlers } from '#src/contract.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { alternativesTo, isReceiving } from '#src/directory/receiving.ts';
import type { ServiceView } from '#src/directory/view.ts';
import { newId } from '#src/ids.ts';
import { isReason } from '#src/reasons.ts';
import { err, ok } from '#src/result.ts';
import type { Me } from '#src/wire/api.ts';
import type { Service, ServiceCommand } from '#src/wire/directory.ts';
import { clearServiceRefusal, serviceRefusal } from '#main/directory/refusals.ts';
import { allServices, getService } from '#main/store/directory.ts';
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
}: Deps): Pick<Handlers, 'directory.get' | 'directory.setReceiving'> => {
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
