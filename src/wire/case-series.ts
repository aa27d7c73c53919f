import { z } from 'zod';

/**
 * Case reference series (#5). Each desk numbers its own cases, offline; so
 * that two desks of one agency never both write HC-2026-0001, the server
 * hands each desk's store a series of letters unique within the agency
 * (B, C, … AA …), and its references read HC-B-2026-0001. Letters that are
 * easily misread (I, O) are never used. The request names the store, so
 * asking again (a lost answer) gives the same letters.
 */
export const CASE_SERIES_PATH = '/case-series';

export const SERIES_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

export const caseSeriesCodeSchema = z.string().regex(/^[A-HJ-NP-Z]{1,3}$/);

export const caseSeriesRequestSchema = z.strictObject({ storeId: z.uuid() });
export type CaseSeriesRequest = z.infer<typeof caseSeriesRequestSchema>;

export const caseSeriesSchema = z.object({ code: caseSeriesCodeSchema });
export type CaseSeries = z.infer<typeof caseSeriesSchema>;

/** The n-th series of an agency (0-based): A … Z, AA, AB … (bijective base 24, no I or O). */
export const seriesCode = (n: number): string => {
  let code = '';
  let rest = n + 1;
  while (rest > 0) {
    const digit = (rest - 1) % SERIES_LETTERS.length;
    code = SERIES_LETTERS.charAt(digit) + code;
    rest = Math.floor((rest - 1) / SERIES_LETTERS.length);
  }
  return code;
};
