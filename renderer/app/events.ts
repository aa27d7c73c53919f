import { useEffect } from 'react';
import type { EventTopic } from '#src/contract.ts';
import { onDeskEvent } from '#renderer/bridge.ts';

/** Re-runs `reload` whenever the desk says one of `topics` changed. */
export const useDeskEvents = (topics: readonly EventTopic[], reload: () => Promise<void>): void => {
  const key = topics.join(',');
  useEffect(
    () =>
      onDeskEvent((event) => {
        if (event.topics.some((t) => key.split(',').includes(t))) void reload();
      }),
    [key, reload],
  );
};
