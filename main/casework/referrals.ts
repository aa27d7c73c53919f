import { contactTimeProblem } from '#src/referral/first-contact.ts';
import type { DeskReferral, ParsedRequest } from '#src/contract.ts';
import { londonDate } from '#src/calendar/working-days.ts';
import { isReceiving } from '#src/directory/receiving.ts';
import { factsOf } from '#src/directory/match.ts';
import { eligibilityOverride } from '#src/directory/override.ts';
import { newId } from '#src/ids.ts';
import { postcodeDistrict } from '#src/postcode.ts';
import { err, ok } from '#src/result.ts';
import type { Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { allowedActions, mayRedirect } from '#src/referral/lifecycle.ts';
import type { Me } from '#src/wire/api.ts';
import type { Command } from '#src/wire/commands.ts';
import type { Consent, Referral, SharedClient } from '#src/wire/referral.ts';
import { getClient } from '#main/store/clients.ts';
import { recordConsent } from '#main/store/consents.ts';
import type { Database } from '#main/store/open.ts';
import { getService } from '#main/store/directory.ts';
import { enqueue } from '#main/store/outbox.ts';
import { clearRefusal, getReferral, saveOutgoingDraft } from '#main/store/referrals.ts';

/**
 * Referral use cases on the desk. Each writes its local change and the
 * command that carries it to the server in one transaction; the sync engine
 * delivers the command. The server alone decides: what is checked here only
 * spares the user a round trip that would be refused.
 */

type Details = Omit<ParsedRequest<'referrals.sendMany'>, 'serviceIds'>;

/**
 * A redirect must start from this desk's own referral of the same client, once
 * it ended without help, and only once (#12): a referral already sent on links
 * to where it went instead.
 */
const checkRedirect = (db: Database, details: Details): Reason | null => {
  if (!details.redirectedFrom) return null;
  const earlier = getReferral(db, details.redirectedFrom);
  if (earlier === null || earlier.direction !== 'outgoing' || earlier.clientId !== details.clientId)
    return 'referral-not-found';
  return mayRedirect(earlier.referral.status, earlier.sentOnTo) ? null : 'not-allowed-now';
};

/**
 * One referral per service from the same details and consent, typed once.
 * All are checked before any is written, and all are written (with their
 * consent records and outbox commands) in one transaction: all or none.
 */
export const sendReferrals = (
  db: Database,
  me: Me,
  request: ParsedRequest<'referrals.sendMany'>,
  now: Date,
): Result<{ referralIds: string[] }, Reason> => {
  const organisation = me.organisation;
  if (organisation === null) return err('no-organisation');
  const client = getClient(db, request.clientId);
  if (client === null) return err('client-not-found');
  const redirect = checkRedirect(db, request);
  if (redirect !== null) return err(redirect);
  const services = [];
  const facts = factsOf(client, request.issues, organisation.id, londonDate(now));
  for (const serviceId of request.serviceIds) {
    const service = getService(db, serviceId);
    if (service === null) return err('not-found');
    if (service.organization_id === organisation.id) return err('own-organisation');
    // A pause ends by itself on its return date, as the server decides.
    if (!isReceiving(service.receiving, londonDate(now))) return err('service-not-receiving');
    // Rules that exclude the client are overridden only with a reason (#4).
    const override = eligibilityOverride(service, facts, request.ineligibleReason);
    if (!override.ok) return err(override.reason);
    services.push({ ...service, override: override.value });
  }

  // Only what the client agreed to share travels; the name always does, so
  // the receiving agency can make contact.
  const shared = new Set([...request.consent.shared, 'name' as const]);
  const pick = <K extends keyof SharedClient>(key: K): SharedClient[K] | null =>
    shared.has(key) ? client[key] : null;
  const sharedClient: SharedClient = {
    name: client.name,
    dateOfBirth: pick('dateOfBirth'),
    phone: pick('phone'),
    email: pick('email'),
    address: pick('address'),
    postcode: pick('postcode'),
    preferredContact: pick('preferredContact'),
  };
  const consent: Consent = {
    givenBy: request.consent.givenBy,
    representativeName:
      request.consent.givenBy === 'representative' ? request.consent.representativeName : null,
    method: request.consent.method,
    at: now.toISOString(),
    recordedBy: me.user.name,
    shared: [...shared],
  };
  const urgentReason = request.urgent ? (request.urgentReason ?? null) : null;
  const redirectedFrom = request.redirectedFrom ?? null;
  const made = services.map((service) => {
    const referral: Referral = {
      id: newId(),
      status: 'draft',
      from: { organisationId: organisation.id, organisationName: organisation.name },
      to: {
        organisationId: service.organization_id,
        organisationName: service.organization_name,
        serviceId: service.id,
        serviceName: service.name,
      },
      issues: request.issues,
      postcodeDistrict: client.postcode === null ? null : postcodeDistrict(client.postcode),
      urgent: request.urgent,
      urgentReason,
      redirectedFrom,
      eligibilityOverride: service.override,
      sentAt: now.toISOString(),
      // Set by the server when it accepts the referral.
      acknowledgeBy: now.toISOString().slice(0, 10),
      actBy: null,
      payload: { client: sharedClient, needs: request.needs },
      consent,
      events: [],
    };
    const command: Command = {
      type: 'referral.send',
      mutationId: newId(),
      referralId: referral.id,
      serviceId: service.id,
      issues: referral.issues,
      urgent: referral.urgent,
      urgentReason,
      redirectedFrom,
      eligibilityOverride: service.override,
      postcodeDistrict: referral.postcodeDistrict,
      payload: referral.payload,
      consent,
    };
    return { referral, command };
  });
  db.transaction(() => {
    for (const { referral, command } of made) {
      recordConsent(db, client.id, referral.id, consent);
      saveOutgoingDraft(db, referral, client.id, now);
      enqueue(db, command, now);
    }
  })();
  return ok({ referralIds: made.map((m) => m.referral.id) });
};

export const sendReferral = (
  db: Database,
  me: Me,
  request: ParsedRequest<'referrals.send'>,
  now: Date,
): Result<{ referralId: string }, Reason> => {
  const { serviceId, ...details } = request;
  const sent = sendReferrals(db, me, { ...details, serviceIds: [serviceId] }, now);
  if (!sent.ok) return sent;
  const [referralId] = sent.value.referralIds;
  return referralId === undefined ? err('not-found') : ok({ referralId });
};

const commandFor = (
  referralId: string,
  input: ParsedRequest<'referrals.act'>['input'],
): Command => {
  const base = { mutationId: newId(), referralId };
  switch (input.action) {
    case 'acknowledge':
      return { ...base, type: 'referral.acknowledge' };
    case 'accept':
      return { ...base, type: 'referral.accept' };
    case 'decline':
      return { ...base, type: 'referral.decline', reason: input.reason, text: input.text };
    case 'unable-to-contact':
      return { ...base, type: 'referral.unable-to-contact', text: input.text };
    case 'record-contact':
      return {
        ...base,
        type: 'referral.record-contact',
        method: input.method,
        contactedAt: input.contactedAt,
      };
    case 'close':
      return { ...base, type: 'referral.close', outcome: input.outcome };
    case 'withdraw':
      return { ...base, type: 'referral.withdraw', text: input.text };
    case 'note':
      return { ...base, type: 'referral.note', noteId: newId(), text: input.text };
  }
};

export const actOnReferral = (
  db: Database,
  request: ParsedRequest<'referrals.act'>,
  now: Date,
): Result<DeskReferral, Reason> => {
  const current = getReferral(db, request.id);
  if (current === null) return err('referral-not-found');
  if (request.input.action !== 'note') {
    const side = current.direction === 'incoming' ? 'receiver' : 'referrer';
    if (!allowedActions(current.referral.status, side).includes(request.input.action)) {
      return err(
        allowedActions(
          current.referral.status,
          side === 'receiver' ? 'referrer' : 'receiver',
        ).includes(request.input.action)
          ? 'wrong-side'
          : 'not-allowed-now',
      );
    }
  }
  if (request.input.action === 'record-contact') {
    // Checked here so the adviser hears at once; the server checks again (#12).
    const problem = contactTimeProblem(request.input.contactedAt, current.referral.sentAt, now);
    if (problem !== null) return err(problem);
  }
  db.transaction(() => {
    // A new attempt replaces the explanation of the last refused one.
    clearRefusal(db, request.id);
    enqueue(db, commandFor(request.id, request.input), now);
  })();
  return ok({ ...current, waitingToSend: true, refused: null });
};
