import type { Handlers } from '#src/contract.ts';
import { err, ok, type Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import {
  AGENCY_CONTACT_PATH,
  agencyContactSchema,
  type AgencyContact,
} from '#src/wire/agency-contact.ts';
import type { ReferralSession } from '#main/referrals/handlers.ts';
import { failureFor } from '#main/sync/server-api.ts';

const REQUEST_TIMEOUT_MS = 10_000;

/** Asks the server (online only): the address is the network's record, not the desk's. */
const exchange = async (
  session: ReferralSession,
  init: RequestInit,
): Promise<Result<AgencyContact, Reason>> => {
  let res: globalThis.Response;
  try {
    res = await fetch(`${session.serverUrl}${API}${AGENCY_CONTACT_PATH}`, {
      ...init,
      headers: {
        authorization: `Bearer ${session.token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return err('server-unreachable');
  }
  if (!res.ok) return err(await failureFor(res));
  const parsed = agencyContactSchema.safeParse(await res.json().catch(() => null));
  return parsed.success ? ok(parsed.data) : err('not-a-server');
};

/** The lead sets where the agency's new-referral emails go (#3). */
export const agencyContactHandlers = ({
  session: current,
}: {
  session: () => ReferralSession | null;
}): Pick<Handlers, 'agency.contact' | 'agency.setContact'> => {
  const lead = (): ReferralSession | Reason => {
    const session = current();
    if (session === null) return 'not-signed-in';
    return can(session.me.user.role, 'agency.settings') ? session : 'not-allowed';
  };
  return {
    'agency.contact': async () => {
      const session = lead();
      return typeof session === 'string' ? err(session) : exchange(session, { method: 'GET' });
    },
    'agency.setContact': async ({ email }) => {
      const session = lead();
      if (typeof session === 'string') return err(session);
      return exchange(session, {
        method: 'PUT',
        body: JSON.stringify({ email: email === '' ? null : email }),
      });
    },
  };
};
