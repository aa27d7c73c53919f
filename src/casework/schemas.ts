import { z } from 'zod';
import { isoDate, issueCodeSchema } from '#src/wire/directory.ts';
import { PREFERRED_CONTACT } from '#src/wire/referral.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import { day } from '#src/wire/dates.ts';
import { line, text } from '#src/wire/text.ts';

/**
 * Casework on the desk: what an adviser records about a client and their
 * cases. These schemas are the contract's requests (renderer → main) and the
 * only way casework enters the store.
 */

/** A YYYY-MM-DD date the adviser must give, with words for when it is missing. */
const dateGiven = day('Enter a date, for example 27 3 2027');
/** Several lines, or nothing (null). */
const optionalText = (max: number) =>
  text(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();
/** One line, or nothing (null). */
const optionalLine = (max: number) =>
  line(max)
    .transform((s) => (s === '' ? null : s))
    .nullable();

/** Things that change how an adviser should work with someone. Codes are stable. */
export const VULNERABILITY_FLAGS = [
  { code: 'domestic-abuse', label: 'Domestic abuse' },
  { code: 'mental-health', label: 'Mental health condition' },
  { code: 'physical-disability', label: 'Physical disability or long-term illness' },
  { code: 'learning-disability', label: 'Learning disability' },
  { code: 'low-literacy', label: 'Difficulty reading or writing' },
  { code: 'digital-exclusion', label: 'No internet or device' },
  { code: 'bereavement', label: 'Recently bereaved' },
  { code: 'homeless', label: 'Homeless or at risk' },
  { code: 'care-leaver', label: 'Care leaver' },
  { code: 'carer', label: 'Unpaid carer' },
  { code: 'financial-crisis', label: 'No money for food or fuel' },
] as const;
export type VulnerabilityFlag = (typeof VULNERABILITY_FLAGS)[number]['code'];
const FLAG_CODES = VULNERABILITY_FLAGS.map((f) => f.code) as [
  VulnerabilityFlag,
  ...VulnerabilityFlag[],
];
const flagLabels: ReadonlyMap<string, string> = new Map(
  VULNERABILITY_FLAGS.map((f) => [f.code, f.label]),
);
export const vulnerabilityLabel = (code: string): string => flagLabels.get(code) ?? code;

/** Everything recorded about a client. Only the name is required. */
export const clientDetailsSchema = z.object({
  name: line(200).min(1, 'Enter the client’s name'),
  otherNames: optionalLine(300),
  dateOfBirth: isoDate.nullable(),
  phone: optionalLine(40),
  email: z
    .union([z.literal(''), z.email('Enter an email address like name@example.org').max(320)])
    .transform((s) => (s === '' ? null : s))
    .nullable(),
  address: optionalText(500),
  postcode: optionalLine(10),
  preferredContact: z.enum(PREFERRED_CONTACT).nullable(),
  contactNotes: optionalText(500),
  household: optionalText(1000),
  language: optionalLine(100),
  interpreterNeeded: z.boolean(),
  accessibilityNeeds: optionalText(1000),
  vulnerabilities: z.array(z.enum(FLAG_CODES)).max(FLAG_CODES.length),
});
export type ClientDetailsInput = z.input<typeof clientDetailsSchema>;
export type ClientDetails = z.output<typeof clientDetailsSchema>;

export const saveClientSchema = z.object({
  /** null: a new client. */
  id: z.uuid().nullable(),
  details: clientDetailsSchema,
});

export const CASE_STATUSES = ['open', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const caseInputSchema = z.object({
  clientId: z.uuid(),
  issues: z.array(issueCodeSchema).min(1, 'Choose at least one issue').max(30),
  summary: optionalText(2000),
  openedOn: dateGiven,
});

export const caseUpdateSchema = z.object({
  id: z.uuid(),
  issues: z.array(issueCodeSchema).min(1, 'Choose at least one issue').max(30),
  summary: optionalText(2000),
  status: z.enum(CASE_STATUSES),
  /** When closing; defaults to today. */
  closedOn: isoDate.nullable(),
});

export type Case = {
  id: string;
  clientId: string;
  /** The reference an adviser quotes on the phone: HC-B-2026-0042 (older stores: HC-2026-0042). */
  reference: string;
  issues: IssueCode[];
  summary: string | null;
  adviser: string;
  status: CaseStatus;
  openedOn: string;
  closedOn: string | null;
  createdAt: string;
  updatedAt: string;
};

export const noteInputSchema = z.object({
  caseId: z.uuid(),
  text: text(20_000).min(1, 'Write the note'),
});

export type CaseNote = {
  id: string;
  caseId: string;
  clientId: string;
  text: string;
  writtenBy: string;
  writtenAt: string;
};

export const TASK_KINDS = ['task', 'key-date'] as const;
export type TaskKind = (typeof TASK_KINDS)[number];

export const taskInputSchema = z
  .object({
    caseId: z.uuid(),
    kind: z.enum(TASK_KINDS),
    title: line(300).min(1, 'Say what needs doing, or what the date is'),
    dueOn: dateGiven,
    /** The day the desk reminds the adviser; on or before the due date. */
    remindOn: isoDate.nullable(),
  })
  .refine((t) => t.remindOn === null || t.remindOn <= t.dueOn, {
    path: ['remindOn'],
    message: 'The reminder must be on or before the date it is due',
  });

export type CaseTask = {
  id: string;
  caseId: string;
  clientId: string;
  kind: TaskKind;
  title: string;
  dueOn: string;
  remindOn: string | null;
  doneAt: string | null;
  createdBy: string;
  createdAt: string;
};

/**
 * Documents an adviser imports: letters, photos of letters, statements. Kept
 * inside the encrypted store, never sent anywhere. 20 MB holds a long scanned
 * PDF or a phone photo at full size. Documents sent with a referral have their
 * own, smaller limit (MAX_ATTACHMENT_BYTES in src/referral/attachments.ts),
 * because those go to the network server.
 */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;
/** The longest base64 text a document of MAX_DOCUMENT_BYTES becomes. */
export const MAX_DOCUMENT_BASE64 = Math.ceil(MAX_DOCUMENT_BYTES / 3) * 4;
/** What is kept; `preview` says whether the app can show it (the rest are saved and opened elsewhere). */
export const DOCUMENT_TYPES = [
  { mediaType: 'application/pdf', label: 'PDF', preview: true },
  { mediaType: 'image/png', label: 'PNG image', preview: true },
  { mediaType: 'image/jpeg', label: 'JPEG photo', preview: true },
  { mediaType: 'text/plain', label: 'Text', preview: true },
  {
    mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    label: 'Word document',
    preview: false,
  },
  { mediaType: 'application/msword', label: 'Word document (older format)', preview: false },
  {
    mediaType: 'application/vnd.oasis.opendocument.text',
    label: 'OpenDocument text',
    preview: false,
  },
] as const;
export type DocumentMediaType = (typeof DOCUMENT_TYPES)[number]['mediaType'];
const MEDIA_TYPES = DOCUMENT_TYPES.map((t) => t.mediaType) as [
  DocumentMediaType,
  ...DocumentMediaType[],
];

export const documentInputSchema = z.object({
  caseId: z.uuid(),
  name: line(255).min(1, 'The file has no name'),
  mediaType: z.enum(
    MEDIA_TYPES,
    'Handover keeps PDF, PNG, JPEG, Word, OpenDocument and plain text files',
  ),
  /**
   * The file's bytes, base64. Checked again in main/ against the real bytes;
   * the small allowance lets a file just over the limit get main's plain
   * "too large" reason rather than a refused request.
   */
  contentBase64: z
    .string()
    .max(MAX_DOCUMENT_BASE64 + 1024, 'The file is too large')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'The file could not be read'),
});

export type CaseDocument = {
  id: string;
  caseId: string;
  clientId: string;
  name: string;
  mediaType: DocumentMediaType;
  size: number;
  addedBy: string;
  addedAt: string;
};

export const OUTCOME_KINDS = [
  { code: 'benefit-gained', label: 'Benefit gained or increased' },
  { code: 'debt-written-off', label: 'Debt written off' },
  { code: 'grant', label: 'Grant or charitable payment' },
  { code: 'other', label: 'Other outcome' },
] as const;
export type OutcomeKind = (typeof OUTCOME_KINDS)[number]['code'];
const OUTCOME_CODES = OUTCOME_KINDS.map((o) => o.code) as [OutcomeKind, ...OutcomeKind[]];
const outcomeLabels: ReadonlyMap<string, string> = new Map(
  OUTCOME_KINDS.map((o) => [o.code, o.label]),
);
export const outcomeLabel = (code: string): string => outcomeLabels.get(code) ?? code;

export const OUTCOME_PERIODS = ['one-off', 'weekly', 'monthly', 'yearly'] as const;
export type OutcomePeriod = (typeof OUTCOME_PERIODS)[number];

/** "£1,234.50", "1234.5", "80" → pence; null when blank. */
export const parsePounds = (input: string): number | null | 'invalid' => {
  const cleaned = input.trim().replace(/^£/, '').replace(/,/g, '').trim();
  if (cleaned === '') return null;
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(cleaned)) return 'invalid';
  const [pounds = '0', pence = ''] = cleaned.split('.');
  return Number(pounds) * 100 + Number(pence.padEnd(2, '0'));
};

