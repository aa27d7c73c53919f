import { createDesk } from '#main/desk.ts';
import { z } from 'zod';
import { PASSWORD } from '#server/test-support/network.ts';
import { addTestClient, DESK_PASSPHRASE, FAST_SYNC, referToFood, waitFor } from '#test/desks.ts';

/**
 * A desk in its own process for the faults bench (#12), which SIGKILLs it at
 * moments the desk reports over IPC, or runs it with its computer's clock
 * wrong. It signs in online and unlocks (a new encrypted store the first
 * time, the same one when reopened in the same folder) and then does as told:
 *   { do: 'send', count }  refers `count` clients, reporting each referral
 *                          the desk accepted (`accepted`, after its outbox
 *                          holds it), then syncs until the outbox is empty;
 *   { do: 'sync' }         syncs until the outbox is empty and the feed is read;
 *   { do: 'view' }         reports its outgoing referrals and sync status;
 *   { do: 'contact', id }  as the receiver: acknowledges, accepts and records
 *                          first contact "now" by its own clock.
 * While it syncs it reports `push-started` (a batch of commands on its way to
 * the server) and `pull-started` (a page of the change feed asked for), and
 * `page-applied` when a page of changes is in its store with its cursor.
 * `skewMs` moves this process's wall clock (Date) by that much: the desk's
 * computer keeps the wrong time. Bench support only: never imported by the app.
 */
const argsSchema = z.object({
  dataDir: z.string(),
  serverUrl: z.string(),
  email: z.string(),
  skewMs: z.number(),
  pageSize: z.number(),
});
const args = argsSchema.parse(JSON.parse(process.argv[2] ?? '{}'));

const say = (message: Record<string, unknown>): void => {
  process.send?.(message);
};

if (args.skewMs !== 0) {
  const RealDate = Date;
  const skew = args.skewMs;
  class SkewedDate extends RealDate {
    constructor(...given: unknown[]) {
      if (given.length === 0) super(RealDate.now() + skew);
      else super(...(given as [string]));
    }
    static override now(): number {
      return RealDate.now() + skew;
    }
  }
  globalThis.Date = SkewedDate as DateConstructor;
}

// The desk's traffic, seen as it leaves: a push or a page of the feed under way.
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (url.endsWith('/api/v1/commands')) say({ event: 'push-started' });
  else if (url.includes('/api/v1/changes')) say({ event: 'pull-started' });
  return realFetch(input, init);
};

const desk = await createDesk(
  {
    dataDir: args.dataDir,
    defaultServerUrl: args.serverUrl,
    deviceName: 'faults',
    keychain: 'off',
  },
  { ...FAST_SYNC, pageSize: args.pageSize },
);
const h = desk.handlers;
desk.subscribe((event) => {
  // A page of the feed is applied with its cursor in one transaction, then told
  // (a pushed batch is told the same way: the bench reads this while the outbox is empty).
  if (event.topics.includes('directory') || event.topics.includes('referrals')) {
    say({ event: 'page-applied' });
  }
});
const signedIn = await h['session.signIn']({
  serverUrl: args.serverUrl,
  email: args.email,
  password: PASSWORD,
});
if (!signedIn.ok) throw new Error(`faults desk: sign-in ${signedIn.reason}`);
const unlocked = await h['session.unlock']({ passphrase: DESK_PASSPHRASE });
if (!unlocked.ok) throw new Error(`faults desk: unlock ${unlocked.reason}`);

const syncAll = async (): Promise<void> => {
  await waitFor(async () => {
    const status = await h['sync.now']({});
    return status.waiting === 0 && status.online ? true : null;
  }, 600_000);
};

const view = async () => ({
  ids: (await h['referrals.list']({ direction: 'outgoing' })).map((r) => r.referral.id),
  status: await h['sync.status']({}),
  setAside: (await h['outbox.setAside']({})).map((c) => ({ kind: c.kind, reason: c.reason })),
});

const commandSchema = z.discriminatedUnion('do', [
  z.object({ do: z.literal('send'), count: z.number(), tag: z.string() }),
  z.object({ do: z.literal('sync') }),
  z.object({ do: z.literal('view') }),
  z.object({ do: z.literal('contact'), id: z.string() }),
]);

/**
 * As the receiving adviser: once the referral has arrived, acknowledges and
 * accepts it and records first contact by phone "now", by this computer's
 * clock; reports each step's answer (ok or its reason) after syncing.
 */
const contact = async (id: string): Promise<string[]> => {
  await waitFor(async () => {
    await h['sync.now']({});
    return (await h['referrals.get']({ id })).ok ? true : null;
  }, 120_000);
  const answers: string[] = [];
  const note = (r: { ok: true } | { ok: false; reason: string }): void => {
    answers.push(r.ok ? 'ok' : r.reason);
  };
  note(await h['referrals.act']({ id, input: { action: 'acknowledge' } }));
  note(await h['referrals.accept']({ id, linkClientId: null }));
  note(
    await h['referrals.act']({
      id,
      input: { action: 'record-contact', method: 'phone', contactedAt: new Date().toISOString() },
    }),
  );
  await syncAll();
  return answers;
};

let clientId: string | null = null;
process.on('message', (raw) => {
  void (async () => {
    const command = commandSchema.parse(raw);
    if (command.do === 'send') {
      clientId ??= await addTestClient(h, { name: 'Faults Desk Client', phone: '07700 900456' });
      for (let i = 0; i < command.count; i += 1) {
        const id = await referToFood(h, clientId, `Desk fault ${command.tag} ${i}`);
        say({ event: 'accepted', id, at: new Date().toISOString() });
      }
      await syncAll();
      say({ event: 'synced' });
    } else if (command.do === 'contact') {
      say({ event: 'contacted', answers: await contact(command.id) });
    } else if (command.do === 'sync') {
      await syncAll();
      say({ event: 'synced' });
    } else {
      say({ event: 'view', ...(await view()) });
    }
  })().catch((e: unknown) => {
    say({ event: 'failed', message: e instanceof Error ? e.message : String(e) });
  });
});
say({ event: 'ready' });
