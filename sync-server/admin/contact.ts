import type { Db } from '#server/db/db.ts';
import { DataDirInUseError, openDb } from '#server/db/open.ts';
import { setAgencyContact } from '#server/email/contacts.ts';
import { isUuid } from '#src/ids.ts';

/**
 * `npm run admin -- set-agency-contact ORG EMAIL|none` (#3): where an
 * agency's "new referral" emails go (its designated contact, often a shared
 * inbox). `none` sends them to the agency's leads again. The email itself
 * never carries client details (email/messages.ts).
 */
export const CONTACT_COMMAND = 'set-agency-contact';

export const CONTACT_HELP = `  set-agency-contact ORG EMAIL|none
      Sends an agency's new-referral emails to EMAIL (its designated contact, often a
      shared inbox). ORG is its id or name (see list-organisations); none: back to its leads.`;

type Io = {
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  err: (line: string) => void;
};

const open = async (io: Io): Promise<Db | null> => {
  const databaseUrl = io.env.DATABASE_URL === '' ? undefined : io.env.DATABASE_URL;
  try {
    return await openDb(
      databaseUrl ? { databaseUrl } : { dataDir: io.env.HANDOVER_DATA_DIR ?? '.handover/server' },
    );
  } catch (error) {
    io.err(
      `handover admin: ${error instanceof DataDirInUseError ? error.message : 'cannot open the database'}`,
    );
    return null;
  }
};

type Found = { id: string; name: string } | 'none' | 'several';

const findOrganisation = async (db: Db, idOrName: string): Promise<Found> => {
  const rows = isUuid(idOrName)
    ? await db.query<{ id: string; name: string }>(
        'select id, name from organisations where id = $1',
        [idOrName],
      )
    : await db.query<{ id: string; name: string }>(
        'select id, name from organisations where lower(name) = lower($1)',
        [idOrName.trim()],
      );
  const [row] = rows;
  return rows.length > 1 ? 'several' : (row ?? 'none');
};

/** Exit codes as the rest of the admin tool: 0 done, 1 refused or failed, 2 bad arguments. */
export const runContactAdmin = async (argv: readonly string[], io: Io): Promise<number> => {
  const [, organisation, email, ...extra] = argv;
  if (
    organisation === undefined ||
    email === undefined ||
    organisation.startsWith('-') ||
    email.startsWith('-') ||
    extra.length > 0
  ) {
    io.err(
      `handover admin: ${CONTACT_COMMAND} takes an organisation and an email address, or none`,
    );
    return 2;
  }
  const db = await open(io);
  if (db === null) return 1;
  try {
    const found = await findOrganisation(db, organisation);
    if (found === 'none') {
      io.err('handover admin: no such organisation (see list-organisations)');
      return 1;
    }
    if (found === 'several') {
      io.err('handover admin: several organisations have that name: use its id');
      return 1;
    }
    const clear = email.trim().toLowerCase() === 'none';
    const set = await setAgencyContact(db, found.id, clear ? null : email);
    if (!set.ok) {
      io.err(
        set.reason === 'invalid'
          ? `handover admin: "${email}" is not an email address`
          : 'handover admin: no such organisation (see list-organisations)',
      );
      return 1;
    }
    io.out(
      set.value === null
        ? `New-referral emails for "${found.name}" go to its leads again.`
        : `New-referral emails for "${found.name}" go to ${set.value}.`,
    );
    return 0;
  } finally {
    await db.close();
  }
};
