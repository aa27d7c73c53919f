import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebHost, type WebHost } from '#main/web/host.ts';
import { seedTestNetwork } from '#server/test-support/network.ts';
import { startServer, type RunningServer } from '#server/start.ts';
import { CHANNELS, contract, type Channel } from '#src/contract.ts';
import { isReason } from '#src/reasons.ts';
import { DESK_PASSPHRASE, signInAndUnlock, testDesks, type TestDesk } from '#test/desks.ts';
import { asText, fuzzSettings, hostileBody, hostileContentType, mutated } from '#test/hostile.ts';

/**
 * Fuzz every desk channel (#12) through the real door: the web-mode host,
 * which reads the HTTP body, parses the JSON and hands it to `dispatch`
 * (the same function Electron's IPC handlers call). The channels are the
 * contract's own list, so a channel added later is fuzzed too. Each gets a
 * valid request made from its schema, mutated with hostile values, and raw
 * bytes that are not JSON at all. The answer is never a 5xx; a refusal is
 * reason-coded and changes nothing the desk shows.
 */

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** A value the schema probably accepts (checked by the caller), from zod's own definition. */
const sampleOf = (schema: unknown, depth = 0): unknown => {
  const def = defOf(schema);
  if (depth > 8) return null;
  switch (def.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(def.shape as Record<string, unknown>).map(([k, s]) => [
          k,
          sampleOf(s, depth + 1),
        ]),
      );
    case 'string': {
      const format = (schema as { format?: string }).format;
      if (format === 'uuid' || format === 'guid') return '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
      if (format === 'email') return 'someone@example.org';
      if (format === 'date') return '2026-11-20';
      if (format === 'datetime') return '2026-11-20T10:00:00.000Z';
      if (format === 'url') return 'https://example.org';
      return 'Some text';
    }
    case 'number':
    case 'int':
      return 1;
    case 'boolean':
      return false;
    case 'enum':
      return Object.values(def.entries as Record<string, unknown>)[0];
    case 'literal':
      return (def.values as unknown[])[0];
    case 'nullable':
    case 'optional':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return sampleOf(def.innerType, depth + 1);
    case 'pipe':
      return sampleOf(def.in, depth + 1);
    case 'array':
      return [sampleOf(def.element, depth + 1)];
    case 'union':
      return sampleOf((def.options as unknown[])[0], depth + 1);
    case 'intersection':
      return {
        ...(sampleOf(def.left, depth + 1) as object),
        ...(sampleOf(def.right, depth + 1) as object),
      };
    case 'record':
      return {};
    case 'null':
      return null;
    default:
      return {};
  }
};

/** Errors the host may answer with (main/web/host.ts and main/dispatch.ts). */
const HOST_ERRORS = ['bad-request', 'too-large', 'unknown-channel'];

type Reply = { status: number; body: string };

