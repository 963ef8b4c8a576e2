import { useInput, type Key } from 'ink';
import { createContext, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { createKeyQueue, type KeyQueue } from './key-queue.js';

export const KeyQueueContext = createContext<KeyQueue | undefined>(undefined);

/**
 * The one owner of keyboard input at the root of a screen: every useKeyHandler below hears keys
 * through it, one at a time. After a key it renders itself once; its effect runs after the commit
 * that also carries the key's own updates, and only then is the next key let through.
 */
export function KeyDispatcher({ children }: { children: ReactNode }) {
  const [rendered, setRendered] = useState(0);
  const next = useRef<(() => void) | undefined>(undefined);
  const [queue] = useState(() =>
    createKeyQueue((deliver) => {
      next.current = deliver;
      setRendered((n) => n + 1);
    }),
  );
  useEffect(() => () => queue.close(), [queue]);
  useEffect(() => {
    const deliver = next.current;
    next.current = undefined;
    // From a fresh task, not this effect: React counts updates made in effects as nested and
    // complains after 50 of them (a long paste).
    if (deliver) setImmediate(deliver);
  }, [rendered]);
  useInput(useCallback((input: string, key: Key) => queue.push(input, key), [queue]));
  return <KeyQueueContext.Provider value={queue}>{children}</KeyQueueContext.Provider>;
}
