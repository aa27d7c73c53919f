import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Desk } from '#main/desk-api.ts';
import { createDesk } from '#main/desk.ts';
import { addLead } from '#test/lead.ts';
import { manualClock } from '#test/manual-clock.ts';
import type { ManualClock } from '#test/manual-clock.ts';
import { PASSWORD, startTestNetwork } from '#test/network.ts';
import type { TestNetwork } from '#test/network.ts';

/**
 * The agency's retention rule through real desks and a real server: the lead
 * sets it, an adviser's desk lists the case that falls due with the day it
 * goes, and — the desk's clock moved on a week — anonymises it by itself.
 */
const DAY = 24 * 60 * 60_000;
const LEAD = 'lead@northgate.test';
const PASSPHRASE = 'retention passphrase';

let net: TestNetwork;
const dirs: string[] = [];
const desks: Desk[] = [];

beforeAll(async () => {
  net = await startTestNetwork();
  await addLead(net, LEAD, net.organisations.advice.id);
});
afterAll(async () => {
  for (const desk of desks) {
    await desk.handlers['session.signOut']({});
    await desk.close();
  }
  await net.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const value = <T>(r: { ok: true; value: T } | { ok: false; reason: string }): T => {
  if (!r.ok) throw new Error(r.reason);
  return r.value;
};

const openDesk = async (email: string): Promise<{ desk: Desk; clock: ManualClock }> => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-retention-desk-'));
  dirs.push(dir);
  const clock = manualClock();
  const desk = await createDesk(
    { dataDir: dir, defaultServerUrl: net.server.url, deviceName: 'test', keychain: 'off', clock },
    { retryMinMs: 100, retryMaxMs: 400 },
  );
  desks.push(desk);
  value(
    await desk.handlers['session.signIn']({ serverUrl: net.server.url, email, password: PASSWORD }),
  );
  value(await desk.handlers['session.unlock']({ passphrase: PASSPHRASE }));
  return { desk, clock };
};

describe('the retention rule on the desk', () => {
  it('is set by the lead, listed first, and applied by itself after the notice period', async () => {
    const lead = await openDesk(LEAD);
    expect(await lead.desk.handlers['retention.scheduled']({})).toMatchObject({
      years: null,
      cases: [],
      canChange: true,
    });
    value(await lead.desk.handlers['security.setRetention']({ retentionYears: 6 }));
    expect(await lead.desk.handlers['retention.scheduled']({})).toMatchObject({ years: 6 });

    const { desk, clock } = await openDesk('alice@northgate.test');
    const h = desk.handlers;
    expect(await h['security.setRetention']({ retentionYears: 1 })).toEqual({
      ok: false,
      reason: 'not-allowed',
    });
    const client = value(
      await h['clients.save']({
        id: null,
        details: {
          name: 'Orla Oldcase',
          otherNames: '',
          dateOfBirth: null,
          phone: '',
          email: '',
          address: '',
          postcode: '',
          preferredContact: null,
          contactNotes: '',
          household: '',
          language: '',
          interpreterNeeded: false,
          accessibilityNeeds: '',
          vulnerabilities: [],
        },
      }),
    );
    const opened = value(
      await h['cases.open']({
        clientId: client.id,
        issues: ['debt'],
        summary: 'Rent arrears',
        openedOn: '2012-01-10',
      }),
    );
    value(await h['cases.addNote']({ caseId: opened.id, text: 'Orla’s private circumstances' }));
    value(
      await h['cases.update']({
        id: opened.id,
        issues: ['debt'],
        summary: 'Rent arrears',
        status: 'closed',
        closedOn: '2013-05-01',
      }),
    );

    const listed = await h['retention.scheduled']({});
    expect(listed).toMatchObject({
      years: 6,
      noticeDays: 7,
      canChange: false,
      lastRun: null,
      cases: [{ caseId: opened.id, closedOn: '2013-05-01', anonymiseOn: '2026-11-30' }],
    });

    // A week of use: the desk stays unlocked (a key press every five minutes)
    // and runs the rule by itself every six hours.
    const FIVE_MINUTES = 5 * 60_000;
    const useFor = async (ms: number) => {
      for (let t = 0; t < ms; t += FIVE_MINUTES) {
        clock.advance(FIVE_MINUTES);
        await h['session.activity']({});
      }
    };
    await useFor(6 * DAY);
    expect(value(await h['cases.get']({ id: opened.id })).notes).toHaveLength(1);
    await useFor(DAY);
    const file = value(await h['cases.get']({ id: opened.id }));
    expect(file.notes).toEqual([]);
    expect(file.case.summary).toBeNull();
    expect(await h['retention.scheduled']({})).toMatchObject({
      cases: [],
      lastRun: { on: '2026-11-30', anonymisedCases: 1, anonymisedClients: 1 },
    });

    // A case listed while the desk sits locked is anonymised when it is next unlocked.
    const second = value(
      await h['cases.open']({
        clientId: client.id,
        issues: ['housing'],
        summary: 'Repairs',
        openedOn: '2012-02-01',
      }),
    );
    value(
      await h['cases.update']({
        id: second.id,
        issues: ['housing'],
        summary: 'Repairs',
        status: 'closed',
        closedOn: '2013-06-01',
      }),
    );
    expect(await h['retention.scheduled']({})).toMatchObject({
      cases: [{ caseId: second.id, anonymiseOn: '2026-12-07' }],
    });
    clock.advance(8 * DAY);
    expect(await h['session.status']({})).toMatchObject({ state: 'locked', lockedBecause: 'idle' });
    expect(await h['retention.scheduled']({})).toBeNull();
    value(await h['session.unlock']({ passphrase: PASSPHRASE }));
    expect(value(await h['cases.get']({ id: second.id })).case.summary).toBeNull();
  });
});
