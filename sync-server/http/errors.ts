import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ApiError } from '#src/wire/api.ts';
import { hasInvalidText } from '#src/wire/text.ts';

/** A reason-coded error body. `detail` must never carry personal data. */
export const sendError = (
  reply: FastifyReply,
  status: number,
  error: ApiError,
  detail?: string,
): FastifyReply => reply.code(status).send(detail === undefined ? { error } : { error, detail });

/**
 * Which fields failed and how, by path and issue code only: never the
 * values, which may be a client's personal data.
 */
export const issuesDetail = (error: z.ZodError): string => {
  const parts = error.issues
    .slice(0, 10)
    .map((i) => `${i.path.map(String).join('.') || 'body'}: ${i.code}`);
  if (error.issues.length > 10) parts.push(`and ${error.issues.length - 10} more`);
  return parts.join('; ');
};

/** The reason for a body that failed `schema`: text no one can keep, or a bad request. */
export const refusalOf = (error: z.ZodError): ApiError =>
  hasInvalidText(error) ? 'invalid-text' : 'bad-request';

/** Parses with `schema`, or answers 400 (`invalid-text` or `bad-request`) and returns null. */
export const parseOr400 = <S extends z.ZodType>(
  schema: S,
  value: unknown,
  reply: FastifyReply,
): z.infer<S> | null => {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  void sendError(reply, 400, refusalOf(parsed.error), issuesDetail(parsed.error));
  return null;
};

/**
 * 429 for a locked sign-in: says when to try again (Retry-After, in whole
 * seconds, and in the detail) so the desk can tell the person plainly.
 */
export const tooManyAttempts = (reply: FastifyReply, until: Date, now: Date): FastifyReply => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  void reply.header('retry-after', String(seconds));
  return sendError(reply, 429, 'rate-limited', `try again in ${Math.ceil(seconds / 60)} minutes`);
};
