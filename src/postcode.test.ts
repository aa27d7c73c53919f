import { describe, expect, it } from 'vitest';
import { normalisePostcode, postcodeDistrict } from '#src/postcode.ts';

describe('postcodes', () => {
  it('normalises spacing and case', () => {
    expect(normalisePostcode('nr13ab')).toBe('NR1 3AB');
    expect(normalisePostcode(' SW1A  1AA ')).toBe('SW1A 1AA');
    expect(normalisePostcode('not a postcode')).toBeNull();
  });

  it('keeps only the district for routing metadata', () => {
    expect(postcodeDistrict('NR1 3AB')).toBe('NR1');
    expect(postcodeDistrict('ky16 9aj')).toBe('KY16');
    expect(postcodeDistrict('DD1')).toBe('DD1');
    expect(postcodeDistrict('hello')).toBeNull();
  });
});
