import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { openDb } from '#server/db/open.ts';
import { seedTestNetwork, PASSWORD } from '#server/test-support/network.ts';
import { addTestClient, DESK_PASSPHRASE, referToFood, testDesks, waitFor } from '#test/desks.ts';
import type { Handlers } from '#src/contract.ts';
import { isReason, reasonText } from '#src/reasons.ts';
import { startProxy } from '#test/tcp-proxy.ts';
import { percentile } from '#bench/stats.ts';
import { createKeyCustody } from '#main/keys/custody.ts';
import { getMeta } from '#main/store/meta.ts';
import { openStore } from '#main/store/open.ts';
import { MIGRATIONS } from '#main/store/schema.ts';

/**
 * Faults (#12): a real server in its own process, a real desk (encrypted
 * store, outbox, sync) sending referrals continuously through a TCP proxy.
 * kill -9 the server under load and restart it (PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set), and cut the desk's network for a while as it
 * keeps working offline (FAULTS_OFFLINE_S seconds, 60 by default). Then,
 * with a desk in a child process (faults-desk-child.ts): SIGKILL it while it
 * pushes its outbox and while it pulls the change feed (on the moment it
 * reports over IPC), reopen its encrypted store in a new process and let it
 * finish; and run desks whose computer's clock is hours ahead or behind.
 * After each: every referral a desk accepted reaches the server exactly once,
 * and the desk's copy equals the server's. Loopback only; bounded in count and time.
 */
const KILLS = 3;
const OFFLINE_MS = Number(process.env.FAULTS_OFFLINE_S ?? '60') * 1000;
/** Referrals the desk queues while offline, spread over the cut: bounded whatever its length. */
const OFFLINE_SENDS = 1_000;
/** Desk processes killed while pushing; each accepts up to PUSH_SENDS referrals first. */
const DESK_KILLS = 3;
const PUSH_SENDS = 30;
/** A small feed page, so a desk pulling from the start reads many. */
const PULL_PAGE = 10;
const SKEWS_HOURS = [6, -6];
const SKEW_SENDS = 10;
const ALICE = 'alice@northgate.test';
const CHILD = join(import.meta.dirname, 'faults-desk-child.ts');

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

type FeedReferral = { id: string; sentAt: string; payload: { needs: string } };

/**
 * The referrals in an organisation's change feed, in feed order, read in
 * pages of `limit` up to `until` (a cursor) or the end.
 */
const feedReferrals = async (
  baseUrl: string,
  token: string,
  limit = 500,
  until = Number.POSITIVE_INFINITY,
): Promise<FeedReferral[]> => {
  const found: FeedReferral[] = [];
  let after = 0;
  while (after < until) {
    const res = await fetch(`${baseUrl}/api/v1/changes?after=${after}&limit=${limit}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (await res.json()) as {
      changes: { kind: string; referral?: FeedReferral }[];
      cursor: number;
      more: boolean;
    };
    for (const c of page.changes) if (c.referral) found.push(c.referral);
    after = page.cursor;
    if (!page.more) break;
  }
  return found;
};

/** Referral ids the server holds for the sender, read as Bob's agency (the receiver) sees them. */
const serverIds = async (baseUrl: string, token: string): Promise<string[]> =>
  (await feedReferrals(baseUrl, token)).map((r) => r.id);

/** Referrals on the server whose words (unique per referral sent) appear more than once. */
const repeatedNeeds = (referrals: FeedReferral[]): number => {
  const byId = new Map(referrals.map((r) => [r.id, r]));
  const seen = new Map<string, number>();
  for (const r of byId.values()) seen.set(r.payload.needs, (seen.get(r.payload.needs) ?? 0) + 1);
  return [...seen.values()].reduce((n, count) => n + count - 1, 0);
};

const signIn = async (baseUrl: string, email: string): Promise<string> => {
  const res = await fetch(`${baseUrl}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD, device: 'faults' }),
  });
  return ((await res.json()) as { token: string }).token;
};

type DeskMessage = {
  event: string;
  id?: string;
  message?: string;
  ids?: string[];
  answers?: string[];
  status?: { waiting: number; setAside: number; online: boolean };
  setAside?: { kind: string; reason: string }[];
};

