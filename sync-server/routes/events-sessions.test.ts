import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, createUser } from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { startServer, type RunningServer } from '#server/start.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  addLead,
  must,
  PASSWORD,
  seedTestNetwork,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { nudge, openEvents } from '#server/test-support/sse.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';
import { devicesResponseSchema, resetResponseSchema } from '#src/wire/accounts.ts';

/**
 * When a session ends — the account disabled, signed out, a device signed
 * out, a password reset — its open event stream is told and closed by the
 * server at once (#6). The tests await the stream's end itself: no sleeps.
 */
const SIGNED_OUT = 'event: signed-out\ndata: {}';

const call = async (
  url: string,
  token: string | null,
  path: string,
  body?: unknown,
  method?: string,
) =>
  fetch(`${url}${API}${path}`, {
    method: method ?? (body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token !== null && { authorization: `Bearer ${token}` }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });

const signIn = async (url: string, email: string, password = PASSWORD): Promise<string> => {
  const res = await call(url, null, '/auth/sign-in', { email, password, device: 'test' });
  return signInResponseSchema.parse(await res.json()).token;
};

describe.each(BACKENDS)('event streams of ended sessions on $name', (backend) => {
  let db: Db;
  let dbUrl: string | null;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let server: RunningServer;
  let co: string;
  let lead: string;
  let n = 0;

  /** A new adviser at the advice centre, so each test starts from a live account. */
  const adviser = async (): Promise<{ id: string; email: string }> => {
    n += 1;
    const email = `sam${String(n)}@northgate.test`;
    const made = must(
      await createUser(db, {
        email,
        name: `Sam ${String(n)}`,
        role: 'adviser',
        organisationId: net.organisations.advice.id,
        password: PASSWORD,
      }),
    );
    return { id: made.id, email };
  };

  /** Proves a stream is still open: a directory change reaches it. */
  const stillOpen = async (events: Awaited<ReturnType<typeof openEvents>>) => {
    const from = events.frames.length;
    must(
      await createService(db, {
        organisationId: net.organisations.housing.id,
        name: `Drop-in ${String(n)}`,
        description: 'Thursdays',
        issues: ['housing'],
      }),
    );
    await events.waitFor((f) => nudge(f) !== null, 5_000, from);
  };

  beforeAll(async () => {
    ({ db, url: dbUrl, drop } = await backend.open());
    net = await seedTestNetwork(db);
    server = await startServer({ db, port: 0, jobsEveryMs: 0 });
    co = await signIn(server.url, 'co@network.test');
    // Only the agency's own lead is given an adviser's reset code (#12).
    await addLead(db, net.organisations.advice.id, 'lead@northgate.test');
    lead = await signIn(server.url, 'lead@northgate.test');
  });
  afterAll(async () => {
    await server.close();
    await drop();
  });

  it('closes every stream of a disabled account, and nobody else’s', async () => {
    const sam = await adviser();
    const laptop = await openEvents(server.url, await signIn(server.url, sam.email));
    const desktop = await openEvents(server.url, await signIn(server.url, sam.email));
    const bob = await openEvents(server.url, await signIn(server.url, 'bob@riverside.test'));
    try {
      const res = await call(server.url, co, `/users/${sam.id}/disabled`, { disabled: true });
      expect(res.status).toBe(204);
      await Promise.all([laptop.ended, desktop.ended]);
      expect(laptop.frames.at(-1)).toBe(SIGNED_OUT);
      expect(desktop.frames.at(-1)).toBe(SIGNED_OUT);
      await stillOpen(bob);
      expect(bob.frames).not.toContain(SIGNED_OUT);
    } finally {
      await Promise.all([laptop, desktop, bob].map((e) => e.close()));
    }
  });

  it('closes only the stream of the session signed out, or of the device signed out', async () => {
    const sam = await adviser();
    const [a, b, c] = [
      await signIn(server.url, sam.email),
      await signIn(server.url, sam.email),
      await signIn(server.url, sam.email),
    ];
    const [ea, eb, ec] = [
      await openEvents(server.url, a),
      await openEvents(server.url, b),
      await openEvents(server.url, c),
    ];
    try {
      expect((await call(server.url, a, '/auth/sign-out', {})).status).toBe(204);
      await ea.ended;
      expect(ea.frames.at(-1)).toBe(SIGNED_OUT);
      // From C, sign B's device out.
      const { devices } = devicesResponseSchema.parse(
        await (await call(server.url, c, '/me/devices')).json(),
      );
      const other = devices.find((d) => !d.current);
      expect(devices).toHaveLength(2);
      const gone = await call(server.url, c, `/me/devices/${other?.id ?? ''}`, undefined, 'DELETE');
      expect(gone.status).toBe(204);
      await eb.ended;
      expect(eb.frames.at(-1)).toBe(SIGNED_OUT);
      await stillOpen(ec);
      expect(ec.frames).not.toContain(SIGNED_OUT);
    } finally {
      await Promise.all([ea, eb, ec].map((e) => e.close()));
    }
  });

  it('closes the streams of an account whose password is reset with a code', async () => {
    const sam = await adviser();
    const events = await openEvents(server.url, await signIn(server.url, sam.email));
    try {
      const reset = resetResponseSchema.parse(
        await (await call(server.url, lead, `/users/${sam.id}/reset`, {})).json(),
      );
      // Making the code ends nothing: the password still works until the code is used.
      await stillOpen(events);
      const accepted = await call(server.url, null, '/invitations/accept', {
        email: sam.email,
        code: reset.code ?? '',
        password: 'a completely new passphrase',
      });
      expect(accepted.status).toBe(204);
      await events.ended;
      expect(events.frames.at(-1)).toBe(SIGNED_OUT);
    } finally {
      await events.close();
    }
  });

  // Another instance hears it through LISTEN/NOTIFY: PostgreSQL only (PGlite serves one process).
  it.runIf(backend.name === 'postgres')(
    'closes a stream held by another server instance on the same database',
    async () => {
      const second = await startServer({ databaseUrl: dbUrl ?? '', port: 0, jobsEveryMs: 0 });
      try {
        const sam = await adviser();
        const events = await openEvents(second.url, await signIn(second.url, sam.email));
        try {
          const res = await call(server.url, co, `/users/${sam.id}/disabled`, { disabled: true });
          expect(res.status).toBe(204);
          await events.ended;
          expect(events.frames.at(-1)).toBe(SIGNED_OUT);
        } finally {
          await events.close();
        }
      } finally {
        await second.close();
      }
    },
  );
});
