import { z } from 'zod';
import { hashPassword } from '#server/auth/passwords.ts';
import { changeTx } from '#server/changes/write.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { loadNetwork, loadOrganisation } from '#server/network/load.ts';
import { newId } from '#src/ids.ts';
import { err, ok, type Result } from '#src/result.ts';
import { roleSchema, type Role, type User } from '#src/wire/api.ts';
import {
  capacitySchema,
  issueCodeSchema,
  nationSchema,
  receivingSchema,
  serviceDetailsSchema,
  type Capacity,
  type Organisation,
  type Receiving,
} from '#src/wire/directory.ts';
import type { Nation } from '#src/nations.ts';
import type { IssueCode } from '#src/taxonomy.ts';
import {
  DEFAULT_NETWORK_SETTINGS,
  networkSettingsSchema,
  type Network,
  type NetworkSettings,
} from '#src/wire/network.ts';

/**
 * Setting up a network: the functions behind the admin CLI, the demo seed and
 * the tests. Writes that clients should hear about (services) add change rows.
 */

const detailOf = (error: z.ZodError): string =>
  error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.code}`).join('; ');

export type NetworkInput = { name: string; settings?: Partial<NetworkSettings> };

export const createNetwork = async (
  db: Db,
  input: NetworkInput,
): Promise<Result<Network, 'network-exists' | 'invalid'>> => {
  const parsed = z
    .object({ name: z.string().trim().min(1).max(200), settings: networkSettingsSchema })
    .safeParse({ name: input.name, settings: { ...DEFAULT_NETWORK_SETTINGS, ...input.settings } });
  if (!parsed.success) return err('invalid', detailOf(parsed.error));
  const network: Network = { id: newId(), ...parsed.data };
  return db.tx(async (q) => {
    if (await loadNetwork(q)) return err('network-exists');
    await q.query('insert into network (id, name, settings) values ($1, $2, $3::text::jsonb)', [
      network.id,
      network.name,
      json(network.settings),
    ]);
    return ok(network);
  });
};

export type OrganisationInput = { name: string; nation: Nation };

export const createOrganisation = async (
  db: Db,
  input: OrganisationInput,
  now: Date = new Date(),
): Promise<Result<Organisation, 'invalid'>> => {
  const parsed = z
    .object({ name: z.string().trim().min(1).max(200), nation: nationSchema })
    .safeParse(input);
  if (!parsed.success) return err('invalid', detailOf(parsed.error));
  const organisation: Organisation = { id: newId(), ...parsed.data };
  await db.query(
    'insert into organisations (id, name, nation, created_at) values ($1, $2, $3, $4)',
    [organisation.id, organisation.name, organisation.nation, now.toISOString()],
  );
  return ok(organisation);
};

export type ServiceInput = {
  organisationId: string;
  name: string;
  description: string;
  issues: IssueCode[];
  /** Postcode districts served; empty or missing = anywhere in the network. */
  areas?: string[];
  email?: string | null;
  phone?: string | null;
  acceptsSelfReferral?: boolean;
  receiving?: Receiving;
  capacity?: Capacity;
  /** HSDS 3 details: contacts, schedules, languages, eligibility rules… */
  details?: z.input<typeof serviceDetailsSchema>;
};

const serviceInputSchema = z.object({
  organisationId: z.uuid(),
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(5000),
  issues: z.array(issueCodeSchema).max(30),
  areas: z.array(z.string().trim().toUpperCase().min(2).max(10)).max(500).default([]),
  email: z.email().max(320).nullable().default(null),
  phone: z.string().trim().max(40).nullable().default(null),
  acceptsSelfReferral: z.boolean().default(false),
  receiving: receivingSchema.default({ state: 'receiving', until: null, reason: null }),
  capacity: capacitySchema.default({ status: 'capacity', places: null }),
  details: serviceDetailsSchema.default(serviceDetailsSchema.parse({})),
});

export const createService = async (
  db: Db,
  input: ServiceInput,
  now: Date = new Date(),
): Promise<Result<{ id: string }, 'invalid' | 'organisation-not-found'>> => {
  const parsed = serviceInputSchema.safeParse(input);
  if (!parsed.success) return err('invalid', detailOf(parsed.error));
  const s = parsed.data;
  const id = newId();
  return changeTx(
    db,
    async (tx) => {
      if (!(await loadOrganisation(tx, s.organisationId))) return err('organisation-not-found');
      await tx.query(
        `insert into services (id, organisation_id, name, description, issues, areas, email, phone,
            accepts_self_referral, receiving_state, receiving_until, receiving_reason, updated_at,
            capacity_status, capacity_places, details)
         values ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9, $10, $11, $12, $13,
            $14, $15, $16::text::jsonb)`,
        [
          id,
          s.organisationId,
          s.name,
          s.description,
          [...new Set(s.issues)],
          [...new Set(s.areas)],
          s.email,
          s.phone,
          s.acceptsSelfReferral,
          s.receiving.state,
          s.receiving.until,
          s.receiving.reason,
          now.toISOString(),
          s.capacity.status,
          s.capacity.places,
          json(s.details),
        ],
      );
      await tx.change('service', id, null);
      return ok({ id });
    },
    now,
  );
};

export type UserInput = {
  email: string;
  name: string;
  role: Role;
  /** Required for advisers and leads; coordinators and administrators may have none. */
  organisationId: string | null;
  password: string;
  /** A one-time password (the admin tool's): sign-in first asks for a new one (#6). */
  mustChangePassword?: boolean;
};

export const MIN_PASSWORD_LENGTH = 12;

const userInputSchema = z.object({
  email: z.email().max(320).toLowerCase(),
  name: z.string().trim().min(1).max(200),
  role: roleSchema,
  organisationId: z.uuid().nullable(),
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1000),
  /** A one-time password (the admin tool's): sign-in first asks for a new one (#6). */
  mustChangePassword: z.boolean().default(false),
});

export const createUser = async (
  db: Db,
  input: UserInput,
  now: Date = new Date(),
): Promise<
  Result<User, 'invalid' | 'email-taken' | 'organisation-required' | 'organisation-not-found'>
> => {
  const parsed = userInputSchema.safeParse(input);
  if (!parsed.success) return err('invalid', detailOf(parsed.error));
  const u = parsed.data;
  if (u.organisationId === null && (u.role === 'adviser' || u.role === 'lead')) {
    return err('organisation-required');
  }
  const passwordHash = await hashPassword(u.password);
  const user: User = {
    id: newId(),
    email: u.email,
    name: u.name,
    role: u.role,
    organisationId: u.organisationId,
  };
  return db.tx(async (q) => {
    if (u.organisationId !== null && !(await loadOrganisation(q, u.organisationId))) {
      return err('organisation-not-found');
    }
    const [taken] = await q.query('select 1 from users where email = $1', [u.email]);
    if (taken) return err('email-taken');
    await q.query(
      `insert into users (id, organisation_id, email, name, role, password_hash, created_at,
          must_change_password)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        user.id,
        user.organisationId,
        user.email,
        user.name,
        user.role,
        passwordHash,
        now.toISOString(),
        u.mustChangePassword,
      ],
    );
    return ok(user);
  });
};

export type OrganisationSummary = Organisation & { services: number; users: number };

export const listOrganisations = async (db: Db): Promise<OrganisationSummary[]> => {
  const rows = await db.query<{
    id: string;
    name: string;
    nation: string;
    services: number;
    users: number;
  }>(
    `select o.id, o.name, o.nation,
        (select count(*) from services s where s.organisation_id = o.id) as services,
        (select count(*) from users u where u.organisation_id = o.id) as users
       from organisations o order by o.name`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nation: nationSchema.parse(r.nation),
    services: r.services,
    users: r.users,
  }));
};
