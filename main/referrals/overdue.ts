import { err, ok, type Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { API } from '#src/wire/api.ts';
import { overdueResponseSchema, type OverdueResponse } from '#src/wire/overdue.ts';
import { failureFor } from '#main/sync/server-api.ts';

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The server's list of referrals the agency has let run late (for a lead):
 * asked of the server, not worked out here, because it is the network's
 * record that counts, and it holds routing metadata only.
 */
export const fetchOverdue = async (
  serverUrl: string,
  token: string,
): Promise<Result<OverdueResponse, Reason>> => {
  let res: globalThis.Response;
  try {
    res = await fetch(`${serverUrl}${API}/overdue-referrals`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return err('server-unreachable');
  }
  if (!res.ok) return err(await failureFor(res));
  const parsed = overdueResponseSchema.safeParse(await res.json().catch(() => null));
  return parsed.success ? ok(parsed.data) : err('not-a-server');
};
