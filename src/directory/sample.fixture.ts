import { serviceSchema, type Service } from '#src/wire/directory.ts';
import type { IssueCode } from '#src/taxonomy.ts';

/**
 * A realistic, deterministic network directory for tests: 480 services from
 * the kinds of agencies an advice network has, in twelve towns, with the
 * age ranges, areas, partner-only rules and pauses real services have.
 */
type Template = {
  name: string;
  description: string;
  issues: IssueCode[];
  ages?: [number | null, number | null];
  selfReferral?: boolean;
};

const TEMPLATES: Template[] = [
  {
    name: 'Eviction prevention',
    description: 'Urgent help when a landlord has served notice or a court date is near.',
    issues: ['housing'],
  },
  {
    name: 'Young people’s housing support',
    description: 'Supported lodgings and tenancy skills for care leavers and young people.',
    issues: ['housing'],
    ages: [16, 25],
  },
  {
    name: 'Welfare benefits advice',
    description: 'Checks entitlement, helps with Universal Credit, PIP claims and appeals.',
    issues: ['welfare-benefits'],
    selfReferral: true,
  },
  {
    name: 'Pension credit check',
    description: 'Benefits checks and form filling for people over state pension age.',
    issues: ['welfare-benefits', 'financial-capability'],
    ages: [66, null],
  },
  {
    name: 'Debt advice',
    description:
      'Priority debts, bailiffs, council tax arrears, debt relief orders and bankruptcy.',
    issues: ['debt'],
    selfReferral: true,
  },
  {
    name: 'Emergency food parcels',
    description: 'Three days of nutritionally balanced food for a household in crisis.',
    issues: ['food-support'],
  },
  {
    name: 'Energy debt grants',
    description: 'Help to clear gas and electricity arrears and switch to a fairer tariff.',
    issues: ['utilities', 'debt'],
  },
  {
    name: 'Immigration advice',
    description: 'OISC-regulated advice on visas, EU settled status and asylum support.',
    issues: ['immigration'],
    ages: [18, null],
  },
  {
    name: 'Employment rights clinic',
    description: 'Unfair dismissal, unpaid wages and discrimination at work.',
    issues: ['employment'],
    ages: [16, null],
    selfReferral: true,
  },
  {
    name: 'Carers support',
    description: 'Carer’s assessments, breaks and a listening ear for unpaid carers.',
    issues: ['carers', 'wellbeing'],
    selfReferral: true,
  },
  {
    name: 'Digital skills drop-in',
    description: 'Learn to get online, use email and manage a Universal Credit journal.',
    issues: ['digital-inclusion', 'training'],
    selfReferral: true,
  },
  {
    name: 'Mental wellbeing service',
    description: 'Counselling and peer support groups for anxiety and low mood.',
    issues: ['wellbeing'],
    ages: [18, null],
  },
  {
    name: 'Family mediation',
    description: 'Helps separating parents agree arrangements for children.',
    issues: ['family'],
  },
  {
    name: 'Job club',
    description: 'CV writing, interview practice and job search support.',
    issues: ['job-search', 'employment'],
    selfReferral: true,
  },
  {
    name: 'Independent advocacy',
    description: 'Care Act advocacy for people who need support to be heard.',
    issues: ['advocacy', 'community-care'],
  },
  {
    name: 'Small claims help',
    description: 'Preparing a money claim and going to the county court.',
    issues: ['small-claims', 'consumer'],
  },
];

export const TOWNS: { name: string; area: string; districts: string[] }[] = [
  { name: 'Northtown', area: 'NR', districts: ['NR1', 'NR2', 'NR3'] },
  { name: 'Riverside', area: 'NR', districts: ['NR4', 'NR5'] },
  { name: 'Eastfield', area: 'IP', districts: ['IP1', 'IP2'] },
  { name: 'Westbrook', area: 'IP', districts: ['IP3', 'IP4'] },
  { name: 'Southmoor', area: 'CB', districts: ['CB1', 'CB2'] },
  { name: 'Kingsley', area: 'CB', districts: ['CB3'] },
  { name: 'Ashford', area: 'PE', districts: ['PE1', 'PE2'] },
  { name: 'Millbrook', area: 'PE', districts: ['PE3'] },
  { name: 'Castleton', area: 'CO', districts: ['CO1', 'CO2'] },
  { name: 'Harbourside', area: 'CO', districts: ['CO3'] },
  { name: 'Fenwick', area: 'NR', districts: ['NR6'] },
  { name: 'Oakley', area: 'IP', districts: ['IP5'] },
];

const AGENCIES = ['Advice Centre', 'Community Trust', 'Welfare Rights Unit', 'Support Hub'];

const id = (n: number, kind: number): string =>
  `0190c0de-0000-7000-8${kind}00-${n.toString(16).padStart(12, '0')}`;

export const PARTNER_ORG = id(9999, 1);

/** 12 towns × 16 kinds of service, in 2–3 agencies per town: 480 services. */
export const sampleDirectory = (): Service[] => {
  const services: Service[] = [];
  let n = 0;
  TOWNS.forEach((town, t) => {
    for (let copy = 0; copy < 2 + (t % 2); copy += 1) {
      const agency = `${town.name} ${AGENCIES[(t + copy) % AGENCIES.length] ?? ''}`;
      const orgId = id(t * 10 + copy, 1);
      TEMPLATES.forEach((tpl, k) => {
        if (services.length >= 480) return;
        n += 1;
        // Most services cover their town's districts; every fifth takes anyone.
        const areas = n % 5 === 0 ? [] : n % 7 === 0 ? [town.area] : town.districts;
        const paused = n % 11 === 0;
        services.push(
          serviceSchema.parse({
            id: id(n, 2),
            organization_id: orgId,
            organization_name: agency,
            name: `${tpl.name} (${town.name})`,
            description: tpl.description,
            issues: tpl.issues,
            areas,
            email: null,
            phone: null,
            accepts_self_referral: tpl.selfReferral === true,
            receiving: paused
              ? { state: 'paused', until: '2099-01-01', reason: 'At capacity' }
              : { state: 'receiving', until: null, reason: null },
            minimum_age: tpl.ages?.[0] ?? null,
            maximum_age: tpl.ages?.[1] ?? null,
            eligibility: {
              local_authorities: [],
              referring_organization_ids: k === 6 && copy === 0 ? [PARTNER_ORG] : [],
              other_criteria: [],
            },
            updated_at: '2026-11-01T09:00:00Z',
          }),
        );
      });
    }
  });
  return services;
};
