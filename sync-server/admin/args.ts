import { parseArgs } from 'node:util';
import { err, ok, type Result } from '#src/result.ts';
import { NATIONS, type Nation } from '#src/nations.ts';
import { ISSUE_CODES, type IssueCode } from '#src/taxonomy.ts';

/** The admin CLI's commands, parsed from argv. Pure: tested without a database. */
export type AdminCommand =
  | { name: 'help' }
  | {
      name: 'create-network';
      network: string;
      coordinatorEmail: string;
      coordinatorName: string;
      acknowledgeDays?: number;
      actDays?: number;
    }
  | { name: 'create-organisation'; organisation: string; nation: Nation }
  | {
      name: 'create-service';
      organisation: string;
      service: string;
      description: string;
      issues: IssueCode[];
      areas: string[];
      email: string | null;
      phone: string | null;
      selfReferral: boolean;
    }
  | {
      name: 'create-user';
      email: string;
      userName: string;
      role: 'adviser' | 'lead' | 'coordinator';
      organisation: string | null;
    }
  | { name: 'list-organisations' }
  | { name: 'verify-audit' };

export const HELP = `Handover network administration. Uses the same database as the server:
HANDOVER_DATA_DIR (default .handover/server) or DATABASE_URL. With PGlite, stop the
server first: a data directory can be open in one process at a time.

  help
  create-network --name NAME --coordinator-email EMAIL --coordinator-name NAME
                 [--acknowledge-days N] [--act-days N]
      Creates the network and its first coordinator; prints a one-time password.
  create-organisation --name NAME --nation ${NATIONS.join('|')}
  create-service --organisation ID|NAME --name NAME --description TEXT --issues CODE,CODE…
                 [--areas NR1,NR2…] [--email EMAIL] [--phone PHONE] [--self-referral]
      Issue codes: ${ISSUE_CODES.join(', ')}
  create-user --email EMAIL --name NAME --role adviser|lead|coordinator [--organisation ID|NAME]
      Prints a one-time password. Advisers and leads belong to an organisation.
  list-organisations
  verify-audit
      Checks the audit log's hash chain; fails if an entry was altered or removed.

Passwords are generated and printed once; never pass one on the command line.`;

type Usage = Result<never, 'usage'>;
const usage = (detail: string): Usage => err('usage', detail);

const OPTIONS = {
  name: { type: 'string' },
  'coordinator-email': { type: 'string' },
  'coordinator-name': { type: 'string' },
  'acknowledge-days': { type: 'string' },
  'act-days': { type: 'string' },
  nation: { type: 'string' },
  organisation: { type: 'string' },
  description: { type: 'string' },
  issues: { type: 'string' },
  areas: { type: 'string' },
  email: { type: 'string' },
  phone: { type: 'string' },
  role: { type: 'string' },
  'self-referral': { type: 'boolean' },
  password: { type: 'string' },
} as const;

const ALLOWED: Record<AdminCommand['name'], readonly (keyof typeof OPTIONS)[]> = {
  help: [],
  'create-network': [
    'name',
    'coordinator-email',
    'coordinator-name',
    'acknowledge-days',
    'act-days',
  ],
  'create-organisation': ['name', 'nation'],
  'create-service': [
    'organisation',
    'name',
    'description',
    'issues',
    'areas',
    'email',
    'phone',
    'self-referral',
  ],
  'create-user': ['email', 'name', 'role', 'organisation'],
  'list-organisations': [],
  'verify-audit': [],
};

