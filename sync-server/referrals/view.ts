import type { Queryable } from '#server/db/db.ts';
import { isoOf } from '#server/db/values.ts';
import { SELF_REFERRAL_NAME } from '#server/public/self-referral.ts';
import { referralSchema, type Referral } from '#src/wire/referral.ts';

type ReferralRow = {
  id: string;
  status: string;
  from_org: string | null;
  from_name: string | null;
  to_org: string;
  to_name: string;
  to_service: string;
  service_name: string;
  issues: string[];
  postcode_district: string | null;
  urgent: boolean;
  urgent_reason: string | null;
  redirected_from: string | null;
  eligibility_override: unknown;
  sent_at: Date | string;
  acknowledge_by: string;
  act_by: string | null;
  payload: unknown;
  consent: unknown;
};

type EventRow = {
  id: string;
  referral_id: string;
  type: string;
  at: Date | string;
  actor_user_id: string | null;
  actor_name: string;
  actor_org_id: string | null;
  actor_org_name: string;
  data: unknown;
};

/**
 * The current full view of referrals: metadata, payload, consent and every
 * event in order. What the change feed and GET /referrals/:id return.
 */
export const loadReferrals = async (
  q: Queryable,
  ids: readonly string[],
): Promise<Map<string, Referral>> => {
  const views = new Map<string, Referral>();
  if (ids.length === 0) return views;
  const rows = await q.query<ReferralRow>(
    `select r.id, r.status, r.from_org, fo.name as from_name, r.to_org, tg.name as to_name,
        r.to_service, s.name as service_name, r.issues, r.postcode_district, r.urgent, r.sent_at,
        r.urgent_reason, r.redirected_from, r.eligibility_override,
        r.acknowledge_by::text as acknowledge_by, r.act_by::text as act_by, p.payload, r.consent
      from referrals r
      left join organisations fo on fo.id = r.from_org
      join organisations tg on tg.id = r.to_org
      join services s on s.id = r.to_service
      join referral_payloads p on p.referral_id = r.id
      where r.id = any($1::uuid[])`,
    [[...ids]],
  );
  const events = await q.query<EventRow>(
    `select id, referral_id, type, at, actor_user_id, actor_name, actor_org_id, actor_org_name, data
      from referral_events where referral_id = any($1::uuid[]) order by n`,
    [[...ids]],
  );
  const byReferral = new Map<string, EventRow[]>();
  for (const e of events) {
    const list = byReferral.get(e.referral_id) ?? [];
    list.push(e);
    byReferral.set(e.referral_id, list);
  }
  for (const r of rows) {
    views.set(
      r.id,
      referralSchema.parse({
        id: r.id,
        status: r.status,
        from: { organisationId: r.from_org, organisationName: r.from_name ?? SELF_REFERRAL_NAME },
        to: {
          organisationId: r.to_org,
          organisationName: r.to_name,
          serviceId: r.to_service,
          serviceName: r.service_name,
        },
        issues: r.issues,
        postcodeDistrict: r.postcode_district,
        urgent: r.urgent,
        urgentReason: r.urgent_reason,
        redirectedFrom: r.redirected_from,
        eligibilityOverride: r.eligibility_override,
        sentAt: isoOf(r.sent_at),
        acknowledgeBy: r.acknowledge_by,
        actBy: r.act_by,
        payload: r.payload,
        consent: r.consent,
        events: (byReferral.get(r.id) ?? []).map((e) => ({
          id: e.id,
          type: e.type,
          at: isoOf(e.at),
          actor: {
            userId: e.actor_user_id,
            name: e.actor_name,
            organisationId: e.actor_org_id,
            organisationName: e.actor_org_name,
          },
          data: e.data,
        })),
      }),
    );
  }
  return views;
};

export const loadReferral = async (q: Queryable, id: string): Promise<Referral | null> =>
  (await loadReferrals(q, [id])).get(id) ?? null;
