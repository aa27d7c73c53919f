import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAdminArgs } from '#server/admin/args.ts';
import { EXIT, runAdmin } from '#server/admin/run.ts';
import { openDb } from '#server/db/open.ts';
import { seedDemo, DEMO_NETWORK_NAME, DEMO_PASSWORD } from '#server/demo.ts';
import { BACKENDS } from '#server/test-support/backends.ts';
import { testApp } from '#server/test-support/network.ts';
import { API, signInResponseSchema } from '#src/wire/api.ts';

describe('admin arguments', () => {
  const reason = (argv: string[]) => {
    const r = parseAdminArgs(argv);
    return r.ok ? null : (r.detail ?? '');
  };

  it('parses the commands', () => {
    expect(parseAdminArgs([])).toEqual({ ok: true, value: { name: 'help' } });
    expect(
      parseAdminArgs([
        'create-network',
        '--name',
        'Broadland Advice Network',
        '--coordinator-email',
        'co@example.org',
        '--coordinator-name',
        'Sam Co',
        '--acknowledge-days',
        '2',
      ]),
    ).toEqual({
      ok: true,
      value: {
        name: 'create-network',
        network: 'Broadland Advice Network',
        coordinatorEmail: 'co@example.org',
        coordinatorName: 'Sam Co',
        acknowledgeDays: 2,
      },
    });
    expect(
      parseAdminArgs([
        'create-service',
        '--organisation',
        'Acle Advice',
        '--name',
        'Debt',
        '--description',
        'Debt help',
        '--issues',
        'debt, housing',
        '--areas',
        'nr13,NR14',
        '--self-referral',
      ]),
    ).toMatchObject({
      ok: true,
      value: { issues: ['debt', 'housing'], areas: ['NR13', 'NR14'], selfReferral: true },
    });
  });

  it('gives one clear line for bad arguments', () => {
    expect(reason(['explode'])).toBe('unknown command "explode" (try: help)');
    expect(reason(['create-organisation', '--name', 'X'])).toBe(
      'create-organisation needs --nation',
    );
    expect(reason(['create-organisation', '--name', 'X', '--nation', 'wales'])).toMatch(
      /^--nation must be one of/,
    );
    expect(
      reason([
        'create-service',
        '--organisation',
        'o',
        '--name',
        'n',
        '--description',
        'd',
        '--issues',
        'debt,cake',
      ]),
    ).toBe('unknown issue code(s): cake');
    expect(reason(['create-user', '--email', 'a@b.org', '--name', 'A', '--role', 'adviser'])).toBe(
      'a adviser needs --organisation',
    );
    expect(
      reason([
        'create-user',
        '--email',
        'a@b.org',
        '--name',
        'A',
        '--role',
        'adviser',
        '--organisation',
        'x',
        '--password',
        'p',
      ]),
    ).toMatch(/never given on the command line/);
    expect(reason(['list-organisations', '--name', 'x'])).toBe(
      'list-organisations does not take --name',
    );
    expect(reason(['create-network', '--bogus'])).toMatch(/bogus/);
  });
});

const capture = () => {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: (env: Record<string, string | undefined>) => ({
      env,
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l),
    }),
  };
};

