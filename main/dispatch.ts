import { isChannel, parseRequest } from '#src/contract.ts';
import type { Channel, Response } from '#src/contract.ts';
import type { Desk } from '#main/desk-api.ts';

export type DispatchOutcome =
  | { ok: true; response: Response<Channel> }
  | { ok: false; error: 'unknown-channel' | 'bad-request' | 'invalid-text'; detail: string };

/**
 * The one door from a renderer (IPC or web mode) into the desk: the channel
 * must be in the contract and the request must parse with its schema.
 * Everything arriving here is treated as hostile.
 */
export const dispatch = async (
  desk: Desk,
  channel: string,
  body: unknown,
): Promise<DispatchOutcome> => {
  if (!isChannel(channel))
    return { ok: false, error: 'unknown-channel', detail: channel.slice(0, 80) };
  const parsed = parseRequest(channel, body);
  if (!parsed.ok)
    return {
      ok: false,
      // Text with NUL or control characters never reaches a handler, nor the outbox (#12).
      error: parsed.reason === 'invalid-text' ? 'invalid-text' : 'bad-request',
      detail: parsed.detail,
    };
  // The parsed request matches this channel's schema, so it fits its handler.
  const handler = desk.handlers[channel] as (req: unknown) => Promise<Response<Channel>>;
  return { ok: true, response: await handler(parsed.value) };
};
