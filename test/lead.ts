import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import { createUser } from '#server/admin/directory.ts';
import { PASSWORD } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/** Adds a lead to one of the test network's agencies (password PASSWORD, agreements accepted). */
export const addLead = async (
  net: TestNetwork,
  email: string,
  organisationId: string,
  name = 'Lena Lead',
): Promise<void> => {
  const made = await createUser(net.server.db, {
    email,
    name,
    role: 'lead',
    organisationId,
    password: PASSWORD,
  });
  if (!made.ok) throw new Error(`addLead: ${made.reason}`);
  await acceptAllAgreements(net.server.db);
};
