import type { Migration } from '#main/store/open.ts';

/**
 * Migration 9 (#5): erasing a client also asks the network to erase them
 * from the referrals it holds (`referral.erase`, through the outbox). The
 * erasure record counts those referrals; no personal data.
 */
export const networkErasuresMigration: Migration = {
  version: 9,
  name: 'erasures: referrals the network is asked to erase',
  up: (db) => {
    db.exec(`ALTER TABLE erasures ADD COLUMN network_referrals INTEGER NOT NULL DEFAULT 0;`);
  },
};
