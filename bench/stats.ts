import { performance } from 'node:perf_hooks';

/** Times `run` `times` times (after `warmup` runs) and returns the samples in ms. */
export const sample = async (
  run: () => unknown,
  times: number,
  warmup = Math.min(10, times),
): Promise<number[]> => {
  for (let i = 0; i < warmup; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < times; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
};

export const percentile = (samples: readonly number[], p: number): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
};

/** Prints `<what> median: <n> ms` and `<what> p95: <n> ms`. */
export const report = (what: string, samples: readonly number[]): void => {
  console.log(`${what} median: ${percentile(samples, 50).toFixed(2)} ms`);
  console.log(`${what} p95: ${percentile(samples, 95).toFixed(2)} ms`);
};
