import { signedInCall, type CallSession } from '#main/account/server-call.ts';
import type { DeskEvent, Handlers } from '#src/contract.ts';
import { postcodeDistrict } from '#src/postcode.ts';
import { newId } from '#src/ids.ts';
import { err, ok } from '#src/result.ts';
import type { Me } from '#src/wire/api.ts';
import {
  gapsResponseSchema,
  postcodeDistrictSchema,
  type GapCommand,
  type SignpostCommand,
} from '#src/wire/provision.ts';
import { listGaps, listSignposts, saveGap, saveSignpost } from '#main/directory/provision-store.ts';
import { getClient } from '#main/store/clients.ts';
import { getService } from '#main/store/directory.ts';
import type { Database } from '#main/store/open.ts';
import { enqueue } from '#main/store/outbox.ts';

export type ProvisionSession = CallSession & { db: Database; me: Me };

type Deps = {
  session: () => ProvisionSession | null;
  emit: (event: DeskEvent) => void;
  /** Lets the sync engine deliver, so the answer shows the server's view. */
  settle: () => Promise<void>;
  now?: () => Date;
};

/**
 * Gaps in provision and signposting (#4): written on this desk with the
 * command that carries them to the network in one transaction; the network
 * gets no client data. Coordinators read the network's gaps from the server.
 */
export const provisionHandlers = ({
  session: current,
  emit,
  settle,
  now = () => new Date(),
}: Deps): Pick<
  Handlers,
  | 'provision.recordGap'
  | 'provision.gaps'
  | 'provision.recordSignpost'
  | 'provision.signposts'
  | 'provision.networkGaps'
> => ({
  'provision.recordGap': async (request) => {
    const session = current();
    if (session === null) return err('not-signed-in');
    if (session.me.organisation === null) return err('no-organisation');
    const at = now();
    const gap = {
      id: newId(),
      issue: request.issue,
      area: request.area,
      why: request.why,
      recordedBy: session.me.user.name,
      recordedAt: at.toISOString(),
    };
    const command: GapCommand = {
      type: 'gap.record',
      mutationId: newId(),
      gapId: gap.id,
      issue: gap.issue,
      area: gap.area,
      why: gap.why,
    };
    session.db.transaction(() => {
      saveGap(session.db, gap);
      enqueue(session.db, command, at);
    })();
    emit({ topics: ['sync'] });
    await settle();
    const saved = listGaps(session.db).find((g) => g.id === gap.id);
    return saved === undefined ? err('not-found') : ok(saved);
  },
  'provision.gaps': () => {
    const session = current();
    return Promise.resolve(session === null ? [] : listGaps(session.db));
  },
  'provision.recordSignpost': async (request) => {
    const session = current();
    if (session === null) return err('not-signed-in');
    if (session.me.organisation === null) return err('no-organisation');
    const service = getService(session.db, request.serviceId);
    if (service === null) return err('not-found');
    const client = request.clientId === null ? null : getClient(session.db, request.clientId);
    if (request.clientId !== null && client === null) return err('client-not-found');
    const at = now();
    const signpost = {
      id: newId(),
      clientId: client?.id ?? null,
      serviceId: service.id,
      serviceName: service.name,
      organisationName: service.organization_name,
      issues: request.issues,
      recordedBy: session.me.user.name,
      recordedAt: at.toISOString(),
    };
    // Only the district travels (demand by area), never the postcode itself.
    const district = postcodeDistrictSchema.safeParse(
      client?.postcode ? postcodeDistrict(client.postcode) : null,
    ).data;
    const command: SignpostCommand = {
      type: 'signpost.record',
      mutationId: newId(),
      signpostId: signpost.id,
      serviceId: service.id,
      issues: request.issues,
      postcodeDistrict: district ?? null,
    };
    session.db.transaction(() => {
      saveSignpost(session.db, signpost);
      enqueue(session.db, command, at);
    })();
    emit({ topics: ['sync', 'clients'] });
    await settle();
    const saved = listSignposts(session.db, signpost.clientId).find((s) => s.id === signpost.id);
    return saved === undefined ? err('not-found') : ok(saved);
  },
  'provision.signposts': (request) => {
    const session = current();
    return Promise.resolve(session === null ? [] : listSignposts(session.db, request.clientId));
  },
  'provision.networkGaps': () =>
    signedInCall(current)(
      '/gaps',
      undefined,
      (v) => gapsResponseSchema.safeParse(v).data?.gaps ?? null,
    ),
});
