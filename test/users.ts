import { createUser } from '#server/admin/directory.ts';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import type { Db } from '#server/db/db.ts';
import { PASSWORD } from '#test/network.ts';

/** Adds a user to a test network's server (desk tests may not import the server). */
export const addTestUser = async (
  db: Db,
  user: { email: string; name: string; role: 'adviser' | 'lead'; organisationId: string },
): Promise<void> => {
  const made = await createUser(db, { ...user, password: PASSWORD });
  if (!made.ok) throw new Error(`test user ${user.email}: ${made.reason}`);
};

/** Accepts the agreements for users added after the network was set up, so they can refer. */
export const acceptTestAgreements = (db: Db): Promise<void> => acceptAllAgreements(db);
