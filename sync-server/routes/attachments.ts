import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ServerContext } from '#server/context.ts';
import { auditBy } from '#server/audit/record.ts';
import { changeTx } from '#server/changes/write.ts';
import { json } from '#server/db/db.ts';
import { userOf } from '#server/http/auth.ts';
import { parseOr400, sendError } from '#server/http/errors.ts';
import { isUuid, newId } from '#src/ids.ts';
import { checkAttachment } from '#src/referral/attachments.ts';
import { isFinal, type ReferralStatus } from '#src/referral/lifecycle.ts';
import { can } from '#src/roles.ts';
import { API } from '#src/wire/api.ts';
import { attachmentUploadSchema, type AttachmentDownload } from '#src/wire/attachments.ts';

/** A base64 body of the largest document, with room for the other fields. */
const BODY_LIMIT = 1024 * 1024;

type Pair = { from_org: string | null; to_org: string; status: ReferralStatus };

/**
 * The pair's referral, or null: outside the pair (or without the right to
 * read referrals) a referral and its documents do not exist.
 */
const pairOf = async (
  ctx: ServerContext,
  request: FastifyRequest,
  id: string,
): Promise<(Pair & { org: string }) | null> => {
  const user = userOf(request);
  const org = user.organisationId;
  if (!isUuid(id) || org === null || !can(user.role, 'referral.read')) return null;
  const [pair] = await ctx.db.query<Pair>(
    'select from_org, to_org, status from referrals where id = $1',
    [id],
  );
  return pair && (pair.from_org === org || pair.to_org === org) ? { ...pair, org } : null;
};

const notFound = (reply: FastifyReply) => sendError(reply, 404, 'not-found');

/**
 * Documents attached to a referral (#3). The referrer attaches, with the
 * client's consent; both agencies of the pair can fetch; nobody else can
 * learn that the document exists. Type and size are checked again here,
 * from the bytes: the desk's check is a courtesy, this one is the rule.
 */
export const attachmentRoutes = (app: FastifyInstance, ctx: ServerContext): void => {
  app.post<{ Params: { id: string } }>(
    `${API}/referrals/:id/documents`,
    { bodyLimit: BODY_LIMIT },
    async (request, reply) => {
      const pair = await pairOf(ctx, request, request.params.id);
      if (pair === null) return notFound(reply);
      const user = userOf(request);
      // The client's consent is the referrer's to record: the receiver adds no documents.
      if (pair.from_org !== pair.org || !can(user.role, 'referral.send')) {
        return sendError(reply, 403, 'forbidden');
      }
      if (isFinal(pair.status)) return sendError(reply, 409, 'conflict', 'referral-closed');
      const upload = parseOr400(attachmentUploadSchema, request.body, reply);
      if (upload === null) return reply;
      const bytes = Buffer.from(upload.contentBase64, 'base64');
      const checked = checkAttachment(upload.name, bytes);
      if (!checked.ok) {
        return checked.reason === 'document-too-large'
          ? sendError(reply, 413, 'too-large')
          : sendError(reply, 400, 'bad-request', checked.reason);
      }
      if (checked.value !== upload.mediaType) {
        return sendError(reply, 400, 'bad-request', 'attachment-wrong-type');
      }
      const referralId = request.params.id;
      const at = ctx.now();
      const outcome = await changeTx(
        ctx.db,
        async (tx): Promise<'added' | 'same' | 'clash' | 'elsewhere'> => {
          const [known] = await tx.query<{ referral_id: string; size: number }>(
            'select referral_id, size from referral_documents where id = $1',
            [upload.documentId],
          );
          // A retry of the same upload changes nothing; an id used for anything else is refused.
          if (known) {
            // An id used on another referral says nothing about it (#12).
            if (known.referral_id !== referralId) return 'elsewhere';
            return known.size === bytes.length ? 'same' : 'clash';
          }
          const consent = {
            method: upload.consent.method,
            at: at.toISOString(),
            recordedBy: user.name,
          };
          await tx.query(
            `insert into referral_documents (id, referral_id, name, media_type, size, content_base64,
               consent, added_at, added_by, added_by_org)
             values ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8, $9, $10)`,
            [
              upload.documentId,
              referralId,
              upload.name,
              checked.value,
              bytes.length,
              bytes.toString('base64'),
              json(consent),
              at.toISOString(),
              user.id,
              pair.org,
            ],
          );
          const org = await tx.query<{ name: string }>(
            'select name from organisations where id = $1',
            [pair.org],
          );
          await tx.query(
            `insert into referral_events
               (id, referral_id, type, at, actor_user_id, actor_name, actor_org_id, actor_org_name, data)
             values ($1, $2, 'document-attached', $3, $4, $5, $6, $7, $8::text::jsonb)`,
            [
              newId(),
              referralId,
              at.toISOString(),
              user.id,
              user.name,
              pair.org,
              org[0]?.name ?? '',
              json({
                documentId: upload.documentId,
                name: upload.name,
                mediaType: checked.value,
                size: bytes.length,
              }),
            ],
          );
          await tx.query('update referrals set updated_at = $2 where id = $1', [
            referralId,
            at.toISOString(),
          ]);
          await tx.change('referral', referralId, [pair.org, pair.to_org]);
          return 'added';
        },
        at,
      );
      if (outcome === 'clash') return sendError(reply, 409, 'conflict');
      if (outcome === 'elsewhere') return notFound(reply);
      if (outcome === 'added') {
        await auditBy(
          ctx,
          request,
          'referral.document.add',
          referralId,
          { documentId: upload.documentId, size: bytes.length },
          [pair.from_org, pair.to_org],
        );
      }
      return reply.code(outcome === 'added' ? 201 : 200).send({ documentId: upload.documentId });
    },
  );

  app.get<{ Params: { id: string; documentId: string } }>(
    `${API}/referrals/:id/documents/:documentId`,
    async (request, reply): Promise<AttachmentDownload | FastifyReply> => {
      const pair = await pairOf(ctx, request, request.params.id);
      if (pair === null || !isUuid(request.params.documentId)) return notFound(reply);
      const [doc] = await ctx.db.query<{
        name: string;
        media_type: AttachmentDownload['mediaType'];
        size: number;
        content_base64: string;
      }>(
        `select name, media_type, size, content_base64 from referral_documents
          where id = $1 and referral_id = $2`,
        [request.params.documentId, request.params.id],
      );
      if (!doc) return notFound(reply);
      await auditBy(
        ctx,
        request,
        'referral.document.read',
        request.params.id,
        { documentId: request.params.documentId },
        [pair.from_org, pair.to_org],
      );
      // Personal data: never kept by a proxy or the browser's cache.
      void reply.header('cache-control', 'no-store');
      return {
        documentId: request.params.documentId,
        name: doc.name,
        mediaType: doc.media_type,
        size: doc.size,
        contentBase64: doc.content_base64,
      };
    },
  );
};
