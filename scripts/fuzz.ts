import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

/**
 * `npm run fuzz`: the fuzz tests of every boundary (#12) with a longer budget
 * and a random seed, printed first so a failure can be run again with
 * `FUZZ_SEED=<seed> npm run fuzz`. FUZZ_SCALE multiplies the runs (default 10;
 * CI runs the same tests at 1 with a fixed seed).
 */
const seed = process.env.FUZZ_SEED ?? String(randomInt(1, 2 ** 31 - 1));
const scale = process.env.FUZZ_SCALE ?? '10';
console.log(`fuzz seed: ${seed} (scale ${scale}); again with FUZZ_SEED=${seed} npm run fuzz`);
const files = ['sync-server/http/fuzz-routes.test.ts', 'test/fuzz-channels.test.ts'];
const run = spawnSync('npx', ['vitest', 'run', ...files, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_SCALE: scale },
});
console.log(`fuzz seed: ${seed}`);
process.exit(run.status ?? 1);
