import type { DeskEvent } from '#src/contract.ts';
import type { Desk } from '#main/desk-api.ts';
import { dispatch } from '#main/dispatch.ts';
import type { DispatchOutcome } from '#main/dispatch.ts';
import { INVOKE_CHANNEL } from '#main/electron/ipc-channels.ts';
import type { SenderFrame } from '#main/electron/security.ts';

/**
 * Main's side of the bridge. Written against the few members of ipcMain it
 * uses, so it is tested with a plain object; main.ts passes the real ipcMain.
 */

export type InvokeEvent = { readonly senderFrame: SenderFrame | null };

export type IpcMainLike = {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
};

/** What crosses back to the preload: dispatch's outcome, or a refusal before dispatch. */
export type InvokeOutcome =
  DispatchOutcome | { ok: false; error: 'untrusted-sender'; detail: string };

/**
 * Registers the one handler for contract calls. A message from a frame the
 * app did not load is refused without reaching the desk; everything else
 * goes through `dispatch`, which checks the channel and parses the request.
 * Returns a function that removes the handler.
 */
export const registerDeskIpc = (
  ipc: IpcMainLike,
  desk: Desk,
  isTrustedSender: (frame: SenderFrame | null) => boolean,
): (() => void) => {
  ipc.handle(INVOKE_CHANNEL, async (event, channel, request): Promise<InvokeOutcome> => {
    if (!isTrustedSender(event.senderFrame))
      return { ok: false, error: 'untrusted-sender', detail: 'This window may not use Handover.' };
    if (typeof channel !== 'string')
      return { ok: false, error: 'unknown-channel', detail: typeof channel };
    return dispatch(desk, channel, request);
  });
  return () => {
    ipc.removeHandler(INVOKE_CHANNEL);
  };
};

/** An OS notification's words. Never names a client or says anything about them. */
export type Notice = { title: string; body: string };

export const arrivalNotice = (event: DeskEvent): Notice | null => {
  const arrived = event.arrived ?? 0;
  if (!Number.isInteger(arrived) || arrived <= 0) return null;
  return {
    title: 'New referral received',
    body:
      arrived === 1
        ? 'A referral is waiting for your agency in Handover.'
        : `${arrived} referrals are waiting for your agency in Handover.`,
  };
};

/** Forwards every desk event to the window, and a notification when referrals arrive. */
export const forwardDeskEvents = (
  desk: Pick<Desk, 'subscribe'>,
  to: { send(event: DeskEvent): void; notify(notice: Notice): void },
): (() => void) =>
  desk.subscribe((event) => {
    to.send(event);
    const notice = arrivalNotice(event);
    if (notice !== null) to.notify(notice);
  });
