import { describe, expect, it } from 'vitest';
import { customIssueCode, issueLabel, issueLabelIn } from '#src/taxonomy.ts';
import { issueCodeSchema } from '#src/wire/directory.ts';

describe('categories a network adds', () => {
  it('get a code from their name that cannot clash with the standard list', () => {
    expect(customIssueCode('Cost of living')).toBe('x-cost-of-living');
    expect(customIssueCode('  Café & Warm spaces!  ')).toBe('x-cafe-warm-spaces');
    expect(customIssueCode('!!!')).toBeNull();
    expect(customIssueCode('a'.repeat(60))).toBe(`x-${'a'.repeat(40)}`);
  });

  it('are accepted by the wire schema only in the custom form', () => {
    expect(issueCodeSchema.safeParse('debt').success).toBe(true);
    expect(issueCodeSchema.safeParse('x-cost-of-living').success).toBe(true);
    for (const bad of ['cost-of-living', 'x-', 'x-Cost', 'x--a', `x-${'a'.repeat(41)}`]) {
      expect(issueCodeSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it('are named by the network’s list, the standard ones as before', () => {
    const label = issueLabelIn([{ code: 'x-cost-of-living', label: 'Cost of living' }]);
    expect(['debt', 'x-cost-of-living', 'x-unknown'].map(label)).toEqual([
      'Debt',
      'Cost of living',
      'x-unknown',
    ]);
    expect(issueLabel('debt')).toBe('Debt');
  });
});
