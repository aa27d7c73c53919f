import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { startServer, type RunningServer } from '#server/start.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  must,
  PASSWORD,
  seedTestNetwork,
  sendCommand,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { nudge, openEvents } from '#server/test-support/sse.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';
import type { Command } from '#src/wire/commands.ts';

const signIn = async (url: string, email: string): Promise<string> => {
  const res = await fetch(`${url}${API}/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, device: 'test' }),
  });
  return signInResponseSchema.parse(await res.json()).token;
};

const post = (url: string, token: string, commands: Command[]) =>
  fetch(`${url}${API}/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ commands }),
  });

describe.each(BACKENDS)('event stream on $name', (backend) => {
  let db: Db;
  let dbUrl: string | null;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let server: RunningServer;

  beforeAll(async () => {
    ({ db, url: dbUrl, drop } = await backend.open());
    net = await seedTestNetwork(db);
    server = await startServer({ db, port: 0, heartbeatMs: 100 });
  });
  afterAll(async () => {
    await server.close();
    await drop();
  });

  it('nudges the receiving and sending agencies within moments, and not a third', async () => {
    const alice = await signIn(server.url, 'alice@northgate.test');
    const aliceEvents = await openEvents(server.url, alice);
    const bobEvents = await openEvents(server.url, await signIn(server.url, 'bob@riverside.test'));
    const carolEvents = await openEvents(
      server.url,
      await signIn(server.url, 'carol@eastfield.test'),
    );
    try {
      const started = Date.now();
      const res = await post(server.url, alice, [sendCommand(net.services.food)]);
      expect(res.status).toBe(200);
      const frame = await bobEvents.waitFor((f) => nudge(f) !== null, 1000);
      expect(Date.now() - started).toBeLessThan(1000);
      const [top] = await db.query<{ seq: number }>('select max(seq) as seq from changes');
      expect(nudge(frame)).toBe(top?.seq);
      await aliceEvents.waitFor((f) => nudge(f) === top?.seq, 1000);

      // Carol keeps getting heartbeats, but no nudge for a referral not hers.
      const seen = carolEvents.frames.length;
      await carolEvents.waitFor((f) => f === ': heartbeat', 1000, seen);
      await carolEvents.waitFor((f) => f === ': heartbeat', 1000, carolEvents.frames.length);
      expect(carolEvents.nudges()).toEqual([]);

      // A directory change is for everyone.
      must(
        await createService(db, {
          organisationId: net.organisations.housing.id,
          name: 'Evening drop-in',
          description: 'Thursdays',
          issues: ['housing'],
        }),
      );
      await carolEvents.waitFor((f) => nudge(f) !== null, 1000);
      await bobEvents.waitFor((f) => nudge(f) !== null && nudge(f) !== nudge(frame), 1000);
    } finally {
      await Promise.all([aliceEvents, bobEvents, carolEvents].map((e) => e.close()));
    }
  });

  it('refuses a stream without a token', async () => {
    const res = await fetch(`${server.url}${API}/events`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'unauthenticated' });
  });

  it('ends open streams when the server closes', async () => {
    const other = await startServer({ db, port: 0 });
    const events = await openEvents(other.url, await signIn(other.url, 'bob@riverside.test'));
    await other.close();
    await events.close();
  });

  // Fan-out between instances needs LISTEN/NOTIFY: PostgreSQL only. PGlite
  // serves one process, so there is no second instance to reach.
  it.runIf(backend.name === 'postgres')(
    'fans out to clients of another instance on the same database',
    async () => {
      const second = await startServer({ databaseUrl: dbUrl ?? '', port: 0 });
      try {
        const bob = await signIn(second.url, 'bob@riverside.test');
        const events = await openEvents(second.url, bob);
        try {
          const alice = await signIn(server.url, 'alice@northgate.test');
          await post(server.url, alice, [sendCommand(net.services.food)]);
          const [top] = await db.query<{ seq: number }>('select max(seq) as seq from changes');
          await events.waitFor((f) => nudge(f) === top?.seq, 2000);

          // And back: a command through the second reaches the first's clients.
          const back = await openEvents(server.url, alice);
          try {
            await post(second.url, bob, [sendCommand(net.services.debt)]);
            await back.waitFor((f) => nudge(f) !== null && (nudge(f) ?? 0) > (top?.seq ?? 0), 2000);
          } finally {
            await back.close();
          }
        } finally {
          await events.close();
        }
      } finally {
        await second.close();
      }
    },
  );
});
