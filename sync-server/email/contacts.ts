import { z } from 'zod';
import type { Db } from '#server/db/db.ts';
import { err, ok, type Result } from '#src/result.ts';

const emailSchema = z.email().max(320);

/**
 * Sets the address an agency's new-referral emails go to (its designated
 * contact, often a shared inbox); null goes back to emailing its leads.
 */
export const setAgencyContact = async (
  db: Db,
  organisationId: string,
  email: string | null,
): Promise<Result<string | null, 'invalid' | 'organisation-not-found'>> => {
  const address = email === null ? null : email.trim().toLowerCase();
  if (address !== null && !emailSchema.safeParse(address).success) return err('invalid');
  const updated = await db.query(
    'update organisations set notify_email = $2 where id = $1 returning id',
    [organisationId, address],
  );
  return updated.length === 0 ? err('organisation-not-found') : ok(address);
};
