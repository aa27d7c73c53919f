import type { OutboxCommand } from '#src/wire/commands.ts';
import type { Database } from '#main/store/open.ts';
import { markRefused } from '#main/store/referrals.ts';
import { markRecordRefused } from '#main/directory/provision-store.ts';

/**
 * What the desk remembers when the server refuses a command: on the referral
 * for referral commands; for a directory command, beside the service (in the
 * store's key-value table, under a key of its own), so the lead sees why the
 * change did not happen. The next change of that service clears it.
 */
const key = (serviceId: string): string => `service-refused:${serviceId}`;

export const markCommandRefused = (db: Database, command: OutboxCommand, reason: string): void => {
  if (
    command.type === 'service.setReceiving' ||
    command.type === 'service.update' ||
    command.type === 'service.confirmReview' ||
    command.type === 'service.create'
  ) {
    db.prepare(
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(key(command.serviceId), reason);
  } else if (command.type === 'gap.record') {
    markRecordRefused(db, 'gap', command.gapId, reason);
  } else if (command.type === 'signpost.record') {
    markRecordRefused(db, 'signpost', command.signpostId, reason);
  } else {
    markRefused(db, command.referralId, reason);
  }
};

export const serviceRefusal = (db: Database, serviceId: string): string | null =>
  db
    .prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?')
    .get(key(serviceId))?.value ?? null;

export const clearServiceRefusal = (db: Database, serviceId: string): void => {
  db.prepare('DELETE FROM meta WHERE key = ?').run(key(serviceId));
};
