import type { ClientDetails } from '#src/casework/schemas.ts';

/** A client's details for tests: a name and nothing else, unless given. */
export const details = (over: Partial<ClientDetails> = {}): ClientDetails => ({
  name: 'Dana Example',
  otherNames: null,
  dateOfBirth: null,
  phone: null,
  email: null,
  address: null,
  postcode: null,
  preferredContact: null,
  contactNotes: null,
  household: null,
  language: null,
  interpreterNeeded: false,
  accessibilityNeeds: null,
  vulnerabilities: [],
  ...over,
});
