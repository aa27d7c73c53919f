import { readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Db } from '#server/db/db.ts';
import { DataDirInUseError, openDb } from '#server/db/open.ts';
import { exportHsds, importHsds } from '#server/hsds/exchange.ts';
import { readTables, servicesFromTables } from '#server/hsds/tabular.ts';

/**
 * `npm run admin -- export-hsds FILE` and `import-hsds PATH`: the directory
 * in and out as Open Referral HSDS 3 JSON. Same database settings and exit
 * codes as the rest of the admin tool.
 */
export const HSDS_COMMANDS = ['export-hsds', 'import-hsds'] as const;

export const HSDS_HELP = `  export-hsds FILE
      Writes the whole directory to FILE as an HSDS 3 JSON list of full service objects.
  import-hsds PATH
      Reads an HSDS 3 JSON file (a service, a list of services, a page, or an
      organization with its services) or a folder of HSDS 3 CSV tables
      (services.csv, organizations.csv, phones.csv, schedules.csv, …). Matches on ids: re-importing updates.
      Reports every row it cannot take; with any problem, imports nothing.`;

type Io = {
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  err: (line: string) => void;
};

const open = async (io: Io): Promise<Db | null> => {
  const databaseUrl = io.env.DATABASE_URL === '' ? undefined : io.env.DATABASE_URL;
  try {
    return await openDb(
      databaseUrl ? { databaseUrl } : { dataDir: io.env.HANDOVER_DATA_DIR ?? '.handover/server' },
    );
  } catch (error) {
    io.err(
      `handover admin: ${error instanceof DataDirInUseError ? error.message : 'cannot open the database'}`,
    );
    return null;
  }
};

export const runHsdsAdmin = async (argv: readonly string[], io: Io): Promise<number> => {
  const [command, path, ...extra] = argv;
  if (path === undefined || path.startsWith('-') || extra.length > 0) {
    io.err(`handover admin: ${command ?? 'export-hsds'} takes one path (see help)`);
    return 2;
  }
  if (command === 'import-hsds') {
    let data: unknown;
    let tabular = false;
    try {
      tabular = statSync(path).isDirectory();
      data = tabular
        ? servicesFromTables(readTables(path))
        : JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      io.err(
        `handover admin: cannot read ${path}: ${error instanceof SyntaxError ? 'not valid JSON' : 'no such file'}`,
      );
      return 1;
    }
    const db = await open(io);
    if (db === null) return 1;
    try {
      const result = await importHsds(db, data);
      if (!result.ok) {
        io.err(
          `handover admin: nothing imported; ${result.problems.length} rows could not be taken:`,
        );
        for (const p of result.problems) {
          // In a folder of tables, a service is a line of services.csv (line 1 is the header).
          const where = tabular ? `services.csv line ${p.row + 1}` : `row ${p.row}`;
          io.err(`  ${where}${p.id ? ` (${p.id})` : ''}: ${p.reason}`);
        }
        return 1;
      }
      const { created, updated, organisationsCreated } = result.value;
      io.out(
        `Imported: ${created} services created, ${updated} updated, ${organisationsCreated} organisations created.`,
      );
      return 0;
    } finally {
      await db.close();
    }
  }
  const db = await open(io);
  if (db === null) return 1;
  try {
    const services = await exportHsds(db);
    writeFileSync(path, `${JSON.stringify(services, null, 2)}\n`);
    io.out(`Wrote ${services.length} services to ${path} (HSDS 3 JSON).`);
    return 0;
  } finally {
    await db.close();
  }
};
