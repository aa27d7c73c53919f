import { isInsecureRemote } from '#main/account/insecure.ts';
import { normaliseServerUrl } from '#main/sync/server-api.ts';
import { apiRequest, signedInCall, type CallSession } from '#main/account/server-call.ts';
import type { Handlers } from '#src/contract.ts';
import { err, ok, type Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { API } from '#src/wire/api.ts';
import {
  accountNoticesResponseSchema,
  accountsResponseSchema,
  agreementsStatusSchema,
  devicesResponseSchema,
  inviteResponseSchema,
  resetResponseSchema,
  twoFactorStartSchema,
  type AgreementsStatus,
  type InviteResponse,
} from '#src/wire/accounts.ts';
import type { InvitationMade } from '#src/account-forms.ts';

type Session = CallSession;

/** What the inviter is told: the code to pass on, and whether the server emailed it. */
export const invitationMade = (r: InviteResponse): InvitationMade => ({
  code: r.code,
  expiresAt: r.invitation.expiresAt,
  emailed: r.emailed === true,
});

const post = (url: string, token: string | null, body: unknown) => apiRequest(url, token, body);

/**
 * Account handlers (#6): accept an invitation (signed out: it sets the
 * password), invite staff (a lead), and the agreements. The server decides;
 * these carry the requests and turn refusals into reasons.
 */
export const accountHandlers = (deps: {
  session: () => Session | null;
}): Pick<
  Handlers,
  | 'account.acceptInvitation'
  | 'account.changeOneTimePassword'
  | 'account.invite'
  | 'account.agreements'
  | 'account.acceptAgreement'
  | 'account.devices'
  | 'account.signOutDevice'
  | 'account.twoFactorStart'
  | 'account.twoFactorConfirm'
  | 'account.twoFactorDisable'
  | 'account.users'
  | 'account.setDisabled'
  | 'account.resetPassword'
  | 'account.notices'
  | 'account.dismissNotice'
> => {
  /** A signed-in GET or POST, its answer parsed with `schema`. */
  const call = signedInCall(deps.session);
  const signedIn = <T>(
    path: string,
    body: unknown,
    parse: (value: unknown) => T | null,
    method: 'POST' | 'DELETE' = 'POST',
  ): Promise<Result<T, Reason>> =>
    call(path, body, parse, method === 'DELETE' ? 'DELETE' : undefined);
  const devices = () =>
    signedIn(
      '/me/devices',
      undefined,
      (v) => devicesResponseSchema.safeParse(v).data?.devices ?? null,
    );
  const notices = () =>
    signedIn(
      '/me/notices',
      undefined,
      (v) => accountNoticesResponseSchema.safeParse(v).data?.notices ?? null,
    );
  const users = () =>
    signedIn('/users', undefined, (v) => accountsResponseSchema.safeParse(v).data?.users ?? null);
  const agreements = async (s: Session): Promise<Result<AgreementsStatus, Reason>> => {
    const got = await post(`${s.serverUrl}${API}/agreements`, s.token, undefined);
    if (!got.ok) return got;
    const parsed = agreementsStatusSchema.safeParse(got.value);
    return parsed.success ? ok(parsed.data) : err('not-a-server');
  };
  return {
    'account.acceptInvitation': async (request) => {
      const serverUrl = normaliseServerUrl(request.serverUrl);
      if (serverUrl === null) return err('server-unreachable');
      if (isInsecureRemote(serverUrl)) return err('insecure-server');
      const done = await post(`${serverUrl}${API}/invitations/accept`, null, {
        email: request.email,
        code: request.code,
        password: request.password,
      });
      return done.ok ? ok(null) : done;
    },
    'account.changeOneTimePassword': async (request) => {
      const serverUrl = normaliseServerUrl(request.serverUrl);
      if (serverUrl === null) return err('server-unreachable');
      // As at sign-in: plain http beyond this computer only when the user has said so.
      if (isInsecureRemote(serverUrl) && request.allowInsecure !== true) {
        return err('insecure-server');
      }
      const done = await post(`${serverUrl}${API}/auth/change-password`, null, {
        email: request.email,
        password: request.password,
        newPassword: request.newPassword,
      });
      return done.ok ? ok(null) : done;
    },
    'account.invite': async (request) => {
      const s = deps.session();
      if (s === null) return err('not-signed-in');
      const sent = await post(`${s.serverUrl}${API}/invitations`, s.token, {
        email: request.email,
        name: request.name,
        role: 'adviser',
      });
      if (!sent.ok) return sent;
      const parsed = inviteResponseSchema.safeParse(sent.value);
      if (!parsed.success) return err('not-a-server');
      return ok(invitationMade(parsed.data));
    },
    'account.agreements': async () => {
      const s = deps.session();
      return s === null ? err('not-signed-in') : agreements(s);
    },
    'account.devices': devices,
    'account.signOutDevice': async (request) => {
      const done = await signedIn(`/me/devices/${request.id}`, undefined, () => true, 'DELETE');
      return done.ok ? devices() : done;
    },
    'account.twoFactorStart': () =>
      signedIn('/me/two-factor/start', {}, (v) => twoFactorStartSchema.safeParse(v).data ?? null),
    'account.twoFactorConfirm': async (request) => {
      const done = await signedIn('/me/two-factor/confirm', request, () => true);
      return done.ok ? ok(null) : done;
    },
    'account.twoFactorDisable': async (request) => {
      const done = await signedIn('/me/two-factor/disable', request, () => true);
      if (done.ok) return ok(null);
      // Here a refused password is the user's own, typed to confirm: say so.
      return done.reason === 'bad-credentials' ? err('wrong-password') : done;
    },
    'account.users': users,
    'account.setDisabled': async (request) => {
      const done = await signedIn(
        `/users/${request.id}/disabled`,
        { disabled: request.disabled },
        () => true,
      );
      return done.ok ? users() : done;
    },
    'account.resetPassword': (request) =>
      signedIn(
        `/users/${request.id}/reset`,
        {},
        (v) => resetResponseSchema.safeParse(v).data ?? null,
      ),
    'account.notices': notices,
    'account.dismissNotice': async (request) => {
      const done = await signedIn(`/me/notices/${request.id}/dismiss`, {}, () => true);
      return done.ok ? notices() : done;
    },
    'account.acceptAgreement': async (request) => {
      const s = deps.session();
      if (s === null) return err('not-signed-in');
      const done = await post(`${s.serverUrl}${API}/agreements/accept`, s.token, request);
      return done.ok ? agreements(s) : done;
    },
  };
};
