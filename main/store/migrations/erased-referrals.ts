import type { Migration } from '#main/store/open.ts';

/**
 * Migration 7: when the client a local copy of a referral was about was
 * erased on request (#5). Such a copy keeps only routing metadata: its
 * client details, needs and free-text notes are scrubbed, and stay scrubbed
 * when the network sends the referral again.
 */
export const erasedReferralsMigration: Migration = {
  version: 7,
  name: 'referrals whose client was erased',
  up: (db) => {
    db.exec(`ALTER TABLE referrals ADD COLUMN client_erased_at TEXT;`);
  },
};
