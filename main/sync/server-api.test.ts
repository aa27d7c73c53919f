import { describe, expect, it } from 'vitest';
import { commandsVerdict } from '#main/sync/server-api.ts';

/** How the desk takes each failed answer to POST /commands (#12). */
describe('commandsVerdict', () => {
  it('tries again later when nothing is wrong with the commands', () => {
    expect(commandsVerdict(429, 'rate-limited')).toBe('later');
    expect(commandsVerdict(503, 'server-error')).toBe('later');
    expect(commandsVerdict(502, 'not-a-server')).toBe('later');
    expect(commandsVerdict(504, 'server-error')).toBe('later');
    expect(commandsVerdict(403, 'password-change-required')).toBe('later');
  });
  it('stops on a session that has ended', () => {
    expect(commandsVerdict(401, 'unauthenticated')).toBe('signed-out');
  });
  it('takes our server’s 4xx as refused for good', () => {
    expect(commandsVerdict(400, 'invalid')).toBe('refused');
    expect(commandsVerdict(413, 'invalid')).toBe('refused');
    expect(commandsVerdict(403, 'forbidden')).toBe('refused');
    expect(commandsVerdict(404, 'not-found')).toBe('refused');
  });
  it('suspects the command, to be judged, on a 500 or a 4xx that is not our server’s', () => {
    expect(commandsVerdict(500, 'server-error')).toBe('suspect');
    expect(commandsVerdict(413, 'not-a-server')).toBe('suspect');
  });
});
