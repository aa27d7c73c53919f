import type { FastifyReply } from 'fastify';
import type { Queryable } from '#server/db/db.ts';
import { loadNetwork } from '#server/network/load.ts';
import { page, type Html } from '#server/public/html.ts';

/** Where the public pages live, and how each is sent. */
export const PUBLIC_BASE = '/directory';

const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const sendPage = (
  reply: FastifyReply,
  status: number,
  title: string,
  networkName: string,
  body: Html,
): FastifyReply =>
  reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', CSP)
    .header('referrer-policy', 'no-referrer')
    .send(page(title, networkName, body));

export const networkName = async (q: Queryable): Promise<string> =>
  (await loadNetwork(q))?.name ?? 'Handover';
