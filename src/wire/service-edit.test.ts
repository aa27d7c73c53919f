import { describe, expect, it } from 'vitest';
import { sampleDirectory } from '#src/directory/sample.fixture.ts';
import { editOf, openingTimesOf, reviewDue, serviceEditSchema } from '#src/wire/service-edit.ts';

const [service] = sampleDirectory();
if (service === undefined) throw new Error('sample directory is empty');

describe('review reminders', () => {
  it('is due when never reviewed, or reviewed N months ago or more', () => {
    expect(reviewDue(null, '2026-11-23', 12)).toBe(true);
    expect(reviewDue('2025-11-24', '2026-11-23', 12)).toBe(false);
    expect(reviewDue('2025-11-23', '2026-11-23', 12)).toBe(true);
    expect(reviewDue('2026-05-24', '2026-11-23', 6)).toBe(false);
    expect(reviewDue('2026-05-23', '2026-11-23', 6)).toBe(true);
    // Across a year's start.
    expect(reviewDue('2025-12-31', '2026-01-30', 1)).toBe(false);
    expect(reviewDue('2025-12-30', '2026-01-30', 1)).toBe(true);
  });
});

describe('the edit form', () => {
  it('starts from the record and reads back as a valid edit', () => {
    const parsed = serviceEditSchema.safeParse(editOf(service));
    expect(parsed.success).toBe(true);
  });

  it('says what is wrong in words, on the field', () => {
    const parsed = serviceEditSchema.safeParse({
      ...editOf(service),
      minimum_age: 30,
      maximum_age: 20,
      email: 'not an email',
      areas: ['NR1', '1NR'],
    });
    expect(parsed.success).toBe(false);
    const byPath = Object.fromEntries(
      (parsed.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]),
    );
    expect(byPath).toMatchObject({
      maximum_age: 'The youngest age must not be above the oldest',
      email: 'Enter an email address like team@example.org',
      'areas.1': 'Write each area as a postcode district such as NR1, or an area such as NR',
    });
  });

  it('shows structured opening times in words', () => {
    expect(
      openingTimesOf({
        schedules: [
          { byday: 'MO,TU', opens_at: '09:00:00', closes_at: '17:00:00', description: '' },
          { byday: '', opens_at: null, closes_at: null, description: 'Saturday mornings' },
        ],
      }),
    ).toBe('MO,TU 09:00–17:00; Saturday mornings');
  });
});
