import type { FastifyRequest } from 'fastify';
import { brakeKey, type BrakePolicy } from '#server/auth/brakes.ts';
import type { ServerContext } from '#server/context.ts';
import { PUBLIC_BASE } from '#server/public/respond.ts';

/** Posts of one public form allowed from one address per window. */
export const RATE_WINDOW_MS = 15 * 60_000;
export const RATE_LIMIT = 5;

const PUBLIC_LIMIT: BrakePolicy = { limit: RATE_LIMIT, windowMs: RATE_WINDOW_MS, lockMs: 0 };

/**
 * Counts a post of a public form from this address, in the database (the
 * brakes, auth/brakes.ts): shared by every server instance, kept over a
 * restart, and evicted when the window is over. True when over the limit.
 */
export const overPublicLimit = async (
  ctx: ServerContext,
  form: 'self-referral' | 'join',
  request: FastifyRequest,
): Promise<boolean> =>
  !(
    await ctx.brakes.take(
      [{ key: brakeKey('public', form, request.ip), policy: PUBLIC_LIMIT }],
      ctx.now(),
    )
  ).ok;

/**
 * The CSRF cookie's Set-Cookie value: HttpOnly, SameSite=Strict, and Secure
 * whenever the page came over HTTPS, so the browser never sends it in clear.
 */
export const csrfCookie = (request: FastifyRequest, name: string, value: string): string =>
  `${name}=${value}; Path=${PUBLIC_BASE}; HttpOnly; SameSite=Strict${
    request.protocol === 'https' ? '; Secure' : ''
  }`;
