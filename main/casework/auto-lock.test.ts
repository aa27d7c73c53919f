import { describe, expect, it } from 'vitest';
import { createAutoLock, createUnlockBrake, FREE_UNLOCK_TRIES } from '#main/casework/auto-lock.ts';
import { manualClock } from '#test/manual-clock.ts';

const MINUTE = 60_000;

describe('locking an idle desk', () => {
  const setUp = (minutes: number) => {
    const clock = manualClock();
    let locks = 0;
    const auto = createAutoLock({
      clock,
      minutes: () => minutes,
      lock: () => {
        locks += 1;
        return Promise.resolve();
      },
    });
    return { clock, auto, locks: () => locks };
  };

  it('locks once the agency’s minutes pass with no activity, and only once', () => {
    const { clock, auto, locks } = setUp(10);
    auto.start();
    clock.advance(9 * MINUTE);
    expect(locks()).toBe(0);
    clock.advance(1.5 * MINUTE);
    expect(locks()).toBe(1);
    clock.advance(60 * MINUTE);
    expect(locks()).toBe(1);
  });

  it('counts from the last key press or pointer use', () => {
    const { clock, auto, locks } = setUp(10);
    auto.start();
    for (let i = 0; i < 6; i += 1) {
      clock.advance(8 * MINUTE);
      auto.activity();
    }
    expect(locks()).toBe(0);
    clock.advance(10.5 * MINUTE);
    expect(locks()).toBe(1);
  });

  it('does nothing once stopped (locked, or signed out)', () => {
    const { clock, auto, locks } = setUp(1);
    auto.start();
    auto.stop();
    clock.advance(30 * MINUTE);
    expect(locks()).toBe(0);
  });

  it('reads the minutes at each check, so a change applies at once', () => {
    const clock = manualClock();
    let minutes = 30;
    let locks = 0;
    const auto = createAutoLock({
      clock,
      minutes: () => minutes,
      lock: () => {
        locks += 1;
        return Promise.resolve();
      },
    });
    auto.start();
    clock.advance(5 * MINUTE);
    expect(locks).toBe(0);
    minutes = 2;
    clock.advance(30_000);
    expect(locks).toBe(1);
  });
});

describe('braking guesses at the lock screen', () => {
  it('allows five wrong tries, then makes each wait longer, up to 15 minutes', () => {
    const clock = manualClock();
    const brake = createUnlockBrake(clock);
    for (let i = 0; i < FREE_UNLOCK_TRIES - 1; i += 1) {
      expect(brake.mayTry()).toBe(true);
      brake.wrong();
    }
    expect(brake.mayTry()).toBe(true);
    brake.wrong(); // the fifth
    expect(brake.mayTry()).toBe(false);
    clock.advance(MINUTE);
    expect(brake.mayTry()).toBe(true);
    brake.wrong(); // the sixth: two minutes
    clock.advance(MINUTE);
    expect(brake.mayTry()).toBe(false);
    clock.advance(MINUTE);
    expect(brake.mayTry()).toBe(true);
    for (let i = 0; i < 10; i += 1) brake.wrong();
    clock.advance(15 * MINUTE - 1);
    expect(brake.mayTry()).toBe(false);
    clock.advance(1);
    expect(brake.mayTry()).toBe(true);
    brake.reset();
    brake.wrong();
    expect(brake.mayTry()).toBe(true);
  });
});
