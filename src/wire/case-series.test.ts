import { describe, expect, it } from 'vitest';
import { caseSeriesCodeSchema, seriesCode, SERIES_LETTERS } from '#src/wire/case-series.ts';

describe('case reference series letters', () => {
  it('count A … Z, then AA, AB …, skipping I and O', () => {
    expect(seriesCode(0)).toBe('A');
    expect(seriesCode(7)).toBe('H');
    expect(seriesCode(8)).toBe('J');
    expect(seriesCode(23)).toBe('Z');
    expect(seriesCode(24)).toBe('AA');
    expect(seriesCode(25)).toBe('AB');
    expect(seriesCode(24 + 24 * 24 - 1)).toBe('ZZ');
    expect(seriesCode(24 + 24 * 24)).toBe('AAA');
  });

  it('never repeats and always gives a valid code, for the first 14,000 desks of an agency', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 24 + 24 ** 2 + 24 ** 3; n += 1) {
      const code = seriesCode(n);
      expect(seen.has(code)).toBe(false);
      seen.add(code);
      expect(caseSeriesCodeSchema.safeParse(code).success).toBe(true);
    }
    expect(SERIES_LETTERS).not.toMatch(/[IO]/);
  });
});
