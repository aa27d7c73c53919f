import { changeTx } from '#server/changes/write.ts';
import type { Db } from '#server/db/db.ts';
import { json } from '#server/db/db.ts';
import { loadNetwork, loadOrganisation } from '#server/network/load.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { isReceiving } from '#src/directory/receiving.ts';
import { newId } from '#src/ids.ts';
import { postcodeDistrict } from '#src/postcode.ts';
import { acknowledgeBy } from '#src/referral/deadlines.ts';
import { transition } from '#src/referral/lifecycle.ts';
import { err, ok, type Result } from '#src/result.ts';
import type { Service } from '#src/wire/directory.ts';
import type { z } from 'zod';
import type { Consent, payloadSchema } from '#src/wire/referral.ts';

type Payload = z.infer<typeof payloadSchema>;

/** How a self-referral's sender appears to the receiving agency. */
export const SELF_REFERRAL_NAME = 'Self-referral (member of the public)';

/**
 * A member of the public asks a service for help: it lands in the service's
 * inbox as a referral with no sending organisation (source 'self'), with the
 * same deadlines as any other, visible only to the receiving organisation.
 */
export const createSelfReferral = async (
  db: Db,
  service: Service,
  payload: Payload,
  shared: Consent['shared'],
  now: Date,
): Promise<Result<{ id: string }, 'service-not-receiving' | 'not-accepted'>> => {
  if (!service.accepts_self_referral) return err('not-accepted');
  if (!isReceiving(service.receiving, londonDate(now))) return err('service-not-receiving');
  const step = transition('draft', 'send', 'referrer');
  if (!step.ok) throw new Error('self-referral: draft cannot be sent');
  const id = newId();
  const at = now.toISOString();
  const consent: Consent = {
    givenBy: 'client',
    representativeName: null,
    method: 'online',
    at,
    recordedBy: 'Public self-referral form',
    shared,
  };
  return changeTx(
    db,
    async (tx) => {
      const network = await loadNetwork(tx);
      const receiver = await loadOrganisation(tx, service.organization_id);
      if (!network || !receiver) throw new Error('self-referral: network or receiver missing');
      const due = acknowledgeBy(
        at,
        { nation: receiver.nation, closures: network.settings.closures },
        network.settings,
        false,
      );
      const postcode = payload.client.postcode;
      await tx.query(
        `insert into referrals (id, from_org, to_org, to_service, status, issues, postcode_district,
            urgent, sent_at, acknowledge_by, act_by, consent, updated_at, source)
         values ($1, null, $2, $3, $4, $5::text[], $6, false, $7, $8, null, $9::text::jsonb, $7, 'self')`,
        [
          id,
          receiver.id,
          service.id,
          step.status,
          service.issues.slice(0, 1),
          postcode === null ? null : postcodeDistrict(postcode),
          at,
          due,
          json(consent),
        ],
      );
      await tx.query(
        'insert into referral_payloads (referral_id, payload) values ($1, $2::text::jsonb)',
        [id, json(payload)],
      );
      await tx.query(
        `insert into referral_events
           (id, referral_id, type, at, actor_user_id, actor_name, actor_org_id, actor_org_name, data)
         values ($1, $2, 'sent', $3, null, 'Member of the public', null, $4, $5::text::jsonb)`,
        [newId(), id, at, SELF_REFERRAL_NAME, json({ serviceId: service.id })],
      );
      await tx.change('referral', id, [receiver.id]);
      return ok({ id });
    },
    now,
  );
};