type ChildDesk = {
  child: ChildProcess;
  /** Calls `fn` with each message the desk sends from now on. */
  on(fn: (m: DeskMessage) => void): void;
  /** The first message (already seen or still to come) that matches. */
  next(match: (m: DeskMessage) => boolean, ms?: number): Promise<DeskMessage>;
  tell(command: Record<string, unknown>): void;
};

/** A desk in its own process on `dataDir` (reopening the store already there). */
const spawnDesk = (args: {
  email?: string;
  dataDir: string;
  serverUrl: string;
  skewMs: number;
  pageSize: number;
}): ChildDesk => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', CHILD, JSON.stringify({ email: ALICE, ...args })],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const seen: DeskMessage[] = [];
  const listeners = new Set<(m: DeskMessage) => void>();
  child.on('message', (raw) => {
    const m = raw as DeskMessage;
    seen.push(m);
    for (const fn of listeners) fn(m);
  });
  return {
    child,
    on: (fn) => listeners.add(fn),
    next: (match, ms = 600_000) =>
      new Promise((resolve, reject) => {
        const failed = (m: DeskMessage): boolean => m.event === 'failed';
        const done = seen.find((m) => match(m) || failed(m));
        if (done !== undefined) {
          if (failed(done)) reject(new Error(`the desk failed: ${done.message ?? ''}`));
          else resolve(done);
          return;
        }
        const timer = setTimeout(() => reject(new Error('timed out waiting for the desk')), ms);
        const fn = (m: DeskMessage): void => {
          if (!match(m) && !failed(m)) return;
          clearTimeout(timer);
          listeners.delete(fn);
          child.off('exit', exited);
          if (failed(m)) reject(new Error(`the desk failed: ${m.message ?? ''}`));
          else resolve(m);
        };
        const exited = (): void => {
          clearTimeout(timer);
          listeners.delete(fn);
          reject(new Error(`the desk process ended: ${stderr.slice(-2000)}`));
        };
        listeners.add(fn);
        child.once('exit', exited);
      }),
    tell: (command) => {
      child.send(command);
    },
  };
};

/** A desk's store, read as it was left (killed, or done): its feed cursor and its outgoing referral ids. */
const readStore = async (dataDir: string): Promise<{ cursor: number; ids: Set<string> }> => {
  const [file] = readdirSync(join(dataDir, 'stores')).filter((f) => f.endsWith('.db'));
  if (file === undefined) throw new Error('the desk left no store');
  const storeId = file.slice(0, -'.db'.length);
  const custody = createKeyCustody({ dir: join(dataDir, 'keys'), keychain: null });
  const key = await custody.load(storeId, { passphrase: DESK_PASSPHRASE });
  if (!key.ok) throw new Error(key.reason);
  const db = openStore(join(dataDir, 'stores', file), key.value, MIGRATIONS);
  key.value.fill(0);
  if (!db.ok) throw new Error(db.reason);
  try {
    const ids = db.value
      .prepare("SELECT id FROM referrals WHERE direction = 'outgoing'")
      .pluck()
      .all() as string[];
    return { cursor: Number(getMeta(db.value, 'change-cursor') ?? '0'), ids: new Set(ids) };
  } finally {
    db.value.close();
  }
};

/**
 * Lets the desk finish syncing, reads its outbox and set-aside commands, ends
 * it, and reads its outgoing referrals from its store (all of them: the
 * desk's list shows the latest 200).
 */
const finishAndView = async (
  d: ChildDesk,
  dataDir: string,
): Promise<{ ids: string[]; waiting: number; setAside: { kind: string; reason: string }[] }> => {
  d.tell({ do: 'sync' });
  await d.next((m) => m.event === 'synced');
  d.tell({ do: 'view' });
  const view = await d.next((m) => m.event === 'view');
  await kill9(d.child);
  const store = await readStore(dataDir);
  return {
    ids: [...store.ids],
    waiting: view.status?.waiting ?? -1,
    setAside: view.setAside ?? [],
  };
};

