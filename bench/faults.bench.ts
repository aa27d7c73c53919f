import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDb } from '#server/db/open.ts';
import { seedTestNetwork, PASSWORD } from '#server/test-support/network.ts';
import { addTestClient, DESK_PASSPHRASE, referToFood, testDesks, waitFor } from '#test/desks.ts';
import type { Handlers } from '#src/contract.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import { percentile } from '#bench/stats.ts';

/**
 * Faults (#12): a real server in its own process, a real desk (encrypted
 * store, outbox, sync) sending referrals continuously through a TCP proxy.
 * kill -9 the server under load and restart it (PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set), and cut the desk's network for a while as it
 * keeps working offline. After each: every referral the desk queued reaches
 * the server exactly once, and the desk's copy equals the server's.
 * Loopback only; bounded in count and time.
 */
const KILLS = 3;
const OFFLINE_MS = 20_000;

const freePort = async (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });

type Backend = { name: string; env: Record<string, string>; drop: () => Promise<void> };

const pglite = async (): Promise<Backend> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-faults-'));
  const db = await openDb({ dataDir: dir });
  await seedTestNetwork(db);
  await db.close();
  return {
    name: 'PGlite',
    env: { HANDOVER_DATA_DIR: dir },
    drop: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  };
};

const postgres = async (adminUrl: string): Promise<Backend> => {
  const name = `handover_faults_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: url.toString() });
  await seedTestNetwork(db);
  await db.close();
  return {
    name: 'PostgreSQL',
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const again = new pg.Client({ connectionString: adminUrl });
      await again.connect();
      await again.query(`drop database if exists ${name} with (force)`);
      await again.end();
    },
  };
};

/** Starts `npm run server` in its own process; resolves once /health answers. */
const startServerProcess = async (
  port: number,
  env: Record<string, string>,
): Promise<{ child: ChildProcess; readyMs: number }> => {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', HANDOVER_DEMO: '0' },
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  await waitFor(async () => {
    if (child.exitCode !== null) throw new Error('the server exited');
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).ok ? true : null;
    } catch {
      return null;
    }
  }, 120_000);
  return { child, readyMs: performance.now() - started };
};

const kill9 = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/** The desk's outgoing referrals, and whether the outbox is empty. */
const deskView = async (h: Handlers) => {
  const list = await h['referrals.list']({ direction: 'outgoing' });
  return { ids: list.map((r) => r.referral.id), waiting: (await h['sync.status']({})).waiting };
};

/** Referral ids the server holds for the sender, read as Bob's agency (the receiver) sees them. */
const serverIds = async (baseUrl: string, token: string): Promise<string[]> => {
  const ids: string[] = [];
  let after = 0;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/v1/changes?after=${after}&limit=500`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as {
      changes: { kind: string; referral?: { id: string } }[];
      cursor: number;
      more: boolean;
    };
    for (const c of page.changes) if (c.referral) ids.push(c.referral.id);
    after = page.cursor;
    if (!page.more) break;
  }
  return ids;
};

const signIn = async (baseUrl: string, email: string): Promise<string> => {
  const res = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, device: 'faults' }),
  });
  return ((await res.json()) as { token: string }).token;
};

const runOn = async (backend: Backend): Promise<void> => {
  const port = await freePort();
  let server = await startServerProcess(port, backend.env);
  const proxy = await startProxy(port);
  const desks = testDesks();
  const recoveries: number[] = [];
  const converges: number[] = [];
  let queued = 0;
  /** Referrals the desk acknowledged (queued in its durable outbox). */
  const sent = new Set<string>();
  let lost = 0;
  let duplicates = 0;
  try {
    const d = await desks.open(proxy.url);
    const h = d.h;
    const signedIn = await h['session.signIn']({
      serverUrl: proxy.url,
      email: 'alice@northgate.test',
      password: PASSWORD,
    });
    if (!signedIn.ok) throw new Error(`sign-in: ${signedIn.reason}`);
    const unlocked = await h['session.unlock']({ passphrase: DESK_PASSPHRASE });
    if (!unlocked.ok) throw new Error(`unlock: ${unlocked.reason}`);
    const clientId = await addTestClient(h, { name: 'Fault Client', phone: '07700 900123' });

    // Load: the desk keeps sending referrals, whatever the server is doing.
    const load = { on: true };
    const loading = (async () => {
      while (load.on) {
        sent.add(await referToFood(h, clientId, `Load ${queued}`));
        queued += 1;
      }
    })();

    const converge = async (): Promise<number> => {
      const start = performance.now();
      await waitFor(async () => {
        await h['sync.now']({});
        return (await deskView(h)).waiting === 0 ? true : null;
      }, 300_000);
      return performance.now() - start;
    };

    // kill -9 the server under load, restart it, and wait until it answers.
    for (let i = 0; i < KILLS; i += 1) {
      const before = queued;
      await waitFor(async () => Promise.resolve(queued >= before + 3 ? true : null), 120_000);
      const killedAt = performance.now();
      await kill9(server.child);
      server = await startServerProcess(port, backend.env);
      recoveries.push(performance.now() - killedAt);
    }

    // Cut the desk's network while it keeps working offline, then restore.
    proxy.cut();
    const offlineFrom = queued;
    await new Promise((r) => setTimeout(r, OFFLINE_MS));
    load.on = false;
    await loading;
    const sentOffline = queued - offlineFrom;
    proxy.restore();
    converges.push(await converge());

    const bob = await signIn(`http://127.0.0.1:${port}`, 'bob@riverside.test');
    const onServer = await serverIds(`http://127.0.0.1:${port}`, bob);
    const unique = new Set(onServer);
    const mine = await deskView(h);
    lost = [...sent].filter((id) => !unique.has(id)).length;
    // Every referral on the server came from this desk: any it did not send is a duplicate.
    duplicates = [...unique].filter((id) => !sent.has(id)).length;
    const onServerCount = unique.size;

    console.log(
      `[${backend.name}] referrals queued on the desk: ${queued} (${sentOffline} while offline)`,
    );
    console.log(`[${backend.name}] referrals on the server: ${onServerCount}`);
    console.log(
      `recovery after kill -9 (${backend.name}) median: ${percentile(recoveries, 50).toFixed(0)} ms`,
    );
    console.log(
      `recovery after kill -9 (${backend.name}) max: ${Math.max(...recoveries).toFixed(0)} ms`,
    );
    console.log(
      `time to converge after ${OFFLINE_MS / 1000} s offline with its backlog (${backend.name}) median: ${percentile(converges, 50).toFixed(0)} ms`,
    );
    console.log(`commands acknowledged then lost (${backend.name}): ${lost}`);
    console.log(`duplicates (${backend.name}): ${duplicates}`);
    console.log(
      `outbox empty, no loss, no duplicate (${backend.name}): ${mine.waiting === 0 && lost === 0 && duplicates === 0 ? 'yes' : 'no'}`,
    );
  } finally {
    await desks.closeAll();
    await proxy.close();
    await kill9(server.child);
    await backend.drop();
  }
};

await runOn(await pglite());
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl) await runOn(await postgres(pgUrl));
process.exit(0);
