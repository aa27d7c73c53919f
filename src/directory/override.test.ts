import { describe, expect, it } from 'vitest';
import { NO_FACTS } from '#src/directory/match.ts';
import { eligibilityOverride } from '#src/directory/override.ts';
import { sampleDirectory } from '#src/directory/sample.fixture.ts';
import type { Service } from '#src/wire/directory.ts';

const base = sampleDirectory()[0];
if (base === undefined) throw new Error('sample directory is empty');
const youth: Service = { ...base, minimum_age: 16, maximum_age: 25, areas: ['NR1', 'NR2'] };
const dana = { ...NO_FACTS, age: 42, district: 'NR5' };

describe('referring to a service whose rules exclude the client', () => {
  it('needs no reason when the client meets the rules, and records none', () => {
    expect(eligibilityOverride(youth, { ...NO_FACTS, age: 19, district: 'NR1' }, null)).toEqual({
      ok: true,
      value: null,
    });
    // Unknown facts never exclude: nothing to override.
    expect(eligibilityOverride(youth, NO_FACTS, 'anything')).toEqual({ ok: true, value: null });
  });

  it('is refused without a reason, or with only spaces', () => {
    for (const reason of [null, undefined, '', '   ']) {
      expect(eligibilityOverride(youth, dana, reason)).toEqual({
        ok: false,
        reason: 'not-eligible',
      });
    }
  });

  it('records every rule that excludes the client, with the reason trimmed', () => {
    expect(eligibilityOverride(youth, dana, '  Moving to NR1 next week ')).toEqual({
      ok: true,
      value: { rules: ['age', 'area'], reason: 'Moving to NR1 next week' },
    });
    const partnersOnly: Service = {
      ...base,
      eligibility: {
        ...base.eligibility,
        referring_organization_ids: ['0190a5b4-0000-7000-8000-000000000001'],
      },
    };
    const own = { ...NO_FACTS, organisationId: '0190a5b4-0000-7000-8000-000000000002' };
    expect(eligibilityOverride(partnersOnly, own, 'Agreed by phone with their manager')).toEqual({
      ok: true,
      value: { rules: ['referrer'], reason: 'Agreed by phone with their manager' },
    });
  });
});
