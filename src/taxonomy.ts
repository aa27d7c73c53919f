/**
 * The issue categories advice networks use to describe what a client needs
 * and what a service helps with. The same codes label cases, referrals and
 * directory services. Networks may extend the list later; codes are stable.
 */
export const ISSUE_CATEGORIES = [
  { code: 'welfare-benefits', label: 'Welfare benefits' },
  { code: 'debt', label: 'Debt' },
  { code: 'housing', label: 'Housing' },
  { code: 'employment', label: 'Employment' },
  { code: 'immigration', label: 'Immigration' },
  { code: 'consumer', label: 'Consumer' },
  { code: 'utilities', label: 'Utilities and energy' },
  { code: 'food-support', label: 'Food support' },
  { code: 'family', label: 'Family' },
  { code: 'community-care', label: 'Community care' },
  { code: 'carers', label: 'Carers' },
  { code: 'advocacy', label: 'Advocacy' },
  { code: 'financial-capability', label: 'Financial capability' },
  { code: 'digital-inclusion', label: 'Digital inclusion' },
  { code: 'wellbeing', label: 'Wellbeing and mental health' },
  { code: 'volunteering', label: 'Volunteering' },
  { code: 'training', label: 'Training' },
  { code: 'job-search', label: 'Job search' },
  { code: 'small-claims', label: 'Small claims' },
] as const;

/** The categories every network starts with. */
export type BaseIssueCode = (typeof ISSUE_CATEGORIES)[number]['code'];
/**
 * A category a network's coordinator added (#4). Its code starts "x-", so it
 * can never clash with a category added to the standard list later.
 */
export type CustomIssueCode = `x-${string}`;
export type IssueCode = BaseIssueCode | CustomIssueCode;
export type IssueCategory = { code: IssueCode; label: string };

export const ISSUE_CODES = ISSUE_CATEGORIES.map((c) => c.code) as [
  BaseIssueCode,
  ...BaseIssueCode[],
];

/** The rest of a custom code after "x-": lower-case words joined by hyphens. */
export const CUSTOM_CODE_TAIL = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** The code for a category a coordinator names: "Cost of living" → "x-cost-of-living". */
export const customIssueCode = (label: string): CustomIssueCode | null => {
  const tail = label
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return CUSTOM_CODE_TAIL.test(tail) ? `x-${tail}` : null;
};

const labels: ReadonlyMap<string, string> = new Map(ISSUE_CATEGORIES.map((c) => [c.code, c.label]));

export const issueLabel = (code: string): string => labels.get(code) ?? code;

/** Labels that also know the network's own categories (#4): `codes.map(issueLabelIn(extra))`. */
export const issueLabelIn =
  (extra: readonly IssueCategory[]) =>
  (code: string): string =>
    labels.get(code) ?? extra.find((c) => c.code === code)?.label ?? code;
