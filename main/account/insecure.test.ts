import { describe, expect, it } from 'vitest';
import { isInsecureRemote } from '#main/account/insecure.ts';

describe('which network addresses the desk refuses without the user’s say-so', () => {
  it('allows https anywhere and plain http on this computer only', () => {
    for (const ok of [
      'https://handover.mytown.org',
      'https://10.0.0.5:8443',
      'http://127.0.0.1:8787',
      'http://127.0.1.1:8787',
      'http://localhost:8787',
      'http://[::1]:8787',
    ]) {
      expect({ ok, insecure: isInsecureRemote(ok) }).toEqual({ ok, insecure: false });
    }
    for (const bad of [
      'http://handover.mytown.org',
      'http://192.168.1.20:8787',
      'http://localhost.evil.test',
    ]) {
      expect({ bad, insecure: isInsecureRemote(bad) }).toEqual({ bad, insecure: true });
    }
  });
});
