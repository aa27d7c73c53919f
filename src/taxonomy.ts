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

export type IssueCode = (typeof ISSUE_CATEGORIES)[number]['code'];

export const ISSUE_CODES = ISSUE_CATEGORIES.map((c) => c.code) as [IssueCode, ...IssueCode[]];

const labels: ReadonlyMap<string, string> = new Map(ISSUE_CATEGORIES.map((c) => [c.code, c.label]));

export const issueLabel = (code: string): string => labels.get(code) ?? code;
