import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '#server/db/db.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import {
  act,
  rowCounts,
  seedTestNetwork,
  sendCommand,
  testApp,
  type TestNetwork,
} from '#server/test-support/network.ts';
import { newId } from '#src/ids.ts';
import {
  isFinal,
  REFERRAL_STATUSES,
  transition,
  type ReferralAction,
  type ReferralStatus,
} from '#src/referral/lifecycle.ts';
import {
  commandResultsSchema,
  type Command,
  type CommandRejection,
  type CommandResult,
} from '#src/wire/commands.ts';
import { referralSchema } from '#src/wire/referral.ts';

/**
 * Any sequence of commands, from either side or an outsider, leaves a
 * referral only where the state machine allows, exactly as the pure model
 * says; and replaying any command (same mutation id) changes nothing more.
 */
const STEPS = [
  'acknowledge',
  'accept',
  'decline',
  'unable-to-contact',
  'record-contact',
  'close',
  'withdraw',
  'note',
  // The inbox (#3): taking a referral changes who holds it, never its status.
  'claim',
] as const;
type Step = (typeof STEPS)[number];
type Who = 'alice' | 'bob' | 'carol';
type Answer =
  | { status: 'applied' }
  | { status: 'rejected'; reason: CommandRejection; currentStatus: string | null };

const commandFor = (step: Step, referralId: string): Command => {
  switch (step) {
    case 'acknowledge':
      return act('referral.acknowledge', referralId, {});
    case 'accept':
      return act('referral.accept', referralId, {});
    case 'decline':
      return act('referral.decline', referralId, { reason: 'no-capacity', text: '' });
    case 'unable-to-contact':
      return act('referral.unable-to-contact', referralId, { text: 'No answer' });
    case 'record-contact':
      return act('referral.record-contact', referralId, {});
    case 'close':
      return act('referral.close', referralId, { outcome: 'Helped' });
    case 'withdraw':
      return act('referral.withdraw', referralId, { text: 'Found help elsewhere' });
    case 'note':
      return act('referral.note', referralId, { noteId: newId(), text: 'A note' });
    case 'claim':
      return act('referral.claim', referralId, {});
  }
};

/** What the server must answer, and the status after, by the pure state machine. */
const model = (
  status: ReferralStatus,
  who: Who,
  step: Step,
): { result: Answer; next: ReferralStatus } => {
  if (who === 'carol') {
    return {
      result: { status: 'rejected', reason: 'not-found', currentStatus: null },
      next: status,
    };
  }
  if (step === 'note') return { result: { status: 'applied' }, next: status };
  if (step === 'claim') {
    // Only the receiver holds a referral, and only while it is still open.
    const refusal = who === 'alice' ? 'forbidden' : isFinal(status) ? 'not-allowed-now' : null;
    return {
      result:
        refusal === null
          ? { status: 'applied' }
          : { status: 'rejected', reason: refusal, currentStatus: status },
      next: status,
    };
  }
  const side = who === 'alice' ? 'referrer' : 'receiver';
  const t = transition(status, step satisfies ReferralAction, side);
  if (t.ok) return { result: { status: 'applied' }, next: t.status };
  return {
    result: {
      status: 'rejected',
      reason: t.reason === 'wrong-side' ? 'forbidden' : 'not-allowed-now',
      currentStatus: status,
    },
    next: status,
  };
};

describe.each(BACKENDS)('commands against the state machine on $name', (backend) => {
  let db: Db;
  let drop: () => Promise<void>;
  let net: TestNetwork;
  let t: ReturnType<typeof testApp>;
  const tokens = new Map<Who, string>();

  beforeAll(async () => {
    ({ db, drop } = await backend.open());
    net = await seedTestNetwork(db);
    t = testApp(db);
    for (const [who, email] of [
      ['alice', 'alice@northgate.test'],
      ['bob', 'bob@riverside.test'],
      ['carol', 'carol@eastfield.test'],
    ] as const) {
      tokens.set(who, await t.signIn(email));
    }
  });
  afterAll(async () => {
    await t.app.close();
    await drop();
  });

  const send = async (who: Who, command: Command): Promise<CommandResult> => {
    const res = await t.commands(tokens.get(who) ?? '', [command]);
    expect(res.statusCode).toBe(200);
    const [result] = commandResultsSchema.parse(res.json()).results;
    if (!result) throw new Error('no result');
    return result;
  };

  it('any sequence goes only where transition() allows, and replays change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            who: fc.constantFrom<Who>('alice', 'bob', 'carol'),
            step: fc.constantFrom(...STEPS),
          }),
          { maxLength: 8 },
        ),
        async (sequence) => {
          const opened = sendCommand(net.services.food);
          expect((await send('alice', opened)).status).toBe('applied');
          let status: ReferralStatus = 'sent';
          for (const { who, step } of sequence) {
            const command = commandFor(step, opened.referralId);
            const expected = model(status, who, step);
            const result = await send(who, command);
            expect(result).toEqual({ mutationId: command.mutationId, ...expected.result });
            status = expected.next;

            // The same command again: the same answer, and not one row more.
            const before = await rowCounts(db);
            expect(await send(who, command)).toEqual(result);
            expect(await rowCounts(db)).toEqual(before);
          }
          const res = await t.get(tokens.get('alice') ?? '', `/referrals/${opened.referralId}`);
          const view = referralSchema.parse(res.json());
          expect(view.status).toBe(status);
          expect(REFERRAL_STATUSES).toContain(view.status);
        },
      ),
      { numRuns: 25 },
    );
  });
});
