import type { Db, Queryable } from '#server/db/db.ts';
import { isoOf } from '#server/db/values.ts';
import {
  digestEmail,
  newReferralEmail,
  outcomeEmail,
  type ReferralFacts,
} from '#server/email/messages.ts';
import type { Mailer } from '#server/email/mailer.ts';
import type { EmailKind } from '#server/email/outbox.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import type { ReferralStatus } from '#src/referral/lifecycle.ts';
import { issueLabelIn, type IssueCode } from '#src/taxonomy.ts';
import { networkCategories } from '#server/directory/taxonomy.ts';

/** Give up on an email after this many failed tries (the change itself is safe either way). */
const MAX_ATTEMPTS = 5;
const BATCH = 50;

type FactsRow = {
  from_name: string;
  to_org: string;
  to_name: string;
  service_name: string;
  issues: IssueCode[];
  urgent: boolean;
  status: ReferralStatus;
  acknowledge_by: string;
  sent_at: Date | string;
  referrer_email: string | null;
};

/** Routing metadata only: this never reads referral_payloads. */
const loadFacts = async (
  q: Queryable,
  referralId: string,
): Promise<(ReferralFacts & { toOrgId: string; referrerEmail: string | null }) | null> => {
  const [r] = await q.query<FactsRow>(
    `select fo.name as from_name, r.to_org, tg.name as to_name, s.name as service_name, r.issues,
        r.urgent, r.status, r.acknowledge_by::text as acknowledge_by, r.sent_at,
        (select u.email from referral_events e join users u on u.id = e.actor_user_id
          where e.referral_id = r.id and e.type = 'sent' and not u.disabled limit 1) as referrer_email
       from referrals r
       join organisations fo on fo.id = r.from_org
       join organisations tg on tg.id = r.to_org
       join services s on s.id = r.to_service
      where r.id = $1`,
    [referralId],
  );
  if (!r) return null;
  return {
    fromOrg: r.from_name,
    toOrg: r.to_name,
    toOrgId: r.to_org,
    serviceName: r.service_name,
    issues: r.issues.map(issueLabelIn(await networkCategories(q))),
    urgent: r.urgent,
    status: r.status,
    acknowledgeBy: r.acknowledge_by,
    sentAt: isoOf(r.sent_at),
    referrerEmail: r.referrer_email,
  };
};

/** The agency's designated contact, or, without one, its leads. */
export const agencyContacts = async (q: Queryable, organisationId: string): Promise<string[]> => {
  const [org] = await q.query<{ notify_email: string | null }>(
    'select notify_email from organisations where id = $1',
    [organisationId],
  );
  if (org?.notify_email) return [org.notify_email];
  const leads = await q.query<{ email: string }>(
    `select email from users where organisation_id = $1 and role = 'lead' and not disabled
      order by email`,
    [organisationId],
  );
  return leads.map((l) => l.email);
};

/**
 * Sends queued referral emails. Rows are claimed with SKIP LOCKED, so
 * several instances share the work without sending one twice; a failed send
 * is retried on a later run, up to MAX_ATTEMPTS. Returns how many were sent.
 */
export const deliverEmails = async (db: Db, mailer: Mailer): Promise<number> =>
  db.tx(async (q) => {
    const rows = await q.query<{ id: string; kind: EmailKind; referral_id: string }>(
      `select id, kind, referral_id from email_outbox
        where sent_at is null and attempts < $1
        order by created_at limit $2
        for update skip locked`,
      [MAX_ATTEMPTS, BATCH],
    );
    let sent = 0;
    for (const row of rows) {
      const facts = await loadFacts(q, row.referral_id);
      const to =
        facts === null
          ? []
          : row.kind === 'new-referral'
            ? await agencyContacts(q, facts.toOrgId)
            : facts.referrerEmail === null
              ? []
              : [facts.referrerEmail];
      try {
        if (facts !== null && to.length > 0) {
          const build = row.kind === 'new-referral' ? newReferralEmail : outcomeEmail;
          await mailer.send(build(facts, to, mailer.appUrl));
          sent += 1;
        }
        // Nobody to tell counts as done: there is nothing to retry.
        await q.query(
          'update email_outbox set sent_at = now(), attempts = attempts + 1 where id = $1',
          [row.id],
        );
      } catch {
        // The SMTP server refused or was down; the error may echo addresses, so it is not logged here.
        await q.query('update email_outbox set attempts = attempts + 1 where id = $1', [row.id]);
      }
    }
    return sent;
  });

type DigestRow = {
  organisation_id: string;
  name: string;
  ack_today: number | string;
  act_today: number | string;
  overdue: number | string;
};

/** Hour (London) from which the day's digest goes out. */
export const DIGEST_HOUR = 7;

const londonHour = (now: Date): number =>
  Number(
    new Intl.DateTimeFormat('en-GB', {
      hour: '2-digit',
      hourCycle: 'h23',
      timeZone: 'Europe/London',
    }).format(now),
  );

/**
 * Once a London day (from DIGEST_HOUR), each agency with referrals due today
 * or overdue gets counts of them: no names, no details. The digest row is
 * claimed before sending, so two instances never both send one.
 */
export const sendDigests = async (db: Db, mailer: Mailer, now: Date): Promise<number> => {
  if (londonHour(now) < DIGEST_HOUR) return 0;
  const today = londonDate(now);
  const due = await db.query<DigestRow>(
    `select o.id as organisation_id, o.name,
        count(*) filter (where r.status = 'sent' and r.acknowledge_by = $1::date) as ack_today,
        count(*) filter (where r.status = 'acknowledged' and r.act_by = $1::date) as act_today,
        count(*) filter (where (r.status = 'sent' and r.acknowledge_by < $1::date)
                            or (r.status = 'acknowledged' and r.act_by < $1::date)) as overdue
       from referrals r join organisations o on o.id = r.to_org
      where r.status in ('sent', 'acknowledged')
        and not exists (select 1 from email_digests d where d.organisation_id = o.id and d.day = $1::date)
      group by o.id, o.name`,
    [today],
  );
  let sent = 0;
  for (const row of due) {
    const counts = {
      toAcknowledgeToday: Number(row.ack_today),
      toActToday: Number(row.act_today),
      overdue: Number(row.overdue),
    };
    if (counts.toAcknowledgeToday + counts.toActToday + counts.overdue === 0) continue;
    const claimed = await db.query(
      `insert into email_digests (organisation_id, day) values ($1, $2::date)
       on conflict do nothing returning organisation_id`,
      [row.organisation_id, today],
    );
    if (claimed.length === 0) continue;
    const to = await agencyContacts(db, row.organisation_id);
    if (to.length === 0) continue;
    try {
      await mailer.send(digestEmail(row.name, today, counts, to, mailer.appUrl));
      sent += 1;
    } catch {
      // A missed digest is not retried: tomorrow's carries the same news.
    }
  }
  return sent;
};
