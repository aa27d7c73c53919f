const dateFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/**
 * "Wednesday 25 November 2026" for a YYYY-MM-DD date. Built from parts so the
 * punctuation does not change with the ICU data of the machine sending it.
 */
export const formatLondonDate = (isoDate: string): string => {
  const parts = dateFormat.formatToParts(new Date(`${isoDate}T12:00:00Z`));
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')} ${part('year')}`;
};
