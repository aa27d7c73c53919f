import type { z } from 'zod';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import {
  API,
  apiErrorSchema,
  changesResponseSchema,
  meSchema,
  signInResponseSchema,
} from '#src/wire/api.ts';
import type { ChangesResponse, Me, SignInRequest, SignInResponse } from '#src/wire/api.ts';
import { commandResultsSchema } from '#src/wire/commands.ts';
import type { CommandResult, OutboxCommand } from '#src/wire/commands.ts';

/**
 * The desk's side of the sync server's HTTP API. Every answer is parsed with
 * the shared schemas; a failure is a reason code, never an exception.
 */
export type ApiFailure =
  | 'invalid-text'
  | 'server-unreachable'
  | 'not-a-server'
  | 'server-error'
  | 'bad-credentials'
  | 'unauthenticated'
  | 'rate-limited'
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'two-factor-required'
  | 'two-factor-invalid'
  | 'two-factor-setup-required'
  | 'password-change-required';

const REQUEST_TIMEOUT_MS = 15_000;

/** Accepts "host:port" or a full URL; returns the origin with no trailing slash. */
export const normaliseServerUrl = (input: string): string | null => {
  const withScheme = /^https?:\/\//i.test(input) ? input : `http://${input}`;
  try {
    const url = new URL(withScheme);
    return url.origin;
  } catch {
    return null;
  }
};

export const failureFor = async (res: globalThis.Response): Promise<ApiFailure> => {
  const body: unknown = await res.json().catch(() => null);
  const parsed = apiErrorSchema.safeParse(body);
  if (!parsed.success) return res.status >= 500 ? 'server-error' : 'not-a-server';
  switch (parsed.data.error) {
    case 'bad-credentials':
    case 'unauthenticated':
    case 'rate-limited':
    case 'forbidden':
    case 'not-found':
    case 'two-factor-required':
    case 'two-factor-invalid':
    case 'two-factor-setup-required':
    case 'password-change-required':
    case 'invalid-text':
      return parsed.data.error;
    case 'bad-request':
    case 'too-large':
      return 'invalid';
    default:
      return 'server-error';
  }
};

const call = async <S extends z.ZodType>(
  url: string,
  init: RequestInit,
  schema: S,
): Promise<Result<z.output<S>, ApiFailure>> => {
  let res: globalThis.Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch {
    return err('server-unreachable');
  }
  if (!res.ok) return err(await failureFor(res));
  const body: unknown = await res.json().catch(() => undefined);
  const parsed = schema.safeParse(body);
  return parsed.success ? ok(parsed.data) : err('not-a-server');
};

const json = (token: string | null, body?: unknown): RequestInit => ({
  method: body === undefined ? 'GET' : 'POST',
  headers: {
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...(token === null ? {} : { authorization: `Bearer ${token}` }),
  },
  ...(body === undefined ? {} : { body: JSON.stringify(body) }),
});

export const signIn = (
  serverUrl: string,
  request: SignInRequest,
): Promise<Result<SignInResponse, ApiFailure>> =>
  call(`${serverUrl}${API}/auth/sign-in`, json(null, request), signInResponseSchema);

export type ServerApi = {
  readonly serverUrl: string;
  me(): Promise<Result<Me, ApiFailure>>;
  sendCommands(commands: OutboxCommand[]): Promise<Result<CommandResult[], ApiFailure>>;
  changes(after: number, limit: number): Promise<Result<ChangesResponse, ApiFailure>>;
  signOut(): Promise<void>;
  /**
   * Opens the server-sent events stream; `onNudge` runs when something for
   * this agency changed. Resolves when the stream ends or fails, or with
   * 'unauthenticated' when the server says the session has ended.
   */
  listen(
    onOpen: () => void,
    onNudge: () => void,
    signal: AbortSignal,
  ): Promise<ApiFailure | 'closed'>;
};

export const serverApi = (serverUrl: string, token: string): ServerApi => ({
  serverUrl,
  me: () => call(`${serverUrl}${API}/me`, json(token), meSchema),
  sendCommands: async (commands) => {
    const result = await call(
      `${serverUrl}${API}/commands`,
      json(token, { commands }),
      commandResultsSchema,
    );
    return result.ok ? ok(result.value.results) : result;
  },
  changes: (after, limit) =>
    call(
      `${serverUrl}${API}/changes?after=${after}&limit=${limit}`,
      json(token),
      changesResponseSchema,
    ),
  signOut: async () => {
    await fetch(`${serverUrl}${API}/auth/sign-out`, json(token, {})).catch(() => undefined);
  },
  listen: async (onOpen, onNudge, signal) => {
    let res: globalThis.Response;
    try {
      res = await fetch(`${serverUrl}${API}/events`, {
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        signal,
      });
    } catch {
      return signal.aborted ? 'closed' : 'server-unreachable';
    }
    if (!res.ok || res.body === null) return res.ok ? 'not-a-server' : failureFor(res);
    onOpen();
    const decoder = new TextDecoder();
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const lines = message.split('\n');
          // The server ended this session (disabled, signed out elsewhere): stop at once (#6).
          if (lines.includes('event: signed-out')) {
            await reader.cancel().catch(() => undefined);
            return 'unauthenticated';
          }
          if (lines.some((line) => line.startsWith('event: changes'))) onNudge();
        }
      }
    } catch {
      return signal.aborted ? 'closed' : 'server-unreachable';
    }
    return signal.aborted ? 'closed' : 'server-unreachable';
  },
});
