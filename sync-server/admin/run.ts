import {
  createNetwork,
  createOrganisation,
  createService,
  createUser,
  listOrganisations,
} from '#server/admin/directory.ts';
import { HELP, parseAdminArgs, type AdminCommand } from '#server/admin/args.ts';
import { verifyAudit } from '#server/audit/log.ts';
import { HSDS_COMMANDS, HSDS_HELP, runHsdsAdmin } from '#server/hsds/admin.ts';
import { CONTACT_COMMAND, CONTACT_HELP, runContactAdmin } from '#server/admin/contact.ts';
import {
  runSessionsAdmin,
  SESSIONS_COMMAND,
  SESSIONS_HELP,
} from '#server/admin/session-lifetimes.ts';
import { generatePassword } from '#server/auth/passwords.ts';
import type { Db } from '#server/db/db.ts';
import { DataDirInUseError, openDb } from '#server/db/open.ts';
import { isUuid } from '#src/ids.ts';
import type { Result } from '#src/result.ts';

export type AdminIo = {
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  err: (line: string) => void;
};

/** Exit codes: 0 done, 1 refused or failed, 2 bad arguments. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

const WORDS: Record<string, string> = {
  'network-exists': 'this server already has a network',
  'email-taken': 'an account with that email already exists',
  'organisation-not-found': 'no such organisation (see list-organisations)',
  'organisation-required': 'advisers and leads belong to an organisation',
  'organisation-ambiguous': 'several organisations have that name: use its id',
  invalid: 'invalid input',
};

class Refused extends Error {}

const must = <T>(result: Result<T, string>): T => {
  if (result.ok) return result.value;
  const words = WORDS[result.reason] ?? result.reason;
  throw new Refused(result.detail ? `${words}: ${result.detail}` : words);
};

const findOrganisation = async (db: Db, idOrName: string): Promise<string> => {
  const rows = isUuid(idOrName)
    ? await db.query<{ id: string }>('select id from organisations where id = $1', [idOrName])
    : await db.query<{ id: string }>('select id from organisations where lower(name) = lower($1)', [
        idOrName,
      ]);
  if (rows.length > 1) throw new Refused(WORDS['organisation-ambiguous']);
  const [row] = rows;
  if (!row) throw new Refused(WORDS['organisation-not-found']);
  return row.id;
};

const run = async (db: Db, c: Exclude<AdminCommand, { name: 'help' }>, io: AdminIo) => {
  switch (c.name) {
    case 'create-network': {
      const network = must(
        await createNetwork(db, {
          name: c.network,
          settings: {
            ...(c.acknowledgeDays !== undefined && { acknowledgeDays: c.acknowledgeDays }),
            ...(c.actDays !== undefined && { actDays: c.actDays }),
          },
        }),
      );
      const password = generatePassword();
      const user = must(
        await createUser(db, {
          email: c.coordinatorEmail,
          name: c.coordinatorName,
          role: 'coordinator',
          organisationId: null,
          password,
          mustChangePassword: true,
        }),
      );
      io.out(`Created network "${network.name}" (${network.id}).`);
      io.out(`Coordinator ${user.email}: one-time password ${password}`);
      io.out(
        'Give it to them privately; it is not shown again. They choose their own at first sign-in.',
      );
      return;
    }
    case 'create-organisation': {
      const org = must(await createOrganisation(db, { name: c.organisation, nation: c.nation }));
      io.out(`Created organisation "${org.name}" (${org.id}), ${org.nation}.`);
      return;
    }
    case 'create-service': {
      const organisationId = await findOrganisation(db, c.organisation);
      const service = must(
        await createService(db, {
          organisationId,
          name: c.service,
          description: c.description,
          issues: c.issues,
          areas: c.areas,
          email: c.email,
          phone: c.phone,
          acceptsSelfReferral: c.selfReferral,
          // A new service starts paused: its lead turns referrals on from their desk.
          receiving: {
            state: 'paused',
            until: null,
            reason: 'New service: not taking referrals yet',
          },
        }),
      );
      io.out(
        `Created service "${c.service}" (${service.id}). It is paused until its lead turns referrals on.`,
      );
      return;
    }
    case 'create-user': {
      const organisationId =
        c.organisation === null ? null : await findOrganisation(db, c.organisation);
      const password = generatePassword();
      const user = must(
        await createUser(db, {
          email: c.email,
          name: c.userName,
          role: c.role,
          organisationId,
          password,
          mustChangePassword: true,
        }),
      );
      io.out(`Created ${user.role} ${user.email} (${user.id}): one-time password ${password}`);
      io.out(
        'Give it to them privately; it is not shown again. They choose their own at first sign-in.',
      );
      return;
    }
    case 'verify-audit': {
      const verdict = await verifyAudit(db);
      if (!verdict.ok) {
        throw new Refused(
          `the audit log has been tampered with: entry ${verdict.entry} ${
            verdict.problem === 'altered'
              ? 'was altered'
              : 'does not follow the one before (an entry was removed)'
          }`,
        );
      }
      io.out(`The audit log is intact: ${verdict.entries} entries, last hash ${verdict.lastHash}.`);
      return;
    }
    case 'list-organisations': {
      const orgs = await listOrganisations(db);
      if (orgs.length === 0) io.out('No organisations yet.');
      for (const o of orgs) {
        io.out(`${o.id}  ${o.name}  (${o.nation}; ${o.services} services, ${o.users} users)`);
      }
      return;
    }
  }
};

/** The admin CLI without the process around it: testable, returns the exit code. */
export const runAdmin = async (argv: readonly string[], io: AdminIo): Promise<number> => {
  if ((HSDS_COMMANDS as readonly string[]).includes(argv[0] ?? '')) return runHsdsAdmin(argv, io);
  if (argv[0] === CONTACT_COMMAND) return runContactAdmin(argv, io);
  if (argv[0] === SESSIONS_COMMAND) return runSessionsAdmin(argv, io);
  const parsed = parseAdminArgs(argv);
  if (!parsed.ok) {
    io.err(`handover admin: ${parsed.detail ?? 'bad arguments'}`);
    return EXIT.usage;
  }
  const command = parsed.value;
  if (command.name === 'help') {
    io.out(
      `${HELP}\n\nOpen Referral (HSDS 3):\n${HSDS_HELP}\n\nEmail:\n${CONTACT_HELP}\n\nSessions:\n${SESSIONS_HELP}`,
    );
    return EXIT.ok;
  }
  const databaseUrl = io.env.DATABASE_URL === '' ? undefined : io.env.DATABASE_URL;
  let db: Db;
  try {
    db = await openDb(
      databaseUrl ? { databaseUrl } : { dataDir: io.env.HANDOVER_DATA_DIR ?? '.handover/server' },
    );
  } catch (error) {
    if (error instanceof DataDirInUseError) {
      io.err(`handover admin: ${error.message}`);
      return EXIT.failed;
    }
    io.err(
      `handover admin: cannot open the database: ${error instanceof Error ? error.message : 'unknown error'}`,
    );
    return EXIT.failed;
  }
  try {
    await run(db, command, io);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof Refused) {
      io.err(`handover admin: ${error.message}`);
      return EXIT.failed;
    }
    throw error;
  } finally {
    await db.close();
  }
};