const isCommandName = (s: string): s is AdminCommand['name'] => Object.hasOwn(ALLOWED, s);
const list = (s: string | undefined): string[] =>
  (s ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '');
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const parseAdminArgs = (argv: readonly string[]): Result<AdminCommand, 'usage'> => {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    return ok({ name: 'help' });
  }
  if (!isCommandName(command)) return usage(`unknown command "${command}" (try: help)`);
  let values: Partial<Record<keyof typeof OPTIONS, string | boolean>>;
  try {
    ({ values } = parseArgs({ args: [...rest], options: OPTIONS, strict: true }));
  } catch (error) {
    return usage(error instanceof Error ? error.message : 'bad arguments');
  }
  if (values.password !== undefined) {
    return usage('passwords are never given on the command line: one is generated and printed');
  }
  for (const key of Object.keys(values)) {
    if (!(ALLOWED[command] as readonly string[]).includes(key)) {
      return usage(`${command} does not take --${key}`);
    }
  }
  const str = (key: keyof typeof OPTIONS): string | undefined => {
    const v = values[key];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const need = (key: keyof typeof OPTIONS): Result<string, 'usage'> => {
    const v = str(key);
    return v === undefined ? usage(`${command} needs --${key}`) : ok(v);
  };
  const days = (key: 'acknowledge-days' | 'act-days'): Result<number | undefined, 'usage'> => {
    const v = str(key);
    if (v === undefined) return ok(undefined);
    const n = Number(v);
    return Number.isInteger(n) && n >= 1 && n <= 60 ? ok(n) : usage(`--${key} must be 1 to 60`);
  };

  switch (command) {
    case 'help':
    case 'list-organisations':
    case 'verify-audit':
      return ok({ name: command });
    case 'create-network': {
      const name = need('name');
      const email = need('coordinator-email');
      const who = need('coordinator-name');
      const ack = days('acknowledge-days');
      const act = days('act-days');
      if (!name.ok) return name;
      if (!email.ok) return email;
      if (!EMAIL.test(email.value)) return usage('--coordinator-email is not an email address');
      if (!who.ok) return who;
      if (!ack.ok) return ack;
      if (!act.ok) return act;
      return ok({
        name: command,
        network: name.value,
        coordinatorEmail: email.value,
        coordinatorName: who.value,
        ...(ack.value !== undefined && { acknowledgeDays: ack.value }),
        ...(act.value !== undefined && { actDays: act.value }),
      });
    }
    case 'create-organisation': {
      const name = need('name');
      const nation = need('nation');
      if (!name.ok) return name;
      if (!nation.ok) return nation;
      const n = NATIONS.find((x) => x === nation.value.toLowerCase());
      if (!n) return usage(`--nation must be one of ${NATIONS.join(', ')}`);
      return ok({ name: command, organisation: name.value, nation: n });
    }
    case 'create-service': {
      const org = need('organisation');
      const name = need('name');
      const description = need('description');
      if (!org.ok) return org;
      if (!name.ok) return name;
      if (!description.ok) return description;
      const issues = list(str('issues'));
      if (issues.length === 0)
        return usage('create-service needs --issues (comma-separated codes)');
      const unknown = issues.filter((i) => !(ISSUE_CODES as readonly string[]).includes(i));
      if (unknown.length > 0) return usage(`unknown issue code(s): ${unknown.join(', ')}`);
      const email = str('email') ?? null;
      if (email !== null && !EMAIL.test(email)) return usage('--email is not an email address');
      return ok({
        name: command,
        organisation: org.value,
        service: name.value,
        description: description.value,
        issues: issues as IssueCode[],
        areas: list(str('areas')).map((a) => a.toUpperCase()),
        email,
        phone: str('phone') ?? null,
        selfReferral: values['self-referral'] === true,
      });
    }
    case 'create-user': {
      const email = need('email');
      const name = need('name');
      const role = need('role');
      if (!email.ok) return email;
      if (!EMAIL.test(email.value)) return usage('--email is not an email address');
      if (!name.ok) return name;
      if (!role.ok) return role;
      const r = (['adviser', 'lead', 'coordinator'] as const).find((x) => x === role.value);
      if (!r) return usage('--role must be adviser, lead or coordinator');
      const org = str('organisation') ?? null;
      if (r !== 'coordinator' && org === null) return usage(`a ${r} needs --organisation`);
      if (r === 'coordinator' && org !== null) return usage('a coordinator has no --organisation');
      return ok({
        name: command,
        email: email.value,
        userName: name.value,
        role: r,
        organisation: org,
      });
    }
  }
};
