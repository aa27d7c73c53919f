/** Timestamps come back as Date from both drivers; the wire wants ISO 8601. */
export const isoOf = (value: Date | string): string =>
  value instanceof Date ? value.toISOString() : new Date(value).toISOString();
