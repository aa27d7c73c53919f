import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT, runAdmin } from '#server/admin/run.ts';
import { openDb } from '#server/db/open.ts';
import { agencyContacts } from '#server/email/deliver.ts';

/** `npm run admin -- set-agency-contact ORG EMAIL|none` on a real PGlite data directory. */
describe('admin: an agency’s designated email contact', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-contact-'));
  const env = { HANDOVER_DATA_DIR: join(dir, 'server') };
  const out: string[] = [];
  const err: string[] = [];
  const io = { env, out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  /** Where a new referral's email for the agency would go, read as the mailer reads it. */
  const contacts = async (): Promise<string[]> => {
    const db = await openDb({ dataDir: env.HANDOVER_DATA_DIR });
    try {
      const [org] = await db.query<{ id: string }>(
        "select id from organisations where name = 'Acle Advice'",
      );
      return await agencyContacts(db, org?.id ?? '');
    } finally {
      await db.close();
    }
  };

  it('sets, replaces and clears the contact, by name or id, and refuses bad input', async () => {
    const admin = (...argv: string[]) => runAdmin(argv, io);
    expect(
      await admin(
        'create-network',
        '--name',
        'Broadland',
        '--coordinator-email',
        'co@example.org',
        '--coordinator-name',
        'Sam Co',
      ),
    ).toBe(EXIT.ok);
    expect(
      await admin('create-organisation', '--name', 'Acle Advice', '--nation', 'england-and-wales'),
    ).toBe(EXIT.ok);
    expect(await admin('set-agency-contact', 'acle advice', 'Referrals@Acle.Example')).toBe(
      EXIT.ok,
    );
    expect(out.at(-1)).toBe('New-referral emails for "Acle Advice" go to referrals@acle.example.');
    expect(await contacts()).toEqual(['referrals@acle.example']);

    const id = /\(([0-9a-f-]{36})\)/.exec(out.find((l) => l.includes('Acle Advice')) ?? '')?.[1];
    expect(await admin('set-agency-contact', id ?? '', 'intake@acle.example')).toBe(EXIT.ok);
    expect(await contacts()).toEqual(['intake@acle.example']);

    expect(await admin('set-agency-contact', 'Acle Advice', 'not an email')).toBe(EXIT.failed);
    expect(err.at(-1)).toBe('handover admin: "not an email" is not an email address');
    expect(await admin('set-agency-contact', 'Nowhere Trust', 'a@b.example')).toBe(EXIT.failed);
    expect(err.at(-1)).toBe('handover admin: no such organisation (see list-organisations)');
    expect(await admin('set-agency-contact', 'Acle Advice')).toBe(EXIT.usage);
    expect(await admin('set-agency-contact', 'Acle Advice', 'a@b.example', 'extra')).toBe(
      EXIT.usage,
    );
    // Refusals changed nothing.
    expect(await contacts()).toEqual(['intake@acle.example']);

    // "none": back to the agency's leads (it has none yet, so nobody).
    expect(await admin('set-agency-contact', 'Acle Advice', 'none')).toBe(EXIT.ok);
    expect(out.at(-1)).toBe('New-referral emails for "Acle Advice" go to its leads again.');
    expect(await contacts()).toEqual([]);

    expect(await admin('help')).toBe(EXIT.ok);
    expect(out.at(-1)).toContain('set-agency-contact ORG EMAIL|none');
  });
});
