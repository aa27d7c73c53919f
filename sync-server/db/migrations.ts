import type { Db } from '#server/db/db.ts';
import { LOCK_MIGRATIONS } from '#server/db/locks.ts';

/**
 * Forward-only, numbered migrations. Never edit one that has shipped: add the
 * next number. Each is a list of single statements (PGlite's extended query
 * protocol runs one statement per call) applied in one transaction.
 */
export type Migration = { readonly id: number; readonly name: string; readonly up: string[] };

export const MIGRATIONS: readonly Migration[] = [
  {
    id: 1,
    name: 'network, directory, accounts, referrals, change feed',
    up: [
      `create table network (
        id uuid primary key,
        name text not null,
        settings jsonb not null,
        -- one network per server
        singleton boolean not null default true unique check (singleton)
      )`,
      `create table organisations (
        id uuid primary key,
        name text not null,
        nation text not null check (nation in ('england-and-wales', 'scotland', 'northern-ireland')),
        created_at timestamptz not null
      )`,
      `create table services (
        id uuid primary key,
        organisation_id uuid not null references organisations (id),
        name text not null,
        description text not null,
        issues text[] not null,
        areas text[] not null,
        email text,
        phone text,
        accepts_self_referral boolean not null,
        receiving_state text not null check (receiving_state in ('receiving', 'paused', 'not-receiving')),
        receiving_until date,
        receiving_reason text,
        updated_at timestamptz not null
      )`,
      `create index services_organisation on services (organisation_id)`,
      `create table users (
        id uuid primary key,
        organisation_id uuid references organisations (id),
        email text not null unique check (email = lower(email)),
        name text not null,
        role text not null check (role in ('adviser', 'lead', 'coordinator', 'administrator')),
        password_hash text not null,
        disabled boolean not null default false,
        created_at timestamptz not null,
        check (organisation_id is not null or role in ('coordinator', 'administrator'))
      )`,
      `create table sessions (
        token_hash text primary key,
        user_id uuid not null references users (id),
        device text not null,
        created_at timestamptz not null,
        last_seen_at timestamptz not null
      )`,
      `create index sessions_user on sessions (user_id)`,
      // Routing metadata only: reports read this table, never the payloads.
      `create table referrals (
        id uuid primary key,
        from_org uuid not null references organisations (id),
        to_org uuid not null references organisations (id),
        to_service uuid not null references services (id),
        status text not null,
        issues text[] not null,
        postcode_district text,
        urgent boolean not null,
        sent_at timestamptz not null,
        acknowledge_by date not null,
        act_by date,
        consent jsonb not null,
        updated_at timestamptz not null,
        check (from_org <> to_org)
      )`,
      `create index referrals_from on referrals (from_org)`,
      `create index referrals_to on referrals (to_org)`,
      // The client's personal data, apart from the metadata, so that it can be
      // encrypted end to end later without touching anything else.
      `create table referral_payloads (
        referral_id uuid primary key references referrals (id),
        payload jsonb not null
      )`,
      `create table referral_events (
        n bigserial primary key,
        id uuid not null unique,
        referral_id uuid not null references referrals (id),
        type text not null,
        at timestamptz not null,
        actor_user_id uuid,
        actor_name text not null,
        actor_org_id uuid,
        actor_org_name text not null,
        data jsonb not null
      )`,
      `create index referral_events_referral on referral_events (referral_id, n)`,
      // At most once: the answer to every mutation, kept to answer a replay.
      `create table applied_mutations (
        mutation_id uuid primary key,
        user_id uuid not null references users (id),
        result jsonb not null,
        applied_at timestamptz not null
      )`,
      // The change feed. visible_to: the organisations that may see the row;
      // NULL = everyone on the network.
      `create table changes (
        seq bigserial primary key,
        kind text not null check (kind in ('referral', 'service')),
        entity_id uuid not null,
        visible_to uuid[],
        at timestamptz not null
      )`,
    ],
  },
  {
    id: 2,
    name: 'directory: service details, capacity, receiving history',
    up: [
      // HSDS 3 detail fields (contacts, schedules, languages, eligibility
      // rules…) as one validated document: the server stores and serves them,
      // the desk matches on them; nothing queries inside it.
      `alter table services add column details jsonb not null default '{}'`,
      `alter table services add column capacity_status text not null default 'capacity'
        check (capacity_status in ('capacity', 'waitlist', 'no-capacity', 'assessment-needed'))`,
      `alter table services add column capacity_places integer check (capacity_places >= 0)`,
      // Every change of receiving or capacity: who, when, what it became.
      `create table service_receiving_history (
        n bigserial primary key,
        service_id uuid not null references services (id),
        at timestamptz not null,
        actor_user_id uuid,
        actor_name text not null,
        receiving_state text not null,
        receiving_until date,
        receiving_reason text,
        capacity_status text not null,
        capacity_places integer
      )`,
      `create index service_receiving_history_service on service_receiving_history (service_id, n)`,
    ],
  },
  {
    id: 3,
    name: 'accounts: invitations, persisted sign-in lockout, session ids, two-factor',
    up: [
      // One-time codes to join or to reset a password; only a hash is kept.
      `create table invitations (
        id uuid primary key,
        code_hash text not null unique,
        purpose text not null check (purpose in ('join', 'reset')),
        email text not null check (email = lower(email)),
        name text not null,
        role text not null check (role in ('adviser', 'lead', 'coordinator', 'administrator')),
        organisation_id uuid references organisations (id),
        user_id uuid references users (id),
        invited_by uuid not null references users (id),
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      )`,
      `create index invitations_email on invitations (email)`,
      // Failed sign-ins per (email, address), kept in the database so a lockout
      // holds across restarts and instances. The key is a hash: no emails here.
      `create table sign_in_failures (
        key_hash text primary key,
        failures integer not null,
        first_at timestamptz not null,
        locked_until timestamptz
      )`,
      // A stable id per session, to show and sign out one device.
      `alter table sessions add column id uuid not null default gen_random_uuid() unique`,
      // TOTP: the secret encrypted with the server's key (see auth/totp.ts).
      `alter table users add column totp_secret text`,
      `alter table users add column totp_enabled_at timestamptz`,
    ],
  },
  {
    id: 4,
    name: 'referrals: redirect link, urgent reason',
    up: [
      // A referral sent on after a decline points at the declined one.
      `alter table referrals add column redirected_from uuid references referrals (id)`,
      `alter table referrals add column urgent_reason text`,
    ],
  },
  {
    id: 5,
    name: 'agreements accepted, hash-chained audit log',
    up: [
      // Who accepted which agreement (and which version), for whom, and when.
      `create table agreement_acceptances (
        id uuid primary key,
        kind text not null check (kind in ('data-sharing', 'user')),
        version text not null,
        user_id uuid not null references users (id),
        organisation_id uuid references organisations (id),
        accepted_at timestamptz not null,
        check (kind = 'user' or organisation_id is not null)
      )`,
      `create index agreement_acceptances_user on agreement_acceptances (user_id, kind)`,
      `create index agreement_acceptances_org on agreement_acceptances (organisation_id, kind)`,
      // Append-only; each entry's hash covers the previous hash and its own
      // canonical content (audit/log.ts). Ids and metadata only: no client data.
      `create table audit_log (
        n bigserial primary key,
        at timestamptz not null,
        actor_user_id uuid,
        action text not null,
        entity_id text,
        organisation_ids uuid[] not null,
        detail jsonb not null,
        prev_hash text not null,
        hash text not null unique
      )`,
      `create index audit_log_orgs on audit_log using gin (organisation_ids)`,
      `create index audit_log_at on audit_log (at)`,
    ],
  },
  {
    id: 6,
    name: 'email: outbox of referral notices, agency contact address, daily digests',
    up: [
      // Written in the same transaction as the change it tells of; a job
      // sends it. Holds no personal data: the email is composed from metadata.
      `create table email_outbox (
        id uuid primary key,
        kind text not null check (kind in ('new-referral', 'outcome')),
        referral_id uuid not null references referrals (id),
        created_at timestamptz not null,
        sent_at timestamptz,
        attempts integer not null default 0
      )`,
      `create index email_outbox_unsent on email_outbox (created_at) where sent_at is null`,
      // The agency's designated contact for new referrals; without one, its leads.
      `alter table organisations add column notify_email text`,
      // One digest per agency per London day, whichever instance sends it.
      `create table email_digests (
        organisation_id uuid not null references organisations (id),
        day date not null,
        primary key (organisation_id, day)
      )`,
    ],
  },
  {
    id: 7,
    name: 'referrals from the public: no sending organisation',
    up: [
      // A self-referral from the public directory has no sending
      // organisation; its source says so, and the two always agree.
      `alter table referrals alter column from_org drop not null`,
      `alter table referrals add column source text not null default 'organisation'
        check (source in ('organisation', 'self'))`,
      `alter table referrals add constraint referrals_source_from
        check ((source = 'self') = (from_org is null))`,
    ],
  },
  {
    id: 8,
    name: 'audit log append-only by rule; two-factor codes used once',
    up: [
      // The audit log refuses updates and deletes (audit/log.ts chains it as well).
      `create function audit_log_append_only() returns trigger language plpgsql as $$
        begin
          raise exception 'the audit log is append-only';
        end
      $$`,
      `create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function audit_log_append_only()`,
      `create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function audit_log_append_only()`,
      // The last 30-second step a two-factor code was accepted for: a code works once.
      `alter table users add column totp_last_step bigint`,
    ],
  },
  {
    id: 9,
    name: 'directory: eligibility overrides, gaps in provision, signposting records',
    up: [
      // Sent although the service's rules exclude the client: the rules and the
      // referrer's reason (routing metadata; the desk asks for no personal details).
      `alter table referrals add column eligibility_override jsonb`,
      // No service could take a client: issue, area and why. No client data.
      `create table provision_gaps (
        id uuid primary key,
        organisation_id uuid not null references organisations (id),
        recorded_by uuid not null references users (id),
        recorded_by_name text not null,
        issue text not null,
        area text not null,
        why text not null,
        recorded_at timestamptz not null
      )`,
      `create index provision_gaps_recorded on provision_gaps (recorded_at)`,
      // A client was told about a service; nothing was sent. No client data.
      `create table signposts (
        id uuid primary key,
        organisation_id uuid not null references organisations (id),
        recorded_by uuid not null references users (id),
        service_id uuid not null references services (id),
        issues text[] not null,
        postcode_district text,
        recorded_at timestamptz not null
      )`,
      `create index signposts_service on signposts (service_id)`,
    ],
  },
  {
    id: 10,
    name: 'desk auto-lock: minutes of inactivity before an agency’s desks lock',
    up: [
      `alter table organisations add column auto_lock_minutes integer not null default 10
        check (auto_lock_minutes between 1 and 60)`,
    ],
  },
  {
    id: 11,
    name: 'directory: organisation details kept by leads; bulletins',
    up: [
      // HSDS 3 organization fields a lead keeps (description, website, email,
      // phone) as one validated document, like a service's details.
      `alter table organisations add column details jsonb not null default '{}'`,
      // News for every desk in the network, posted by the coordinator (or a
      // lead where the network allows). No client data.
      `create table bulletins (
        id uuid primary key,
        author_user_id uuid not null references users (id),
        author_name text not null,
        organisation_id uuid references organisations (id),
        title text not null,
        body text not null,
        posted_at timestamptz not null
      )`,
      `create index bulletins_posted on bulletins (posted_at)`,
    ],
  },
  {
    id: 12,
    name: 'accounts: a one-time password from the admin tool must be changed at first sign-in',
    up: [`alter table users add column must_change_password boolean not null default false`],
  },
  {
    id: 13,
    name: 'referrals: documents attached with the client consent, for the pair only',
    up: [
      `create table referral_documents (
        id uuid primary key,
        referral_id uuid not null references referrals (id),
        name text not null,
        media_type text not null,
        size integer not null check (size > 0),
        content_base64 text not null,
        consent jsonb not null,
        added_at timestamptz not null,
        added_by uuid not null references users (id),
        added_by_org uuid not null references organisations (id)
      )`,
      `create index referral_documents_referral on referral_documents (referral_id)`,
    ],
  },
  {
    id: 14,
    name: 'directory: agencies asking to join the network, for the coordinator to approve',
    up: [
      // From the public "join the network" form. The contact's name and email
      // are the would-be lead's own work details, kept until decided.
      `create table join_requests (
        id uuid primary key,
        organisation_name text not null,
        nation text not null check (nation in ('england-and-wales', 'scotland', 'northern-ireland')),
        about text not null,
        contact_name text not null,
        contact_email text not null,
        requested_at timestamptz not null,
        decision text check (decision in ('approved', 'declined')),
        decided_at timestamptz,
        decided_by uuid references users (id),
        decline_reason text,
        organisation_id uuid references organisations (id)
      )`,
      `create index join_requests_open on join_requests (requested_at) where decision is null`,
    ],
  },
  {
    id: 15,
    name: 'retention rule: years after closing before an agency’s desks anonymise a case',
    up: [
      // Null: the agency has set no rule, and nothing is anonymised by itself.
      `alter table organisations add column retention_years integer
        check (retention_years between 1 and 100)`,
    ],
  },
  {
    id: 16,
    name: 'case reference series: letters that keep each desk’s case references apart in an agency',
    up: [
      // One row per desk store; `seq` counts an agency's series (0 → A, 1 → B …).
      `create table case_series (
        organisation_id uuid not null references organisations (id),
        seq integer not null check (seq >= 0),
        code text not null,
        store_id uuid not null,
        user_id uuid not null references users (id),
        issued_at timestamptz not null default now(),
        primary key (organisation_id, seq),
        unique (organisation_id, code),
        unique (organisation_id, store_id)
      )`,
    ],
  },
  {
    id: 17,
    name: 'brakes: one database-held counter for sign-in guesses, codes and the public forms',
    up: [
      // Attempts per key in a fixed window, counted before the secret is checked
      // (sync-server/auth/brakes.ts). The key is a hash: no emails or addresses.
      `create table brakes (
        key_hash text primary key,
        hits integer not null check (hits >= 0),
        window_start timestamptz not null,
        locked_until timestamptz,
        expires_at timestamptz not null
      )`,
      `create index brakes_expires_at on brakes (expires_at)`,
      // Replaced by brakes: its counts were taken after the check (#12).
      `drop table sign_in_failures`,
    ],
  },
  {
    id: 18,
    name: 'account notices: a person and their lead are told on their desks of every password reset',
    up: [
      // What happened to an account, for one reader; names only, never a code or a client.
      `create table account_notices (
        id uuid primary key,
        user_id uuid not null references users (id),
        kind text not null check (kind in ('reset-made', 'reset-asked')),
        subject_user_id uuid not null references users (id),
        subject_name text not null,
        actor_name text not null,
        delivery text not null check (delivery in ('emailed', 'shown', 'leads')),
        created_at timestamptz not null,
        dismissed_at timestamptz
      )`,
      'create index account_notices_user on account_notices (user_id, created_at desc)',
    ],
  },
];

/** Brings the schema up to date. Safe to run from several instances at once. */
export const migrate = async (db: Db): Promise<number[]> =>
  db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock($1)', [LOCK_MIGRATIONS]);
    await q.query(`create table if not exists schema_migrations (
      id integer primary key,
      name text not null,
      applied_at timestamptz not null default now()
    )`);
    const done = new Set(
      (await q.query<{ id: number }>('select id from schema_migrations')).map((r) => r.id),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.id)) continue;
      for (const statement of m.up) await q.query(statement);
      await q.query('insert into schema_migrations (id, name) values ($1, $2)', [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
