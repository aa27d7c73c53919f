/**
 * A from/to pair of dates on a filter (#12): a "from" after the "to" is a
 * slip, not a search that finds nothing, so every such filter says so. The
 * values are ISO dates or instants; either may be missing.
 */
export const DATES_REVERSED =
  'The “from” date is after the “to” date: they are the wrong way round. Swap them, or change one.';

export const datesInOrder = (range: { from?: string | undefined; to?: string | undefined }) =>
  range.from === undefined ||
  range.to === undefined ||
  !(Date.parse(range.from) > Date.parse(range.to));

/** For a zod `.refine`: the words, on the "to" field. */
export const DATES_IN_ORDER = { message: DATES_REVERSED, path: ['to'] };
