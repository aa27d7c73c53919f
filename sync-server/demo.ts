import { acceptAllAgreements } from '#server/accounts/agreements.ts';
import {
  createNetwork,
  createOrganisation,
  createService,
  createUser,
  type ServiceInput,
} from '#server/admin/directory.ts';
import type { Db } from '#server/db/db.ts';
import { loadNetwork } from '#server/network/load.ts';
import type { Result } from '#src/result.ts';
import type { Role } from '#src/wire/api.ts';

/**
 * Sample data to try Handover with: four agencies in made-up Norfolk towns,
 * their services, an adviser each and a coordinator. Everyone signs in with
 * DEMO_PASSWORD. Never for a real network: the name says "sample data".
 */
export const DEMO_NETWORK_NAME = 'Demo network (sample data)';
export const DEMO_PASSWORD = 'demo-password';

export type DemoSignIn = { email: string; password: string; role: Role; organisation: string };

type DemoAgency = {
  name: string;
  email: string;
  adviser: string;
  services: Omit<ServiceInput, 'organisationId'>[];
};

const AGENCIES: DemoAgency[] = [
  {
    name: 'Northgate Advice Centre',
    email: 'adviser@northgate-advice.demo',
    adviser: 'Priya Shah',
    services: [
      {
        name: 'Benefits advice',
        description:
          'Checks entitlement, helps with Universal Credit, PIP and Attendance Allowance claims, ' +
          'and challenges decisions through mandatory reconsideration and appeal.',
        issues: ['welfare-benefits', 'advocacy'],
        areas: ['NR1', 'NR2', 'NR3', 'NR5', 'NR6'],
        phone: '01603 000101',
      },
      {
        name: 'Debt advice',
        description:
          'Free, confidential help with priority debts, bailiffs, council tax arrears, ' +
          'Breathing Space and Debt Relief Orders.',
        issues: ['debt', 'financial-capability'],
        phone: '01603 000102',
      },
      {
        name: 'Energy and water help',
        description:
          'Help with fuel debt, prepayment meters, Warm Home Discount and social tariffs for water.',
        issues: ['utilities', 'debt'],
      },
    ],
  },
  {
    name: 'Wensum Valley Foodbank',
    email: 'adviser@wensum-foodbank.demo',
    adviser: 'Tom Easton',
    services: [
      {
        name: 'Emergency food parcels',
        description:
          'Three days of nutritionally balanced food for a household in crisis, ' +
          'collected from the Dereham or Fakenham centres or delivered where needed.',
        issues: ['food-support'],
        areas: ['NR19', 'NR20', 'NR21'],
        acceptsSelfReferral: false,
      },
      {
        name: 'Fuel vouchers',
        description: 'Top-ups for prepayment meters for households referred with a food parcel.',
        issues: ['utilities', 'food-support'],
        receiving: { state: 'paused', until: '2099-01-05', reason: 'Funding round closed' },
      },
    ],
  },
  {
    name: 'Broadland Housing Trust',
    email: 'adviser@broadland-housing.demo',
    adviser: 'Grace Okafor',
    services: [
      {
        name: 'Tenancy sustainment',
        description:
          'Support to keep a home: rent arrears, repairs, neighbour disputes and ' +
          'setting up a new tenancy.',
        issues: ['housing', 'debt'],
        areas: ['NR7', 'NR8', 'NR12', 'NR13'],
      },
      {
        name: 'Homelessness prevention',
        description:
          'Casework for people served with a Section 21 or Section 8 notice, or at risk ' +
          'of losing their home in the next 56 days.',
        issues: ['housing', 'advocacy'],
      },
    ],
  },
  {
    name: 'Yare District Council Welfare Team',
    email: 'adviser@yare-council.demo',
    adviser: 'Martin Doyle',
    services: [
      {
        name: 'Household Support Fund',
        description:
          'One-off grants for food, energy and essential household items for residents in hardship.',
        issues: ['food-support', 'utilities', 'welfare-benefits'],
        areas: ['NR29', 'NR30', 'NR31'],
      },
    ],
  },
];

const must = <T>(result: Result<T, string>): T => {
  if (!result.ok) throw new Error(`demo seed failed: ${result.reason} ${result.detail ?? ''}`);
  return result.value;
};

/** Seeds the demo network if the database has none; returns the sign-ins, or null if it had one. */
export const seedDemo = async (db: Db): Promise<DemoSignIn[] | null> => {
  if (await loadNetwork(db)) return null;
  must(await createNetwork(db, { name: DEMO_NETWORK_NAME }));
  const signIns: DemoSignIn[] = [];
  for (const agency of AGENCIES) {
    const org = must(
      await createOrganisation(db, { name: agency.name, nation: 'england-and-wales' }),
    );
    for (const service of agency.services) {
      must(await createService(db, { ...service, organisationId: org.id }));
    }
    must(
      await createUser(db, {
        email: agency.email,
        name: agency.adviser,
        role: 'adviser',
        organisationId: org.id,
        password: DEMO_PASSWORD,
      }),
    );
    signIns.push({
      email: agency.email,
      password: DEMO_PASSWORD,
      role: 'adviser',
      organisation: agency.name,
    });
    // One agency lead, to try what leads do: pause a service, keep it up to date, invite staff.
    if (agency === AGENCIES[1]) {
      const lead = 'lead@wensum-foodbank.demo';
      must(
        await createUser(db, {
          email: lead,
          name: 'Lee Lead',
          role: 'lead',
          organisationId: org.id,
          password: DEMO_PASSWORD,
        }),
      );
      signIns.push({
        email: lead,
        password: DEMO_PASSWORD,
        role: 'lead',
        organisation: agency.name,
      });
    }
  }
  const coordinator = 'coordinator@network.demo';
  must(
    await createUser(db, {
      email: coordinator,
      name: 'Sam Coordinator',
      role: 'coordinator',
      organisationId: null,
      password: DEMO_PASSWORD,
    }),
  );
  signIns.push({
    email: coordinator,
    password: DEMO_PASSWORD,
    role: 'coordinator',
    organisation: '(network)',
  });
  // A demo to try referrals straight away: the agreements count as accepted.
  await acceptAllAgreements(db);
  return signIns;
};
