import type { Key } from 'ink';
import { useContext, useLayoutEffect, useRef } from 'react';
import { KeyQueueContext } from './KeyDispatcher.js';

/**
 * Hear keys through the screen's KeyDispatcher, one at a time, each after the previous one has
 * rendered: the handler (and `isActive`) are always the latest render's. Registered in a layout
 * effect so a component that appears after a key (a dialog, the next wizard step) hears the next
 * key of the same read.
 */
export function useKeyHandler(handler: (input: string, key: Key) => void, options: { isActive?: boolean } = {}): void {
  const queue = useContext(KeyQueueContext);
  if (!queue) throw new Error('useKeyHandler needs a <KeyDispatcher> above it');
  const latest = useRef({ handler, active: options.isActive ?? true });
  latest.current = { handler, active: options.isActive ?? true };
  useLayoutEffect(
    () =>
      queue.listen({
        isActive: () => latest.current.active,
        onKey: (input, key) => latest.current.handler(input, key),
      }),
    [queue],
  );
}
