import { z } from 'zod';
import { clientDetailsSchema } from '#src/casework/schemas.ts';
import type { ClientDetails } from '#src/casework/schemas.ts';
import { text } from '#src/wire/text.ts';

/**
 * Importing an agency's existing client list from a CSV file: which column
 * holds which detail (the mapping), a preview with every row's problems, and
 * an import that happens only when no row has a problem.
 */
export const IMPORT_FIELDS = [
  { field: 'name', label: 'Full name', guesses: ['name', 'full name', 'client name', 'client'] },
  { field: 'otherNames', label: 'Other names', guesses: ['other names', 'aka', 'alias'] },
  {
    field: 'dateOfBirth',
    label: 'Date of birth',
    guesses: ['date of birth', 'dob', 'birth date', 'born'],
  },
  { field: 'phone', label: 'Phone', guesses: ['phone', 'telephone', 'mobile', 'tel'] },
  { field: 'email', label: 'Email', guesses: ['email', 'e-mail', 'email address'] },
  { field: 'address', label: 'Address', guesses: ['address', 'street'] },
  { field: 'postcode', label: 'Postcode', guesses: ['postcode', 'post code', 'zip'] },
  { field: 'language', label: 'Preferred language', guesses: ['language', 'first language'] },
  { field: 'household', label: 'Household', guesses: ['household'] },
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number]['field'];

export const MAX_IMPORT_CHARS = 900_000;

/** Column index (0-based) for each detail, or null when the file has none. */
export const importMappingSchema = z.object(
  Object.fromEntries(
    IMPORT_FIELDS.map((f) => [f.field, z.int().min(0).max(200).nullable()]),
  ) as Record<ImportField, z.ZodNullable<z.ZodInt>>,
);
export type ImportMapping = z.infer<typeof importMappingSchema>;

export const importRequestSchema = z.object({
  csv: text(
    MAX_IMPORT_CHARS,
    'The file is too large to import at once. Split it into smaller files.',
  ),
  /** null: guess from the header row. */
  mapping: importMappingSchema.nullable(),
});

export type ImportRow = { line: number; name: string; problems: string[] };
export type ImportPreview = {
  headers: string[];
  mapping: ImportMapping;
  rows: ImportRow[];
  problemRows: number;
};

/** Guesses the mapping from the header row's words. */
export const guessMapping = (headers: readonly string[]): ImportMapping => {
  const normal = headers.map((h) => h.trim().toLowerCase().replace(/[_.]+/g, ' '));
  const mapping = {} as Record<ImportField, number | null>;
  for (const f of IMPORT_FIELDS) {
    const index = normal.findIndex((h) => (f.guesses as readonly string[]).includes(h));
    mapping[f.field] = index < 0 ? null : index;
  }
  return mapping;
};

/** "17/05/1980" or "1980-05-17" → "1980-05-17"; anything else is kept for the schema to refuse. */
const isoFromUk = (text: string): string => {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  return m
    ? `${m[3] ?? ''}-${(m[2] ?? '').padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`
    : text.trim();
};

/** One CSV row as client details, or the problems with it, in words. */
export const rowToDetails = (
  row: readonly string[],
  mapping: ImportMapping,
): { ok: true; details: ClientDetails } | { ok: false; problems: string[] } => {
  const cell = (field: ImportField): string => {
    const index = mapping[field];
    return index === null ? '' : (row[index] ?? '').trim();
  };
  const dob = cell('dateOfBirth');
  const parsed = clientDetailsSchema.safeParse({
    name: cell('name'),
    otherNames: cell('otherNames'),
    dateOfBirth: dob === '' ? null : isoFromUk(dob),
    phone: cell('phone'),
    email: cell('email'),
    address: cell('address'),
    postcode: cell('postcode'),
    preferredContact: null,
    contactNotes: '',
    household: cell('household'),
    language: cell('language'),
    interpreterNeeded: false,
    accessibilityNeeds: '',
    vulnerabilities: [],
  });
  if (parsed.success) return { ok: true, details: parsed.data };
  const labels = new Map<string, string>(IMPORT_FIELDS.map((f) => [f.field, f.label]));
  return {
    ok: false,
    problems: parsed.error.issues.map((i) => {
      const field = String(i.path[0] ?? '');
      const message = field === 'dateOfBirth' ? 'Enter the date like 17/05/1980' : i.message;
      return `${labels.get(field) ?? field}: ${message}`;
    }),
  };
};