describe('admin CLI on a PGlite data directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'handover-admin-'));
  const env = { HANDOVER_DATA_DIR: join(dir, 'server') };
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets up a network whose generated passwords sign in', async () => {
    const c = capture();
    const run = (...argv: string[]) => runAdmin(argv, c.io(env));
    expect(
      await run(
        'create-network',
        '--name',
        'Broadland Advice Network',
        '--coordinator-email',
        'Co@Example.org',
        '--coordinator-name',
        'Sam Co',
      ),
    ).toBe(EXIT.ok);
    expect(
      await run(
        'create-network',
        '--name',
        'Again',
        '--coordinator-email',
        'x@example.org',
        '--coordinator-name',
        'X',
      ),
    ).toBe(EXIT.failed);
    expect(c.err.at(-1)).toBe('handover admin: this server already has a network');
    expect(
      await run('create-organisation', '--name', 'Acle Advice', '--nation', 'england-and-wales'),
    ).toBe(EXIT.ok);
    expect(
      await run(
        'create-service',
        '--organisation',
        'acle advice',
        '--name',
        'Debt advice',
        '--description',
        'Help with debts',
        '--issues',
        'debt',
      ),
    ).toBe(EXIT.ok);
    expect(
      await run(
        'create-user',
        '--email',
        'adviser@acle.org',
        '--name',
        'Ann Adviser',
        '--role',
        'adviser',
        '--organisation',
        'Acle Advice',
      ),
    ).toBe(EXIT.ok);
    expect(
      await run(
        'create-user',
        '--email',
        'adviser@acle.org',
        '--name',
        'Ann Again',
        '--role',
        'lead',
        '--organisation',
        'Acle Advice',
      ),
    ).toBe(EXIT.failed);
    expect(
      await run(
        'create-user',
        '--email',
        'x@acle.org',
        '--name',
        'X',
        '--role',
        'lead',
        '--organisation',
        'Nowhere',
      ),
    ).toBe(EXIT.failed);
    expect(await run('list-organisations')).toBe(EXIT.ok);
    expect(c.out.at(-1)).toMatch(/Acle Advice {2}\(england-and-wales; 1 services, 1 users\)$/);
    expect(await run('create-user', '--role', 'adviser')).toBe(EXIT.usage);

    const password = (email: string) => {
      const line = c.out.find((l) => l.includes(email) && l.includes('one-time password'));
      return /one-time password (\S+)$/.exec(line ?? '')?.[1] ?? '';
    };
    expect(password('co@example.org')).toMatch(/^[A-Za-z0-9]{5}(-[A-Za-z0-9]{5}){3}$/);

    const db = await openDb({ dataDir: env.HANDOVER_DATA_DIR });
    try {
      // While the directory is open here, the CLI refuses and says why.
      const blocked = capture();
      expect(await runAdmin(['list-organisations'], blocked.io(env))).toBe(EXIT.failed);
      expect(blocked.err[0]).toMatch(
        /is in use by another Handover process.*Stop the server first/,
      );

      const t = testApp(db);
      for (const email of ['co@example.org', 'adviser@acle.org']) {
        const signIn = (pw: string) =>
          t.app.inject({
            method: 'POST',
            url: `${API}/auth/sign-in`,
            payload: { email, password: pw, device: 'test' },
          });
        // The one-time password only opens the step of choosing one's own (#6).
        const first = await signIn(password(email));
        expect(first.statusCode).toBe(403);
        expect(first.json()).toEqual({ error: 'password-change-required' });
        const chosen = `a long phrase of my own ${email.length}`;
        const changed = await t.app.inject({
          method: 'POST',
          url: `${API}/auth/change-password`,
          payload: { email, password: password(email), newPassword: chosen },
        });
        expect(changed.statusCode).toBe(204);
        expect((await signIn(chosen)).statusCode).toBe(200);
      }
      await t.app.close();
    } finally {
      await db.close();
    }
  });
});

describe.each(BACKENDS)('demo seed on $name', (backend) => {
  it('seeds an empty database once, and its sign-ins work', async () => {
    const { db, drop } = await backend.open();
    try {
      const signIns = await seedDemo(db);
      expect(signIns?.map((s) => s.email)).toEqual([
        'adviser@northgate-advice.demo',
        'adviser@wensum-foodbank.demo',
        'lead@wensum-foodbank.demo',
        'adviser@broadland-housing.demo',
        'adviser@yare-council.demo',
        'coordinator@network.demo',
      ]);
      expect(await seedDemo(db)).toBeNull();
      const [services] = await db.query<{ n: number }>('select count(*) as n from services');
      expect(services?.n).toBe(8);
      const t = testApp(db);
      const res = await t.app.inject({
        method: 'POST',
        url: `${API}/auth/sign-in`,
        payload: { email: 'adviser@wensum-foodbank.demo', password: DEMO_PASSWORD, device: 'demo' },
      });
      const me = signInResponseSchema.parse(res.json());
      expect(me.network.name).toBe(DEMO_NETWORK_NAME);
      expect(me.organisation?.name).toBe('Wensum Valley Foodbank');
      await t.app.close();
    } finally {
      await drop();
    }
  });
});