/** 123456 → "£1,234.56". */
export const formatPence = (pence: number): string =>
  `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

export const outcomeInputSchema = z
  .object({
    caseId: z.uuid(),
    kind: z.enum(OUTCOME_CODES),
    /** Which benefit, debt or grant: "Attendance Allowance", "Council tax arrears". */
    type: line(200).min(1, 'Say which benefit, debt or grant, or what the outcome was'),
    amount: line(20),
    period: z.enum(OUTCOME_PERIODS),
    achievedOn: dateGiven,
  })
  .transform((o, ctx) => {
    const pence = parsePounds(o.amount);
    if (pence === 'invalid') {
      ctx.addIssue({
        code: 'custom',
        path: ['amount'],
        message: 'Enter an amount in pounds, like 1250 or 1,250.50',
      });
      return z.NEVER;
    }
    if (pence === null && o.kind !== 'other') {
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'Enter the amount in pounds' });
      return z.NEVER;
    }
    return { ...o, amountPence: pence };
  });

export type CaseOutcome = {
  id: string;
  caseId: string;
  clientId: string;
  kind: OutcomeKind;
  type: string;
  amountPence: number | null;
  period: OutcomePeriod;
  achievedOn: string;
  recordedBy: string;
  recordedAt: string;
};

/** A case with everything recorded on it: what the case page shows. */
export type CaseFile = {
  case: Case;
  notes: CaseNote[];
  tasks: CaseTask[];
  documents: CaseDocument[];
  outcomes: CaseOutcome[];
};

/** One line of a client's timeline, newest first. */
export type TimelineEntry =
  | { kind: 'note'; at: string; caseId: string; caseReference: string; note: CaseNote }
  | { kind: 'task'; at: string; caseId: string; caseReference: string; task: CaseTask }
  | { kind: 'document'; at: string; caseId: string; caseReference: string; document: CaseDocument }
  | { kind: 'outcome'; at: string; caseId: string; caseReference: string; outcome: CaseOutcome }
  | { kind: 'case-opened'; at: string; caseId: string; caseReference: string }
  | {
      kind: 'referral';
      at: string;
      referralId: string;
      direction: 'outgoing' | 'incoming';
      /** The other agency and service, in words. */
      with: string;
      status: string;
    };

export const SEARCH_MATCHES = [
  'name',
  'reference',
  'date-of-birth',
  'phone',
  'postcode',
  'note',
  'recent',
] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

/** A search result: the client, and why they matched. */
export type SearchHit = {
  clientId: string;
  name: string;
  dateOfBirth: string | null;
  postcode: string | null;
  match: SearchMatch;
  /** The case that matched (by reference or a note in it). */
  caseId: string | null;
  caseReference: string | null;
  /** A few words of the matching note around the match. */
  snippet: string | null;
};

export const caseworkSearchSchema = z.object({ text: line(200) });
