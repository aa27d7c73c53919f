import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNetwork,
  createOrganisation,
  createService,
  createUser,
} from '#server/admin/directory.ts';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import { startServer, type StartOptions } from '#server/start.ts';
import type { Result } from '#src/result.ts';

/**
 * A real sync server on PGlite (in a temp data directory) with a small
 * network: three agencies, a service each, an adviser each. Tests and the
 * end-to-end suite start from here.
 */
export const PASSWORD = 'correct horse battery staple';

const must = <T>(result: Result<T, string>): T => {
  if (!result.ok)
    throw new Error(`test network set-up failed: ${result.reason} ${result.detail ?? ''}`);
  return result.value;
};

export type TestNetwork = Awaited<ReturnType<typeof startTestNetwork>>;

export const startTestNetwork = async (
  options: Pick<StartOptions, 'heartbeatMs' | 'now' | 'jobsEveryMs' | 'smtp'> = {},
) => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-net-'));
  const server = await startServer({
    port: 0,
    dataDir: join(dir, 'pglite'),
    log: false,
    ...options,
  });
  const { db } = server;
  // Sessions as long as the settings allow, so tests that move the clock keep them (#12).
  must(
    await createNetwork(db, {
      name: 'Test Town Advice Network',
      settings: { sessionIdleHours: 14 * 24, sessionMaxDays: 365 },
    }),
  );
  const advice = must(
    await createOrganisation(db, { name: 'Northgate Advice Centre', nation: 'england-and-wales' }),
  );
  const foodbank = must(
    await createOrganisation(db, { name: 'Riverside Foodbank', nation: 'england-and-wales' }),
  );
  const housing = must(
    await createOrganisation(db, { name: 'Eastfield Housing Trust', nation: 'england-and-wales' }),
  );
  const debtAdvice = must(
    await createService(db, {
      organisationId: advice.id,
      name: 'Debt advice',
      description: 'Help with priority debts, bailiffs and insolvency.',
      issues: ['debt'],
    }),
  );
  const foodParcels = must(
    await createService(db, {
      organisationId: foodbank.id,
      name: 'Emergency food parcels',
      description: 'Three days of food for a household in crisis, delivered or collected.',
      issues: ['food-support'],
    }),
  );
  const pausedHousing = must(
    await createService(db, {
      organisationId: housing.id,
      name: 'Tenancy support',
      description: 'Help to keep a tenancy: arrears, repairs, neighbour disputes.',
      issues: ['housing'],
      receiving: { state: 'paused', until: '2099-01-04', reason: 'Team at capacity' },
    }),
  );
  const user = async (email: string, name: string, organisationId: string) =>
    must(
      await createUser(db, { email, name, role: 'adviser', organisationId, password: PASSWORD }),
    );
  const alice = await user('alice@northgate.test', 'Alice Adviser', advice.id);
  const bob = await user('bob@riverside.test', 'Bob Receiver', foodbank.id);
  const carol = await user('carol@eastfield.test', 'Carol Outsider', housing.id);
  // Everyone has accepted the agreements, so tests start from a working network.
  await acceptAllAgreements(db);
  return {
    server,
    organisations: { advice, foodbank, housing },
    services: { debtAdvice, foodParcels, pausedHousing },
    users: { alice, bob, carol },
    close: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
