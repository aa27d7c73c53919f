import { AuditLogSearch } from '#renderer/features/network/AuditPage.tsx';

/**
 * The agency's part of the audit log for its lead, newest first, searchable:
 * who did what, when (no client details). The server keeps it to the lead's
 * agency.
 */
export const Activity = () => (
  <section aria-labelledby="activity">
    <h2 id="activity">Recent activity in your agency</h2>
    <AuditLogSearch />
  </section>
);
