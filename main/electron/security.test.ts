import { describe, expect, it } from 'vitest';
import {
  contentSecurityPolicy,
  isAppUrl,
  isExternalWebUrl,
  isPermissionAllowed,
  originOf,
  trustedSender,
  withSecurityHeaders,
} from '#main/electron/security.ts';

const directives = (csp: string): Map<string, string> =>
  new Map(
    csp.split(';').map((d) => {
      const [name = '', ...values] = d.trim().split(/\s+/);
      return [name, values.join(' ')];
    }),
  );

describe('originOf / isAppUrl', () => {
  it('gives the app scheme a real origin and refuses lookalikes', () => {
    expect(originOf('handover://app/index.html#/x')).toBe('handover://app');
    expect(originOf('http://localhost:5173/src/x.ts')).toBe('http://localhost:5173');
    expect(originOf('file:///index.html')).toBeNull();
    expect(originOf('not a url')).toBeNull();
    const app = ['handover://app'];
    expect(isAppUrl('handover://app/a/b', app)).toBe(true);
    expect(isAppUrl('handover://app.evil.example/', app)).toBe(false);
    expect(isAppUrl('handover://evil/', app)).toBe(false);
    expect(isAppUrl('https://app/', app)).toBe(false);
  });

  it('opens only http(s) links externally', () => {
    expect(isExternalWebUrl('https://www.citizensadvice.org.uk/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://x/y', 'ms-msdt:x', ''])
      expect(isExternalWebUrl(url)).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  it('is strict in production', () => {
    const csp = directives(contentSecurityPolicy(null));
    expect(csp.get('default-src')).toBe("'self'");
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('style-src')).toBe("'self'");
    expect(csp.get('connect-src')).toBe("'self'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'none'");
    expect(contentSecurityPolicy(null)).not.toMatch(/unsafe/);
  });

  it('lets only the dev server in, in development', () => {
    const csp = directives(contentSecurityPolicy('http://localhost:5173'));
    expect(csp.get('connect-src')).toBe("'self' http://localhost:5173 ws://localhost:5173");
    expect(csp.get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(csp.get('object-src')).toBe("'none'");
  });

  it('replaces any CSP a response carried', () => {
    const headers = withSecurityHeaders(
      { 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] },
      "default-src 'self'",
    );
    expect(headers).toEqual({
      'Content-Type': ['text/html'],
      'Content-Security-Policy': ["default-src 'self'"],
      'X-Content-Type-Options': ['nosniff'],
    });
  });
});

describe('permissions and senders', () => {
  const app = ['handover://app'];
  it('allows only notifications, only for the app', () => {
    expect(isPermissionAllowed('notifications', 'handover://app/index.html', app)).toBe(true);
    expect(isPermissionAllowed('notifications', 'https://evil.example/', app)).toBe(false);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'fileSystem'])
      expect(isPermissionAllowed(p, 'handover://app/index.html', app)).toBe(false);
  });

  it('trusts only the app’s top frame', () => {
    const trusted = trustedSender(app);
    expect(trusted({ url: 'handover://app/index.html', parent: null })).toBe(true);
    expect(trusted({ url: 'handover://app/index.html', parent: {} })).toBe(false);
    expect(trusted({ url: 'https://evil.example/', parent: null })).toBe(false);
    expect(trusted(null)).toBe(false);
  });
});
