import { failureFor } from '#main/sync/server-api.ts';
import { err, ok, type Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { API, apiErrorSchema } from '#src/wire/api.ts';

/** The signed-in session a call is made for. */
export type CallSession = { serverUrl: string; token: string };

const REQUEST_TIMEOUT_MS = 15_000;

/** The server's reason-coded refusals, as the desk's reasons. */
export const reasonFor = async (res: globalThis.Response): Promise<Reason> => {
  const body: unknown = await res
    .clone()
    .json()
    .catch(() => null);
  const parsed = apiErrorSchema.safeParse(body);
  if (parsed.success) {
    const { error, detail } = parsed.data;
    if (error === 'weak-password') {
      return detail === 'too-common'
        ? 'password-too-common'
        : detail === 'same-as-before'
          ? 'password-same-as-before'
          : detail === 'like-account'
            ? 'password-like-account'
            : 'password-too-short';
    }
    if (error === 'invitation-invalid') return 'invitation-invalid';
    if (error === 'conflict' && detail === 'two-factor-first') return 'two-factor-first';
    if (error === 'conflict' && detail === 'account-exists') return 'account-exists';
    if (error === 'conflict' && detail === 'invitation-pending') return 'invitation-pending';
    if (error === 'conflict' && detail === 'category-exists') return 'category-exists';
    // Any other 409: the thing changed between the screen showing it and the request.
    if (error === 'conflict') return 'changed-meanwhile';
    if (error === 'forbidden' && detail === 'network-requires-two-factor') {
      return 'two-factor-kept-by-network';
    }
    if (error === 'forbidden') return 'not-allowed';
    if (error === 'agreement-needed') return 'agreement-needed';
    if (error === 'two-factor-invalid') return 'two-factor-invalid';
    if (error === 'not-found') return 'not-found';
  }
  return failureFor(res);
};

/**
 * One request to the server's API: GET when `body` is undefined, else POST
 * (or `method`). The answer's JSON (null for 204), or the refusal's reason.
 */
export const apiRequest = async (
  url: string,
  token: string | null,
  body: unknown,
  method?: 'DELETE',
): Promise<Result<unknown, Reason>> => {
  let res: globalThis.Response;
  try {
    res = await fetch(url, {
      method: method ?? (body === undefined ? 'GET' : 'POST'),
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token === null ? {} : { authorization: `Bearer ${token}` }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return err('server-unreachable');
  }
  if (!res.ok) return err(await reasonFor(res));
  if (res.status === 204) return ok(null);
  return ok(await res.json().catch(() => null));
};

/**
 * A signed-in call to `path` under the API, its answer checked by `parse`
 * (null: not what a Handover server answers).
 */
export const signedInCall =
  (session: () => CallSession | null) =>
  async <T>(
    path: string,
    body: unknown,
    parse: (value: unknown) => T | null,
    method?: 'DELETE',
  ): Promise<Result<T, Reason>> => {
    const s = session();
    if (s === null) return err('not-signed-in');
    const got = await apiRequest(`${s.serverUrl}${API}${path}`, s.token, body, method);
    if (!got.ok) return got;
    const value = parse(got.value);
    return value === null ? err('not-a-server') : ok(value);
  };
