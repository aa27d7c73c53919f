import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeTx } from '#server/changes/write.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { lockPathFor } from '#server/db/lock.ts';
import { migrate, MIGRATIONS } from '#server/db/migrations.ts';
import { DataDirInUseError, openDb } from '#server/db/open.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { newId } from '#src/ids.ts';

describe.each(BACKENDS)('database layer on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
  });
  afterAll(async () => {
    await drop();
  });

  it('has run every migration once, and running again changes nothing', async () => {
    const rows = await db.query<{ id: number }>('select id from schema_migrations order by id');
    expect(rows.map((r) => r.id)).toEqual(MIGRATIONS.map((m) => m.id));
    expect(await migrate(db)).toEqual([]);
  });

  it('reads back jsonb, arrays, dates and bigints the same on both drivers', async () => {
    const [row] = await db.query<{ j: unknown; a: string[]; d: string; n: number }>(
      `select $1::text::jsonb as j, $2::text[] as a, $3::date::text as d, 9007199254740991::bigint as n`,
      [json({ list: [1, 'two'], nested: { ok: true } }), ['x', 'y'], '2026-11-20'],
    );
    expect(row).toEqual({
      j: { list: [1, 'two'], nested: { ok: true } },
      a: ['x', 'y'],
      d: '2026-11-20',
      n: 9007199254740991,
    });
  });

  it('rolls a transaction back when it throws', async () => {
    const id = newId();
    await expect(
      changeTx(db, async (tx) => {
        await tx.change('service', id, null);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.query('select 1 from changes where entity_id = $1', [id])).toEqual([]);
  });

  it('commits change rows in sequence order under concurrent writers', async () => {
    const ids = Array.from({ length: 20 }, () => newId());
    await Promise.all(
      ids.map((id) =>
        changeTx(db, async (tx) => {
          await tx.change('service', id, null);
        }),
      ),
    );
    const rows = await db.query<{ entity_id: string; seq: number }>(
      'select entity_id, seq from changes where entity_id = any($1::uuid[]) order by seq',
      [ids],
    );
    expect(rows).toHaveLength(20);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(20);
  });
});

describe('PGlite in a data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-db-'));
  const dataDir = join(dir, 'server');
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data across reopening, and refuses a second opener while open', async () => {
    const first = await openDb({ dataDir });
    const id = newId();
    await first.query(
      `insert into organisations (id, name, nation, created_at) values ($1, 'Kept', 'scotland', now())`,
      [id],
    );
    expect(existsSync(lockPathFor(dataDir))).toBe(true);
    await expect(openDb({ dataDir })).rejects.toBeInstanceOf(DataDirInUseError);
    await first.close();
    expect(existsSync(lockPathFor(dataDir))).toBe(false);

    const second = await openDb({ dataDir });
    try {
      expect(await second.query('select name from organisations where id = $1', [id])).toEqual([
        { name: 'Kept' },
      ]);
      expect(await migrate(second)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
