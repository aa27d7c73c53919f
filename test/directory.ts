import { createOrganisation, createService, createUser } from '#server/admin/directory.ts';
import type { OrganisationInput, ServiceInput, UserInput } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import type { Result } from '#src/result.ts';

/**
 * Adds directory records to a running test network, for desk and browser
 * tests (which may not import the server themselves).
 */
const must = <T>(result: Result<T, string>): T => {
  if (!result.ok) throw new Error(`set-up failed: ${result.reason} ${result.detail ?? ''}`);
  return result.value;
};

export const addOrganisation = async (db: Db, input: OrganisationInput) =>
  must(await createOrganisation(db, input));

export const addService = async (db: Db, input: ServiceInput) =>
  must(await createService(db, input)).id;

export const addUser = async (db: Db, input: UserInput) => must(await createUser(db, input));
