import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { decodedPath } from '#main/url-path.ts';

/**
 * The packaged renderer is served from a privileged custom scheme rather
 * than file://: the page gets a real origin (handover://app) to check IPC
 * senders and navigation against, and the GrantFileProtocolExtraPrivileges
 * fuse can stay off. Only files under the renderer's build folder are served.
 */
export const APP_SCHEME = 'handover';
export const APP_HOST = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/index.html`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file a handover://app URL names, or null if it is not ours or escapes the root. */
export const resolveAppFile = (rootDir: string, requestUrl: string): string | null => {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  const pathname = decodedPath(url.pathname);
  if (pathname === null) return null;
  const relative = pathname.replace(/^\/+/, '');
  const root = resolve(rootDir);
  // The renderer routes inside the page, so any path without an extension is the app itself.
  const file = resolve(root, relative === '' || extname(relative) === '' ? 'index.html' : relative);
  return file.startsWith(root + sep) ? file : null;
};

const plain = (status: number, text: string, csp: string): Response =>
  new Response(text, {
    status,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
    },
  });

/** The protocol handler's body: GET/HEAD of files under `rootDir`, with the CSP on every response. */
export const serveAppFile = async (
  rootDir: string,
  request: { url: string; method: string },
  csp: string,
): Promise<Response> => {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Not allowed', csp);
  const file = resolveAppFile(rootDir, request.url);
  if (file === null) return plain(404, 'Not found', csp);
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return plain(404, 'Not found', csp);
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
    status: 200,
    headers: {
      'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-security-policy': csp,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-cache',
    },
  });
};
