import { useCallback, useEffect, useState } from 'react';
import type { EventTopic } from '#src/contract.ts';
import { useDeskEvents } from '#renderer/app/events.ts';

/**
 * Loads something from the desk, and loads it again whenever the desk says
 * one of `topics` changed. `null` until the first answer arrives.
 */
export const useDeskQuery = <T>(
  load: () => Promise<T>,
  topics: readonly EventTopic[],
): [T | null, () => Promise<void>] => {
  const [data, setData] = useState<T | null>(null);
  const reload = useCallback(async () => {
    setData(await load());
  }, [load]);
  useEffect(() => {
    let current = true;
    void load().then((value) => {
      if (current) setData(value);
    });
    return () => {
      current = false;
    };
  }, [load]);
  useDeskEvents(topics, reload);
  return [data, reload];
};
