/**
 * Pure rules for the Electron shell: which URLs belong to the app, the
 * Content-Security-Policy, permissions, and which frames may talk to main.
 * No electron import, so every rule is tested under plain Node.
 */

/** `scheme://host[:port]` for http(s) and the app's own scheme; null for anything else. */
export const originOf = (url: string): string | null => {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  // WHATWG gives non-special schemes an opaque origin ("null"), so build it by hand.
  if (parsed.host === '') return null;
  return `${parsed.protocol}//${parsed.host}`;
};

export const isAppUrl = (url: string, appOrigins: readonly string[]): boolean => {
  const origin = originOf(url);
  return origin !== null && appOrigins.includes(origin);
};

/** Links the OS browser may open: http(s) only (never file:, smb:, javascript:, custom schemes). */
export const isExternalWebUrl = (url: string): boolean => {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
};

/**
 * The renderer's CSP. In production everything comes from the app's own
 * origin. In development Vite's dev server needs inline styles (HMR injects
 * <style>), an inline module script (React Refresh preamble) and its
 * websocket; those relaxations exist only when a dev server URL is given.
 */
export const contentSecurityPolicy = (devServerUrl: string | null): string => {
  const dev = devServerUrl === null ? null : originOf(devServerUrl);
  const devSocket = dev?.replace(/^http/, 'ws') ?? null;
  const extra = (...sources: (string | null)[]): string =>
    sources.filter((s): s is string => s !== null).join(' ');
  return [
    "default-src 'self'",
    `script-src ${extra("'self'", dev === null ? null : "'unsafe-inline'")}`,
    `style-src ${extra("'self'", dev === null ? null : "'unsafe-inline'")}`,
    `connect-src ${extra("'self'", dev, devSocket)}`,
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "frame-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join('; ');
};

/** Response headers with our CSP replacing whatever the response carried. */
export const withSecurityHeaders = (
  headers: Record<string, string[]> | undefined,
  csp: string,
): Record<string, string[]> => {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'x-content-type-options') continue;
    out[name] = value;
  }
  out['Content-Security-Policy'] = [csp];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
};

/** Everything is refused except notifications, and only for the app's own pages. */
export const isPermissionAllowed = (
  permission: string,
  requestingUrl: string,
  appOrigins: readonly string[],
): boolean => permission === 'notifications' && isAppUrl(requestingUrl, appOrigins);

/** The parts of Electron's WebFrameMain the sender check reads. */
export type SenderFrame = { readonly url: string; readonly parent: unknown };

/**
 * Only the top frame of a page the app loaded may call main: not an iframe,
 * not a page navigated elsewhere, not a frame that has gone (null).
 */
export const trustedSender =
  (appOrigins: readonly string[]) =>
  (frame: SenderFrame | null): boolean =>
    frame !== null && frame.parent === null && isAppUrl(frame.url, appOrigins);
