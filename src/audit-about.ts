import type { AuditAbout } from '#src/wire/accounts.ts';

/**
 * What an audit entry is about, in words (#12: the log showed raw ids):
 * "Referral from Northgate Advice Centre to Riverside Foodbank (Emergency
 * food parcels), sent Fri 20 Nov 2026". The caller formats the date.
 */
export const auditAboutText = (
  about: AuditAbout,
  formatInstant: (iso: string) => string,
): string => {
  switch (about.kind) {
    case 'referral':
      return `Referral ${about.from === null ? 'made by a member of the public' : `from ${about.from}`} to ${about.to} (${about.service}), sent ${formatInstant(about.sentAt)}`;
    case 'person':
    case 'agency':
      return about.name;
    case 'service':
      return `${about.name}, ${about.agency}`;
  }
};