describe('fuzzing every desk channel', () => {
  let server: RunningServer | undefined;
  let serverUrl = '';
  let host: WebHost | undefined;
  let token = '';
  let desk: TestDesk;
  let work = '';
  const desks = testDesks();

  beforeAll(async () => {
    server = await startServer({ port: 0, jobsEveryMs: 0 });
    serverUrl = server.url;
    await seedTestNetwork(server.db);
    desk = await desks.open(server.url);
    await signInAndUnlock(desk.h, server.url, 'alice@northgate.test');
    work = mkdtempSync(join(tmpdir(), 'handover-fuzz-'));
    const rendererDir = join(work, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Handover</title>');
    host = await startWebHost({ desk: desk.desk, rendererDir });
    token = new URL(host.url).hash.replace('#token=', '');
  }, 180_000);
  afterAll(async () => {
    await host?.close();
    await desks.closeAll();
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const call = (
    channel: string,
    payload: string | Buffer,
    contentType: string | undefined,
  ): Promise<Reply> =>
    new Promise((resolve, reject) => {
      const url = new URL(host?.origin ?? '');
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: `/rpc/${channel}`,
          method: 'POST',
          headers: {
            host: url.host,
            'x-handover-token': token,
            ...(contentType !== undefined && { 'content-type': contentType }),
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  /** What the desk shows: equal before and after a refusal = nothing changed. */
  const shown = async () => {
    const h = desk.h;
    const [clients, outgoing, incoming, gaps, signposts, tasks, updates, reviews] =
      await Promise.all([
        h['clients.search']({ text: '' }),
        h['referrals.list']({ direction: 'outgoing' }),
        h['referrals.list']({ direction: 'incoming' }),
        h['provision.gaps']({}),
        h['provision.signposts']({ clientId: null }),
        h['tasks.reminders']({}),
        h['referrals.updates']({}),
        h['directory.reviews']({}),
      ]);
    const status = await h['session.status']({});
    return JSON.stringify({
      state: status.state,
      clients,
      outgoing,
      incoming,
      gaps,
      signposts,
      tasks,
      updates,
      reviews,
      waiting: (await h['sync.status']({})).waiting,
    });
  };

  /** After an accepted call (sign-out, lock …): back to a signed-in, unlocked desk. */
  const restore = async (): Promise<void> => {
    const status = await desk.h['session.status']({});
    if (status.state === 'ready') return;
    if (status.state === 'locked') {
      const unlocked = await desk.h['session.unlock']({ passphrase: DESK_PASSPHRASE });
      if (unlocked.ok) return;
    }
    await signInAndUnlock(desk.h, serverUrl, 'alice@northgate.test');
  };

  const samples = (): Partial<Record<Channel, unknown>> => ({
    'folders.list': { path: work },
    'folders.create': { parent: work, name: 'fuzzed' },
    'backup.settings': { folder: join(work, 'backups'), everyHours: 0 },
    'session.restoreBackup': {
      backupFolder: join(work, 'no-backups'),
      recoveryKey: 'AAAA',
      newPassphrase: null,
    },
    'keys.changePassphrase': { current: 'not the passphrase', next: 'another long passphrase' },
  });

  it(
    'answers hostile input on every channel without a 5xx, with a reason, changing nothing',
    { timeout: 600_000 },
    async () => {
      const { seed, runs } = fuzzSettings();
      console.log(`channel fuzz seed: ${seed}`);
      const failures: string[] = [];
      const own = samples();
      let baseline = await shown();
      for (const [index, channel] of CHANNELS.entries()) {
        const schema = contract[channel].request as z.ZodType;
        const made = own[channel] ?? sampleOf(schema);
        const sample = schema.safeParse(made).success ? made : {};
        const requests = fc.oneof(
          {
            weight: 3,
            arbitrary: mutated(sample).map((b) => ({
              payload: asText(b),
              contentType: 'application/json',
            })),
          },
          {
            weight: 1,
            arbitrary: fc.record({ payload: hostileBody(), contentType: hostileContentType() }),
          },
        );
        const outcome = await fc.check(
          fc.asyncProperty(requests, async (req) => {
            const reply = await call(channel, req.payload, req.contentType);
            const sentText: string = Buffer.isBuffer(req.payload)
              ? 'bytes'
              : req.payload.slice(0, 200);
            const what = `${channel} ${sentText}: ${String(reply.status)} ${reply.body.slice(0, 300)}`;
            expect(reply.status, what).toBeLessThan(500);
            const body = JSON.parse(reply.body) as Record<string, unknown>;
            if (reply.status >= 400) {
              // The host's own codes, or a reason the desk has words for (e.g. invalid-text).
              const code = String(body.error);
              expect(HOST_ERRORS.includes(code) || isReason(code), what).toBe(true);
              expect(await shown(), `${what} changed the desk`).toBe(baseline);
              return;
            }
            const response = body.response as { ok?: boolean; reason?: string } | null;
            if (response !== null && typeof response === 'object' && response.ok === false) {
              expect(isReason(String(response.reason)), what).toBe(true);
            }
            // Accepted: it may change things (that is what it is for).
            await restore();
            baseline = await shown();
          }),
          { seed: seed + index, numRuns: 3 * runs, endOnFailure: true },
        );
        if (outcome.failed) {
          const cause = outcome.errorInstance;
          failures.push(
            `${channel} (seed ${outcome.seed}): ${cause instanceof Error ? cause.message.split('\n')[0] : String(cause)}`,
          );
          await restore();
          baseline = await shown();
        }
      }
      expect(failures).toEqual([]);
      // The desk still answers.
      expect((await desk.h['session.status']({})).state).toBe('ready');
    },
  );
});
