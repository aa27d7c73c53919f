import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAdmin } from '#server/admin/run.ts';

/** The admin tool's HSDS commands, end to end on real PGlite data directories. */
const dir = mkdtempSync(join(tmpdir(), 'handover-hsds-admin-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const admin = async (dataDir: string, ...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdmin(argv, {
    env: { HANDOVER_DATA_DIR: join(dir, dataDir) },
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('npm run admin -- export-hsds / import-hsds', () => {
  it('exports a directory and imports it into another network unchanged', async () => {
    const net = (name: string, d: string) =>
      admin(
        d,
        'create-network',
        '--name',
        name,
        '--coordinator-email',
        `co@${d}.test`,
        '--coordinator-name',
        'Co',
      );
    expect((await net('First', 'a')).code).toBe(0);
    expect(
      (
        await admin(
          'a',
          'create-organisation',
          '--name',
          'Northgate Advice',
          '--nation',
          'england-and-wales',
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await admin(
          'a',
          'create-service',
          '--organisation',
          'Northgate Advice',
          '--name',
          'Debt advice',
          '--description',
          'Priority debts.',
          '--issues',
          'debt',
          '--areas',
          'NR1',
          '--self-referral',
        )
      ).code,
    ).toBe(0);
    const file = join(dir, 'directory.json');
    const exported = await admin('a', 'export-hsds', file);
    expect(exported).toMatchObject({ code: 0, out: `Wrote 1 services to ${file} (HSDS 3 JSON).` });

    expect((await net('Second', 'b')).code).toBe(0);
    const imported = await admin('b', 'import-hsds', file);
    expect(imported).toMatchObject({
      code: 0,
      out: 'Imported: 1 services created, 0 updated, 1 organisations created.',
    });
    const again = join(dir, 'again.json');
    expect((await admin('b', 'export-hsds', again)).code).toBe(0);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));
  });

  it('lists every row it cannot take and imports nothing, from JSON or CSV tables; refuses a missing path', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify([{ id: 'x', name: 'No', status: 'active' }, { name: 'Nameless id' }]),
    );
    const res = await admin('b', 'import-hsds', bad);
    expect(res.code).toBe(1);
    expect(res.err).toContain('nothing imported; 2 rows could not be taken');
    expect(res.err).toContain('row 1 (x): id');
    expect(res.err).toContain('row 2: id');
    // A folder of CSV tables: each problem named by its line in services.csv.
    const tables = join(dir, 'tables');
    mkdirSync(tables);
    writeFileSync(
      join(tables, 'services.csv'),
      'id,name,status\n0190c0de-cccc-7000-8000-000000000001,Fine,active\nnot-an-id,Broken,active\n',
    );
    const csv = await admin('b', 'import-hsds', tables);
    expect(csv.code).toBe(1);
    expect(csv.err).toContain(
      'services.csv line 2 (0190c0de-cccc-7000-8000-000000000001): no organization_id',
    );
    expect(csv.err).toContain('services.csv line 3 (not-an-id): id');
    expect((await admin('b', 'import-hsds')).code).toBe(2);
    expect((await admin('b', 'help')).out).toContain('export-hsds FILE');
  });
});
