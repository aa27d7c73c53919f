import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, runAdmin, type AdminIo } from '#server/admin/run.ts';
import { appendAudit } from '#server/audit/log.ts';
import { openDb } from '#server/db/open.ts';

describe('npm run admin -- verify-audit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-audit-'));
  const env = { HANDOVER_DATA_DIR: join(dir, 'server') };
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const run = async () => {
    const out: string[] = [];
    const errors: string[] = [];
    const io: AdminIo = { env, out: (l) => out.push(l), err: (l) => errors.push(l) };
    return { code: await runAdmin(['verify-audit'], io), out, errors };
  };

  it('says the log is intact, then names the entry someone tampered with', async () => {
    const db = await openDb({ dataDir: env.HANDOVER_DATA_DIR });
    const at = new Date('2026-11-23T10:00:00.000Z');
    for (const action of ['sign-in', 'referral.read', 'sign-out']) {
      await appendAudit(db, { action, actorUserId: null, organisationIds: [] }, at);
    }
    await db.close();
    const intact = await run();
    expect(intact.code).toBe(EXIT.ok);
    expect(intact.out.join('\n')).toMatch(
      /^The audit log is intact: 3 entries, last hash [0-9a-f]{64}\.$/,
    );

    const again = await openDb({ dataDir: env.HANDOVER_DATA_DIR });
    // Only the database's owner can get past the append-only rule.
    await again.query('alter table audit_log disable trigger audit_log_append_only');
    await again.query(
      "update audit_log set action = 'nothing-to-see' where action = 'referral.read'",
    );
    await again.close();
    const tampered = await run();
    expect(tampered.code).toBe(EXIT.failed);
    expect(tampered.errors.join('\n')).toBe(
      'handover admin: the audit log has been tampered with: entry 2 was altered',
    );
  });
});
