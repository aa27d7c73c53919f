import type { DeskEvent, Handlers, SetAsideCommand } from '#src/contract.ts';
import { isReason } from '#src/reasons.ts';
import { err, ok } from '#src/result.ts';
import { newId } from '#src/ids.ts';
import { outboxCommandSchema } from '#src/wire/commands.ts';
import type { OutboxCommand } from '#src/wire/commands.ts';
import type { Database } from '#main/store/open.ts';
import { discardSetAside, getSetAside, listSetAside, returnToOutbox } from '#main/store/outbox.ts';
import type { SetAsideRow } from '#main/store/outbox.ts';
import { clearRefusal } from '#main/store/referrals.ts';
import { clearServiceRefusal } from '#main/directory/refusals.ts';

type Deps = {
  session: () => { db: Database } | null;
  emit: (event: DeskEvent) => void;
  /** Lets the sync engine deliver, so the answer shows what happened to a resent message. */
  settle: () => Promise<void>;
};

/** The words the adviser wrote in a command, which they may fix before sending it again. */
const wordsOf = (command: OutboxCommand): string | null => {
  switch (command.type) {
    case 'referral.note':
    case 'referral.decline':
    case 'referral.unable-to-contact':
    case 'referral.withdraw':
      return command.text;
    case 'referral.close':
      return command.outcome;
    default:
      return null;
  }
};

const withWords = (command: OutboxCommand, text: string): OutboxCommand | null => {
  switch (command.type) {
    case 'referral.note':
    case 'referral.decline':
    case 'referral.unable-to-contact':
    case 'referral.withdraw':
      return { ...command, text };
    case 'referral.close':
      return { ...command, outcome: text };
    default:
      return null;
  }
};

const view = (row: SetAsideRow): SetAsideCommand => ({
  mutationId: row.mutationId,
  type: row.command.type,
  referralId: 'referralId' in row.command ? row.command.referralId : null,
  kind: row.kind,
  reason: isReason(row.reason) ? row.reason : 'command-unreadable',
  text: wordsOf(row.command),
  setAsideAt: row.setAsideAt,
  held: row.held,
});

const list = (db: Database): SetAsideCommand[] => listSetAside(db).map(view);

/**
 * Messages set aside from the outbox (#12): the adviser sees each with its
 * reason, fixes its words and sends it again, or discards it.
 */
export const setAsideHandlers = ({
  session: current,
  emit,
  settle,
}: Deps): Pick<Handlers, 'outbox.setAside' | 'outbox.resend' | 'outbox.discard'> => ({
  'outbox.setAside': () => {
    const session = current();
    return Promise.resolve(session === null ? [] : list(session.db));
  },
  'outbox.resend': async (request) => {
    const session = current();
    if (session === null) return err('not-signed-in');
    const { db } = session;
    const row = getSetAside(db, request.mutationId);
    if (row === null) return err('set-aside-not-found');
    let command: OutboxCommand | null = row.command;
    if (request.text !== undefined) {
      command = withWords(row.command, request.text);
      if (command === null) return err('set-aside-no-text');
    }
    // A rejection is an answer the server has stored under the mutation id:
    // sent again under it, the same answer would come back. So it goes as a
    // new mutation (a note as a new note). A refused or undeliverable one
    // goes under its own id: the server stored nothing for it, or, if it did
    // apply it after all before failing, it must not apply it twice.
    if (row.kind === 'rejected') {
      command = { ...command, mutationId: newId() };
      if (command.type === 'referral.note') command = { ...command, noteId: newId() };
    }
    const checked = outboxCommandSchema.safeParse(command);
    if (!checked.success) return err('invalid');
    const resent = checked.data;
    db.transaction(() => {
      returnToOutbox(db, row.mutationId, resent);
      // A new attempt replaces the explanation of the refused one.
      if ('referralId' in resent) clearRefusal(db, resent.referralId);
      if ('serviceId' in resent) clearServiceRefusal(db, resent.serviceId);
    })();
    emit({ topics: ['sync', 'referrals'] });
    await settle();
    return ok(list(db));
  },
  'outbox.discard': async (request) => {
    const session = current();
    if (session === null) return err('not-signed-in');
    const { db } = session;
    if (getSetAside(db, request.mutationId) === null) return err('set-aside-not-found');
    discardSetAside(db, request.mutationId);
    emit({ topics: ['sync', 'referrals'] });
    // What it held back goes on now.
    await settle();
    return ok(list(db));
  },
});