const sameSet = (a: string[], b: string[]): boolean => {
  const x = new Set(a);
  return x.size === a.length && x.size === new Set(b).size && b.every((id) => x.has(id));
};

/**
 * Kills a desk process while it pushes its outbox, DESK_KILLS times, each time
 * reopening its store in a new process; then lets it finish.
 */
const killDeskMidPush = async (backend: string, baseUrl: string, bob: string): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'handover-faults-desk-'));
  const accepted: string[] = [];
  const reopens: number[] = [];
  let killedPushing = 0;
  try {
    // From a kill to the next process having the store open again.
    const kill: { at: number | null } = { at: null };
    for (let round = 0; round < DESK_KILLS; round += 1) {
      const d = spawnDesk({ dataDir, serverUrl: baseUrl, skewMs: 0, pageSize: 200 });
      await d.next((m) => m.event === 'ready');
      if (kill.at !== null) reopens.push(performance.now() - kill.at);
      kill.at = null;
      let mine = 0;
      let hit = false;
      const killed = new Promise<'killed'>((resolve) => {
        d.on((m) => {
          if (m.event === 'accepted' && m.id !== undefined) {
            accepted.push(m.id);
            mine += 1;
          }
          // A push under way after a few accepted: the kill lands in it.
          if (m.event === 'push-started' && mine >= 5 && !hit) {
            hit = true;
            kill.at = performance.now();
            d.child.kill('SIGKILL');
            resolve('killed');
          }
        });
      });
      d.tell({ do: 'send', count: PUSH_SENDS, tag: `push-${round}` });
      const how = await Promise.race([
        killed,
        d.next((m) => m.event === 'synced').then(() => 'synced' as const),
      ]).catch(() => 'killed' as const);
      if (how === 'killed') killedPushing += 1;
      await kill9(d.child);
    }
    const started = performance.now();
    const d = spawnDesk({ dataDir, serverUrl: baseUrl, skewMs: 0, pageSize: 200 });
    await d.next((m) => m.event === 'ready');
    if (kill.at !== null) reopens.push(performance.now() - kill.at);
    const mine = await finishAndView(d, dataDir);
    const finished = performance.now() - started;
    await kill9(d.child);
    const onServer = await feedReferrals(baseUrl, bob);
    const ids = new Set(onServer.map((r) => r.id));
    const lost = accepted.filter((id) => !ids.has(id)).length;
    const duplicates = repeatedNeeds(onServer) + (mine.ids.length - new Set(mine.ids).size);
    console.log(
      `[${backend}] desk killed mid-push: ${killedPushing} of ${DESK_KILLS} kills sent as it reported a push started; ${accepted.length} referrals it had reported accepted`,
    );
    console.log(
      `desk store reopened after a kill mid-push (${backend}) median: ${percentile(reopens, 50).toFixed(0)} ms`,
    );
    console.log(
      `desk reopened to outbox empty after its last kill mid-push (${backend}, one run): ${finished.toFixed(0)} ms`,
    );
    console.log(`lost (desk killed mid-push, ${backend}): ${lost}`);
    console.log(`duplicates (desk killed mid-push, ${backend}): ${duplicates}`);
    console.log(
      `desk's copy equals the server's, outbox empty, nothing set aside (desk killed mid-push, ${backend}): ${sameSet(mine.ids, [...ids]) && mine.waiting === 0 && mine.setAside.length === 0 ? 'yes' : 'no'}`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

/**
 * A new desk reads the feed from the start in small pages and is killed while
 * it asks for a page, after a few are applied; its store then holds every
 * referral behind its stored cursor, and a new process finishes the feed.
 */
const killDeskMidPull = async (
  backend: string,
  baseUrl: string,
  alice: string,
  bob: string,
): Promise<void> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'handover-faults-desk-'));
  try {
    const d = spawnDesk({ dataDir, serverUrl: baseUrl, skewMs: 0, pageSize: PULL_PAGE });
    let pages = 0;
    const killed = new Promise<'killed'>((resolve) => {
      d.on((m) => {
        if (m.event === 'page-applied') pages += 1;
        if (m.event === 'pull-started' && pages >= 3) {
          d.child.kill('SIGKILL');
          resolve('killed');
        }
      });
    });
    await Promise.race([killed, d.next((m) => m.event === 'ready')]).catch(() => 'killed');
    const how = await Promise.race([
      killed,
      (async () => {
        d.tell({ do: 'sync' });
        await d.next((m) => m.event === 'synced');
        return 'synced' as const;
      })(),
    ]).catch(() => 'killed' as const);
    const killedAt = performance.now();
    await kill9(d.child);
    const left = await readStore(dataDir);
    const behindCursor = await feedReferrals(baseUrl, alice, PULL_PAGE, left.cursor);
    const missing = behindCursor.filter((r) => !left.ids.has(r.id)).length;

    // Reopened with full pages: the small ones were only to have pages to kill it between.
    const again = spawnDesk({ dataDir, serverUrl: baseUrl, skewMs: 0, pageSize: 500 });
    await again.next((m) => m.event === 'ready');
    const mine = await finishAndView(again, dataDir);
    const finished = performance.now() - killedAt;
    await kill9(again.child);
    const onServer = (await feedReferrals(baseUrl, bob)).map((r) => r.id);
    console.log(
      `[${backend}] desk killed mid-pull: ${how === 'killed' ? 'yes' : 'no (it finished first)'}, after ${pages} pages of ${PULL_PAGE} applied; cursor ${left.cursor}, ${left.ids.size} referrals in its store`,
    );
    console.log(
      `referrals behind the stored cursor missing from the killed desk's store (${backend}): ${missing}`,
    );
    console.log(
      `desk killed mid-pull to feed read to the end after reopening (${backend}, one run): ${finished.toFixed(0)} ms`,
    );
    console.log(
      `lost (desk killed mid-pull, ${backend}): ${onServer.filter((id) => !mine.ids.includes(id)).length}`,
    );
    console.log(
      `duplicates (desk killed mid-pull, ${backend}): ${mine.ids.length - new Set(mine.ids).size}`,
    );
    console.log(
      `desk's copy equals the server's (desk killed mid-pull, ${backend}): ${sameSet(mine.ids, onServer) ? 'yes' : 'no'}`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
};

/**
 * Desks whose computer's clock is hours out: they send and receive as ever.
 * The server keeps its own time for what it records (sentAt), so the order
 * and the deadlines do not depend on the desk's clock.
 */
const skewedDesks = async (backend: string, baseUrl: string, bob: string): Promise<void> => {
  for (const hours of SKEWS_HOURS) {
    const label = `${hours > 0 ? '+' : ''}${hours} h`;
    const dataDir = mkdtempSync(join(tmpdir(), 'handover-faults-desk-'));
    try {
      const realStart = Date.now();
      const d = spawnDesk({
        dataDir,
        serverUrl: baseUrl,
        skewMs: hours * 3_600_000,
        pageSize: 200,
      });
      await d.next((m) => m.event === 'ready');
      const accepted: string[] = [];
      d.on((m) => {
        if (m.event === 'accepted' && m.id !== undefined) accepted.push(m.id);
      });
      const started = performance.now();
      d.tell({ do: 'send', count: SKEW_SENDS, tag: `skew${label}` });
      await d.next((m) => m.event === 'synced');
      const took = performance.now() - started;
      const mine = await finishAndView(d, dataDir);
      const realEnd = Date.now();

      // The receiver's desk, on the same wrong clock, receives the last one and records first contact "now".
      const bobDir = mkdtempSync(join(tmpdir(), 'handover-faults-desk-'));
      let contact: { answers: string[]; setAside: { kind: string; reason: string }[] };
      try {
        const b = spawnDesk({
          email: 'bob@riverside.test',
          dataDir: bobDir,
          serverUrl: baseUrl,
          skewMs: hours * 3_600_000,
          pageSize: 200,
        });
        await b.next((m) => m.event === 'ready');
        b.tell({ do: 'contact', id: accepted.at(-1) ?? '' });
        const answers = (await b.next((m) => m.event === 'contacted')).answers ?? [];
        b.tell({ do: 'view' });
        const view = await b.next((m) => m.event === 'view');
        await kill9(b.child);
        contact = { answers, setAside: view.setAside ?? [] };
      } finally {
        rmSync(bobDir, { recursive: true, force: true });
      }
      const onServer = await feedReferrals(baseUrl, bob);
      const ids = onServer.map((r) => r.id);
      const theirs = onServer.filter((r) => accepted.includes(r.id));
      const ordered = theirs.map((r) => r.id).join() === accepted.join();
      const serverTimes = theirs.every((r, i) => {
        const at = Date.parse(r.sentAt);
        const before = theirs[i - 1];
        return (
          at >= realStart - 60_000 &&
          at <= realEnd + 60_000 &&
          (before === undefined || Date.parse(before.sentAt) <= at)
        );
      });
      console.log(
        `${SKEW_SENDS} referrals sent and on the server, clock ${label} (${backend}) mean: ${(took / SKEW_SENDS).toFixed(0)} ms per referral`,
      );
      console.log(
        `commands set aside for the desk's wrong time (clock ${label}, ${backend}): ${mine.setAside.length}${mine.setAside.length > 0 ? ` (${mine.setAside.map((c) => c.reason).join(', ')})` : ''}`,
      );
      console.log(
        `lost (clock ${label}, ${backend}): ${accepted.filter((id) => !ids.includes(id)).length}`,
      );
      console.log(
        `duplicates (clock ${label}, ${backend}): ${repeatedNeeds(theirs) + (theirs.length - new Set(theirs.map((r) => r.id)).size)}`,
      );
      console.log(
        `order on the server as sent, times from the server's clock (clock ${label}, ${backend}): ${ordered && serverTimes ? 'yes' : 'no'}`,
      );
      console.log(
        `desk's copy equals the server's (clock ${label}, ${backend}): ${sameSet(mine.ids, ids) && mine.waiting === 0 ? 'yes' : 'no'}`,
      );
      // First contact "now" by a wrong clock: acknowledge, accept, record contact.
      const words = (reason: string): string => (isReason(reason) ? reasonText(reason) : reason);
      console.log(
        `[${backend}] receiver's desk at clock ${label}: acknowledge, accept, record contact "now" answered on the desk: ${contact.answers.join(', ')}`,
      );
      for (const c of contact.setAside) {
        console.log(
          `[${backend}] receiver's desk at clock ${label}: set aside by the server (${c.kind}, ${c.reason}): "${words(c.reason)}"`,
        );
      }
      for (const a of contact.answers.filter((x) => x !== 'ok')) {
        console.log(
          `[${backend}] receiver's desk at clock ${label}: refused on the desk (${a}): "${words(a)}"`,
        );
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
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
    const load = { on: true, offline: false };
    const loading = (async () => {
      while (load.on) {
        // Offline, paced to about OFFLINE_SENDS in all, however long the cut.
        if (load.offline) await new Promise((r) => setTimeout(r, OFFLINE_MS / OFFLINE_SENDS));
        // The adviser is at the keyboard: the desk's idle lock (#5) does not come.
        await h['session.activity']({});
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
    load.offline = true;
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

    const baseUrl = `http://127.0.0.1:${port}`;
    const alice = await signIn(baseUrl, ALICE);
    await killDeskMidPush(backend.name, baseUrl, bob);
    await killDeskMidPull(backend.name, baseUrl, alice, bob);
    await skewedDesks(backend.name, baseUrl, bob);
  } finally {
    await desks.closeAll();
    await proxy.close();
    await kill9(server.child);
    await backend.drop();
  }
};

// FAULTS_BACKENDS=postgres runs on PostgreSQL alone (default: PGlite, then PostgreSQL when set up).
const only = process.env.FAULTS_BACKENDS?.split(',');
if (only === undefined || only.includes('pglite')) await runOn(await pglite());
const pgUrl = process.env.TEST_DATABASE_URL;
if (pgUrl && (only === undefined || only.includes('postgres'))) await runOn(await postgres(pgUrl));
process.exit(0);
