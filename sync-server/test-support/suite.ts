import { afterAll, beforeAll } from 'vitest';
import type { AppOptions } from '#server/app.ts';
import type { Db } from '#server/db/db.ts';
import type { Backend } from '#server/test-support/backends.ts';
import {
  addLead,
  seedTestNetwork,
  testApp,
  type TestNetwork,
} from '#server/test-support/network.ts';

export type ServerSuite = {
  db: Db;
  net: TestNetwork;
  t: ReturnType<typeof testApp>;
  /** Session tokens of the users signed in at the start, by email. */
  token: (email: string) => string;
};

/**
 * The set-up most server suites share, registered as the describe block's
 * beforeAll/afterAll: a fresh database on `backend`, the seeded test network,
 * any leads asked for, the app, and these users signed in. Read the fields
 * inside tests (they are filled in beforeAll).
 */
export const serverSuite = (
  backend: Backend,
  options: {
    signedIn: readonly string[];
    leads?: readonly { email: string; agency: keyof TestNetwork['organisations'] }[];
    app?: Omit<AppOptions, 'db'>;
  },
): ServerSuite => {
  const tokens = new Map<string, string>();
  let drop: () => Promise<void> = () => Promise.resolve();
  const suite = {
    token: (email: string): string => {
      const token = tokens.get(email);
      if (token === undefined) throw new Error(`${email} is not signed in in this suite`);
      return token;
    },
  } as ServerSuite;
  beforeAll(async () => {
    const opened = await backend.open();
    drop = opened.drop;
    suite.db = opened.db;
    suite.net = await seedTestNetwork(opened.db);
    for (const lead of options.leads ?? []) {
      await addLead(opened.db, suite.net.organisations[lead.agency].id, lead.email);
    }
    suite.t = testApp(opened.db, options.app ?? {});
    for (const email of options.signedIn) tokens.set(email, await suite.t.signIn(email));
  });
  afterAll(async () => {
    await suite.t.app.close();
    await drop();
  });
  return suite;
};
