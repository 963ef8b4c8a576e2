import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';

/**
 * useInput with a handler that always sees the latest render. Ink re-attaches a changed handler
 * only after the frame is drawn, so a key pressed right after a redraw would reach the previous
 * render's handler (and act on the old selection or dialog).
 */
export function useKeyHandler(handler: (input: string, key: Key) => void, options: { isActive?: boolean } = {}): void {
  const latest = useRef(handler);
  latest.current = handler;
  useInput(
    useCallback((input: string, key: Key) => {
      // Keys typed faster than one read (key repeat, `GG`) arrive as one string; each counts.
      // Escape sequences come on their own, flagged, and are passed on whole.
      if ([...input].length > 1 && !key.ctrl && !key.meta) {
        for (const char of input) latest.current(char, key);
        return;
      }
      latest.current(input, key);
    }, []),
    options,
  );
}
