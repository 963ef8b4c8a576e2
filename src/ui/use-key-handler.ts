import { useInput, type Key } from 'ink';
import { useCallback, useRef } from 'react';

/**
 * useInput with a handler that always sees the latest render. Ink re-attaches a changed handler
 * only after the frame is drawn, so a key pressed right after a redraw would reach the previous
 * render's handler (and act on the old selection or dialog).
 */
export function useKeyHandler(handler: (input: string, key: Key) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useInput(useCallback((input: string, key: Key) => latest.current(input, key), []));
}
