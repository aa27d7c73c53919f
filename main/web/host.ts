import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { MAX_DOCUMENT_BASE64 } from '#src/casework/schemas.ts';
import type { Channel } from '#src/contract.ts';
import type { Desk } from '#main/desk-api.ts';
import { dispatch } from '#main/dispatch.ts';
import { decodedPath } from '#main/url-path.ts';

/**
 * Web mode (DESIGN.md): the same renderer and the same desk, without
 * Electron. Serves the built renderer on 127.0.0.1 only and carries the
 * contract over HTTP (calls) and server-sent events (pushes). Every call must
 * present the per-launch secret, which reaches the page only through the URL
 * printed at launch (in its #fragment, never sent to a server or logged).
 */
export type WebHost = { url: string; origin: string; close(): Promise<void> };

export type WebHostOptions = {
  desk: Desk;
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  port?: number;
  heartbeatMs?: number;
};

/** Every call's body is small, except the one that carries a case document's bytes. */
export const SMALL_BODY_BYTES = 1024 * 1024;
const BODY_LIMITS: Readonly<Partial<Record<Channel, number>>> = {
  // The largest document as base64, with room for the rest of the JSON.
  'cases.addDocument': MAX_DOCUMENT_BASE64 + 64 * 1024,
};

/** How large a request body `channel` accepts, in bytes. */
export const bodyLimit = (channel: string): number =>
  Object.hasOwn(BODY_LIMITS, channel)
    ? (BODY_LIMITS[channel as Channel] ?? SMALL_BODY_BYTES)
    : SMALL_BODY_BYTES;

const megabytes = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // pdf.js's worker is an ES module: a module worker needs a JavaScript type.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  // The PDF preview's pdf.js worker, served from the renderer folder.
  "worker-src 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

const secure = (res: ServerResponse): void => {
  res.setHeader('content-security-policy', CSP);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('cross-origin-opener-policy', 'same-origin');
};

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** The body as text, or null when it is over `limit` bytes. */
const readBody = (req: IncomingMessage, limit: number): Promise<string | null> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping it, let the rest drain, and answer 413.
        chunks.length = 0;
        req.removeAllListeners('data');
        req.resume();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });

export const startWebHost = async (options: WebHostOptions): Promise<WebHost> => {
  const token = randomBytes(32).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const sameToken = (presented: string | null | undefined): boolean => {
    if (typeof presented !== 'string') return false;
    const bytes = Buffer.from(presented);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };
  const root = normalize(options.rendererDir + sep);
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  let allowedHosts = new Set<string>();
  const streams = new Set<ServerResponse>();

  const serveFile = async (pathname: string, res: ServerResponse): Promise<void> => {
    const relative = pathname === '/' ? 'index.html' : decodedPath(pathname.slice(1));
    const file = relative === null ? null : normalize(join(root, relative));
    if (relative === null || file === null || !file.startsWith(root)) {
      send(res, 404, { error: 'not-found' });
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': relative === 'index.html' ? 'no-store' : 'public, max-age=3600',
      });
      res.end(body);
    } catch {
      send(res, 404, { error: 'not-found' });
    }
  };

  const rpc = async (channel: string, req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!sameToken(req.headers['x-handover-token'] as string | undefined)) {
      send(res, 401, { error: 'unauthenticated' });
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      send(res, 415, { error: 'bad-request', detail: 'Send JSON.' });
      return;
    }
    const limit = bodyLimit(channel);
    const declared = Number(req.headers['content-length'] ?? 0);
    const text = declared > limit ? null : await readBody(req, limit);
    if (text === null) {
      if (declared > limit) req.resume();
      send(res, 413, {
        error: 'too-large',
        detail: `The request is larger than this call accepts (${megabytes(limit)}).`,
      });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      send(res, 400, { error: 'bad-request', detail: 'The request is not valid JSON.' });
      return;
    }
    const outcome = await dispatch(options.desk, channel, body);
    if (outcome.ok) send(res, 200, { response: outcome.response });
    else
      send(res, outcome.error === 'unknown-channel' ? 404 : 400, {
        error: outcome.error,
        detail: outcome.detail,
      });
  };

  const events = (url: URL, res: ServerResponse): void => {
    if (!sameToken(url.searchParams.get('token'))) {
      send(res, 401, { error: 'unauthenticated' });
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    streams.add(res);
    const unsubscribe = options.desk.subscribe((event) => {
      res.write(`data: ${JSON.stringify(event)}\n\n`);
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    res.on('close', () => {
      clearInterval(heartbeat);
      unsubscribe();
      streams.delete(res);
    });
  };

  const server = createServer((req, res) => {
    secure(res);
    // Only this machine, by the names we were started with: refuses DNS
    // rebinding and other sites' requests.
    if (!allowedHosts.has(req.headers.host ?? '')) {
      send(res, 421, { error: 'bad-request', detail: 'Unknown host.' });
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts.has(origin.replace(/^http:\/\//, ''))) {
      send(res, 403, { error: 'forbidden' });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handle = async (): Promise<void> => {
      if (req.method === 'POST' && url.pathname.startsWith('/rpc/')) {
        await rpc(url.pathname.slice('/rpc/'.length), req, res);
      } else if (req.method === 'GET' && url.pathname === '/events') {
        events(url, res);
      } else if (req.method === 'GET' || req.method === 'HEAD') {
        await serveFile(url.pathname, res);
      } else {
        send(res, 405, { error: 'bad-request' });
      }
    };
    handle().catch((error: unknown) => {
      // A bug: say so without echoing anything from the request.
      console.error(
        'web host: request failed:',
        error instanceof Error ? error.message : 'unknown',
      );
      if (!res.headersSent) send(res, 500, { error: 'internal' });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: `${origin}/#token=${token}`,
    close: async () => {
      for (const stream of streams) stream.end();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
