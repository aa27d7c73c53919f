/** Dates and times as people in the UK read them. */
const dateFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** "Thu 26 Nov 2026" for a YYYY-MM-DD date. */
export const formatDate = (isoDate: string): string =>
  dateFormat.format(new Date(`${isoDate}T12:00:00Z`));

/** "26 Nov, 14:05" for an instant. */
export const formatTime = (iso: string): string => timeFormat.format(new Date(iso));

const momentDate = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const momentTime = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'Europe/London',
});

/** "3 March 2027 at 10:15" for an instant, in London time. */
export const formatMoment = (iso: string): string => {
  const at = new Date(iso);
  return `${momentDate.format(at)} at ${momentTime.format(at)}`;
};
