import { readdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';

/**
 * `npm run bench -- <name>` runs bench/<name>.bench.ts, which prints one line
 * per figure: `<what> median: <number> <unit>` (and p95 and others as useful).
 * Benchmarks measure; they are not tests and assert nothing.
 */
const dir = import.meta.dirname;
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => basename(f, '.bench.ts'))
  .sort();

const name = process.argv[2];
if (name === undefined || !available.includes(name)) {
  console.error(
    name === undefined ? 'Name a benchmark to run.' : `There is no benchmark called "${name}".`,
  );
  console.error(
    available.length > 0 ? `Available: ${available.join(', ')}` : 'No benchmarks exist yet.',
  );
  process.exit(2);
}
await import(resolve(dir, `${name}.bench.ts`));
