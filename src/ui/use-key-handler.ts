import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';
import { splitKeys } from './split-keys.js';

/**
 * useInput with a handler that always sees the latest render. Ink re-attaches a changed handler
 * only after the frame is drawn, so a key pressed right after a redraw would reach the previous
 * render's handler (and act on the old selection or dialog). Keys that arrive in one read
 * each count (see split-keys.ts).
 */
export function useKeyHandler(handler: (input: string, key: Key) => void, options: { isActive?: boolean } = {}): void {
  const latest = useRef(handler);
  latest.current = handler;
  useInput(
    useCallback((input: string, key: Key) => {
      for (const [one, oneKey] of splitKeys(input, key)) latest.current(one, oneKey);
    }, []),
    options,
  );
}
