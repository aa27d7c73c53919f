import type { DeskEvent, Handlers } from '#src/contract.ts';
import { newId } from '#src/ids.ts';
import { err, ok, type Result } from '#src/result.ts';
import type { Reason } from '#src/reasons.ts';
import { checkAttachment } from '#src/referral/attachments.ts';
import { isFinal } from '#src/referral/lifecycle.ts';
import { API } from '#src/wire/api.ts';
import {
  attachmentDownloadSchema,
  type AttachmentDownload,
  type AttachmentUpload,
} from '#src/wire/attachments.ts';
import type { ReferralSession } from '#main/referrals/handlers.ts';
import { getReferral } from '#main/store/referrals.ts';
import { failureFor } from '#main/sync/server-api.ts';

const REQUEST_TIMEOUT_MS = 30_000;

type Deps = {
  session: () => ReferralSession | null;
  emit: (event: DeskEvent) => void;
  /** Lets the sync engine pull, so the referral shows its new document. */
  settle: () => Promise<void>;
};

/**
 * Documents on a referral (#3). They go straight to the server (online
 * only), not through the outbox: a document is sent once, checked there, and
 * kept there for the pair; this desk keeps no copy of another agency's file.
 */
const upload = async (
  session: ReferralSession,
  referralId: string,
  body: AttachmentUpload,
): Promise<Result<null, Reason>> => {
  let res: globalThis.Response;
  try {
    res = await fetch(`${session.serverUrl}${API}/referrals/${referralId}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return err('attachment-needs-network');
  }
  if (res.ok) return ok(null);
  if (res.status === 409) return err('not-allowed-now');
  if (res.status === 413) return err('document-too-large');
  const failure = await failureFor(res);
  return err(failure === 'invalid' ? 'attachment-wrong-type' : failure);
};

const download = async (
  session: ReferralSession,
  referralId: string,
  documentId: string,
): Promise<Result<AttachmentDownload, Reason>> => {
  let res: globalThis.Response;
  try {
    res = await fetch(
      `${session.serverUrl}${API}/referrals/${referralId}/documents/${documentId}`,
      {
        headers: { authorization: `Bearer ${session.token}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      },
    );
  } catch {
    return err('attachment-needs-network');
  }
  if (!res.ok) return err(await failureFor(res));
  const parsed = attachmentDownloadSchema.safeParse(await res.json().catch(() => null));
  return parsed.success ? ok(parsed.data) : err('not-a-server');
};

export const attachmentHandlers = ({
  session: current,
  emit,
  settle,
}: Deps): Pick<Handlers, 'referrals.attach' | 'referrals.openDocument'> => ({
  'referrals.attach': async ({ referralId, name, contentBase64, consent }) => {
    const session = current();
    if (session === null) return err('not-signed-in');
    const desk = getReferral(session.db, referralId);
    if (desk === null) return err('referral-not-found');
    // Only the referrer holds the client's consent to share a document.
    if (desk.direction !== 'outgoing') return err('wrong-side');
    if (desk.waitingToSend || isFinal(desk.referral.status)) return err('not-allowed-now');
    const checked = checkAttachment(name, Buffer.from(contentBase64, 'base64'));
    if (!checked.ok) return checked;
    const documentId = newId();
    const sent = await upload(session, referralId, {
      documentId,
      name,
      mediaType: checked.value,
      contentBase64,
      consent,
    });
    if (!sent.ok) return sent;
    await settle();
    emit({ topics: ['referrals'] });
    return ok({ documentId });
  },
  'referrals.openDocument': async ({ referralId, documentId }) => {
    const session = current();
    if (session === null) return err('not-signed-in');
    if (getReferral(session.db, referralId) === null) return err('referral-not-found');
    return download(session, referralId, documentId);
  },
});
