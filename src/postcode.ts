/**
 * UK postcodes. Referrals carry only the postcode *district* (the outward
 * code, "NR1" of "NR1 3AB") as routing metadata, so reports can show demand
 * by area without holding anyone's address.
 */
const FULL = /^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$/;
const OUTWARD = /^[A-Z]{1,2}[0-9][A-Z0-9]?$/;

/** Upper-cases and spaces a postcode ("nr13ab" → "NR1 3AB"); null if it is not one. */
export const normalisePostcode = (input: string): string | null => {
  const compact = input.toUpperCase().replace(/\s+/g, '');
  const m = FULL.exec(
    compact.length > 3 ? `${compact.slice(0, -3)} ${compact.slice(-3)}` : compact,
  );
  return m ? `${m[1] ?? ''} ${m[2] ?? ''}` : null;
};

/** The district of a full postcode, or of an outward code alone; null otherwise. */
export const postcodeDistrict = (input: string): string | null => {
  const full = normalisePostcode(input);
  if (full) return full.split(' ')[0] ?? null;
  const outward = input.toUpperCase().trim();
  return OUTWARD.test(outward) ? outward : null;
};
