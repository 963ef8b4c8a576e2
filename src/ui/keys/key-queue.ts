// The one queue every key of the screen goes through. Ink hands the keys of one read (fast
// typing, a paste, tmux send-keys) to its listeners as one event, and each listener would act on
// the state of the last render for all of them. Here a key reaches the listeners only once the
// previous key's updates have rendered (`whenRendered`, given by KeyDispatcher), so N keys in one
// read act exactly like N reads. No React here: tests pass their own `whenRendered`.

import type { Key } from 'ink';
import { splitKeys } from '../terminal/split-keys.js';

export interface KeyListener {
  /** Asked at each key: an inactive listener does not hear it. */
  isActive(): boolean;
  onKey(input: string, key: Key): void;
}

export interface KeyQueue {
  /** Listeners hear each key in the order they were added. Returns the removal. */
  listen(listener: KeyListener): () => void;
  /** One input event from Ink: its first key now (when nothing waits), each next one once the last has rendered. */
  push(input: string, key: Key): void;
  /** Drops the keys still waiting (the screen is going away). */
  close(): void;
}

export function createKeyQueue(whenRendered: (next: () => void) => void): KeyQueue {
  const listeners: KeyListener[] = [];
  const waiting: [string, Key][] = [];
  let delivering = false;
  let closed = false;

  const deliverNext = (): void => {
    const next = waiting.shift();
    if (!next) {
      delivering = false;
      return;
    }
    // Added during this key: hears the next one. Removed during it (a field that submitted and
    // went away): hears nothing more.
    for (const listener of [...listeners]) {
      if (listeners.includes(listener) && listener.isActive()) listener.onKey(...next);
    }
    // Even with nothing waiting: Ink may hand over the next event of the same read (an arrow
    // key after text) before this key has rendered.
    whenRendered(deliverNext);
  };

  return {
    listen(listener) {
      listeners.push(listener);
      return () => {
        const at = listeners.indexOf(listener);
        if (at !== -1) listeners.splice(at, 1);
      };
    },
    push(input, key) {
      if (closed) return;
      waiting.push(...splitKeys(input, key));
      if (delivering) return;
      delivering = true;
      deliverNext();
    },
    close() {
      closed = true;
      waiting.length = 0;
    },
  };
}
