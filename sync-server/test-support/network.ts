import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOptions } from '#server/app.ts';
import {
  createNetwork,
  createOrganisation,
  createService,
  createUser,
} from '#server/admin/directory.ts';
import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import type { Db } from '#server/db/db.ts';
import type { Result } from '#src/result.ts';
import { newId } from '#src/ids.ts';
import type { Nation } from '#src/nations.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';
import type { Command, OutboxCommand } from '#src/wire/commands.ts';

export const PASSWORD = 'correct horse battery staple';

export const must = <T>(result: Result<T, string>): T => {
  if (!result.ok) throw new Error(`set-up failed: ${result.reason} ${result.detail ?? ''}`);
  return result.value;
};

/**
 * Test networks keep sessions as long as the settings allow (#12), so suites
 * that move the server's clock on by days keep their tokens. The lifetimes'
 * own tests set them (sync-server/auth/session-lifetimes.test.ts).
 */
export const TEST_SESSION_LIFETIMES = { sessionIdleHours: 14 * 24, sessionMaxDays: 365 };

/** A clock the test moves by hand. Starts on Friday 20 November 2026, 10:00 UTC. */
export const testClock = (start = '2026-11-20T10:00:00.000Z') => {
  let t = new Date(start);
  return {
    now: () => new Date(t),
    set: (iso: string) => {
      t = new Date(iso);
    },
  };
};

/**
 * A small network on `db`: an advice centre (referrer), a foodbank
 * (receiver), a housing trust (the third party that must see nothing) and a
 * Scottish agency, each with a receiving service and one adviser, plus a
 * paused service and a coordinator.
 */
export const seedTestNetwork = async (db: Db) => {
  must(await createNetwork(db, { name: 'Test network', settings: TEST_SESSION_LIFETIMES }));
  const org = async (name: string, nation: Nation = 'england-and-wales') =>
    must(await createOrganisation(db, { name, nation }));
  const advice = await org('Northgate Advice Centre');
  const foodbank = await org('Riverside Foodbank');
  const housing = await org('Eastfield Housing Trust');
  const highland = await org('Highland Money Advice', 'scotland');
  const service = async (organisationId: string, name: string, paused = false) =>
    must(
      await createService(db, {
        organisationId,
        name,
        description: `${name}: test service`,
        issues: ['debt', 'food-support'],
        ...(paused && {
          receiving: { state: 'paused' as const, until: '2099-01-05', reason: 'At capacity' },
        }),
      }),
    ).id;
  const services = {
    debt: await service(advice.id, 'Debt advice'),
    food: await service(foodbank.id, 'Emergency food parcels'),
    tenancy: await service(housing.id, 'Tenancy support'),
    pausedTenancy: await service(housing.id, 'Homelessness prevention', true),
    scottishDebt: await service(highland.id, 'Debt advice (Highland)'),
  };
  const user = async (email: string, organisationId: string | null, role = 'adviser' as const) =>
    must(
      await createUser(db, {
        email,
        name: email.split('@')[0] ?? email,
        role,
        organisationId,
        password: PASSWORD,
      }),
    );
  const users = {
    alice: await user('alice@northgate.test', advice.id),
    bob: await user('bob@riverside.test', foodbank.id),
    carol: await user('carol@eastfield.test', housing.id),
    hamish: await user('hamish@highland.test', highland.id),
    coordinator: must(
      await createUser(db, {
        email: 'co@network.test',
        name: 'Coordinator',
        role: 'coordinator',
        organisationId: null,
        password: PASSWORD,
      }),
    ),
  };
  // Everyone has clicked through the agreements (accounts/agreements.ts), so
  // tests of other features start from a working network.
  await acceptAllAgreements(db);
  return { organisations: { advice, foodbank, housing, highland }, services, users };
};

export type TestNetwork = Awaited<ReturnType<typeof seedTestNetwork>>;

/** Adds an agency lead (password PASSWORD, agreements accepted) and returns their id. */
export const addLead = async (
  db: Db,
  organisationId: string,
  email: string,
  name = 'Agency Lead',
): Promise<string> => {
  const lead = must(
    await createUser(db, { email, name, role: 'lead', organisationId, password: PASSWORD }),
  );
  await acceptAllAgreements(db);
  return lead.id;
};

/** A built (not listening) app on `db`, with helpers speaking the API through inject. */
export const testApp = (db: Db, options: Omit<AppOptions, 'db'> = {}) => {
  const app: FastifyInstance = buildApp({ db, ...options });
  const signIn = async (email: string, password = PASSWORD): Promise<string> => {
    const res = await app.inject({
      method: 'POST',
      url: `${API}/auth/sign-in`,
      payload: { email, password, device: 'test' },
    });
    if (res.statusCode !== 200) throw new Error(`sign-in ${email}: ${res.statusCode} ${res.body}`);
    return signInResponseSchema.parse(res.json()).token;
  };
  const auth = (token: string) => ({ authorization: `Bearer ${token}` });
  const get = (token: string, url: string) =>
    app.inject({ method: 'GET', url: `${API}${url}`, headers: auth(token) });
  const commands = (token: string, cmds: OutboxCommand[]) =>
    app.inject({
      method: 'POST',
      url: `${API}/commands`,
      headers: auth(token),
      payload: { commands: cmds },
    });
  return { app, signIn, auth, get, commands };
};

/** A valid `referral.send` for `serviceId`; override any field. */
export const sendCommand = (
  serviceId: string,
  overrides: Partial<Extract<Command, { type: 'referral.send' }>> = {},
): Extract<Command, { type: 'referral.send' }> => ({
  type: 'referral.send',
  mutationId: newId(),
  referralId: newId(),
  serviceId,
  issues: ['food-support'],
  urgent: false,
  payload: {
    client: {
      name: 'Jane Testclient',
      dateOfBirth: '1980-02-03',
      phone: '07700 900123',
      email: null,
      address: '1 Test Street',
      postcode: 'NR1 3AB',
      preferredContact: 'phone',
    },
    needs: 'No food in the house until payday.',
  },
  consent: {
    givenBy: 'client',
    representativeName: null,
    method: 'in-person',
    at: '2026-11-20T09:55:00.000Z',
    recordedBy: 'Alice Adviser',
    shared: ['name', 'dateOfBirth', 'phone', 'address', 'postcode', 'preferredContact'],
  },
  ...overrides,
});

/** A lifecycle command on `referralId` with a fresh mutation id. */
export const act = <T extends Exclude<Command['type'], 'referral.send'>>(
  type: T,
  referralId: string,
  extra: Omit<Extract<Command, { type: T }>, 'type' | 'mutationId' | 'referralId'>,
): Command =>
  ({ type, mutationId: newId(), referralId, ...extra }) as Extract<Command, { type: T }>;

/** Counts of every table a command may write: equal before and after = nothing changed. */
export const rowCounts = async (db: Db): Promise<Record<string, number>> => {
  const tables = [
    'referrals',
    'referral_payloads',
    'referral_events',
    'applied_mutations',
    'changes',
    'sessions',
  ];
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const [row] = await db.query<{ n: number }>(`select count(*) as n from ${t}`);
    counts[t] = row?.n ?? -1;
  }
  return counts;
};
