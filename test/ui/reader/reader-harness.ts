// Test support: renders the Reader over a fixture tree and waits for frames. (createElement, not
// JSX: tsx applies tsconfig.json's automatic JSX runtime only to files under src/.)
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { IndexWorker, type IndexWorkerOptions } from '../../../src/reader/index.js';
import { KeyDispatcher } from '../../../src/ui/keys/KeyDispatcher.js';
import { Reader, type ReaderProps } from '../../../src/ui/reader/Reader.js';
import { waitUntil } from '../../support/wait-until.js';

export function renderReader(props: Partial<ReaderProps> & Pick<ReaderProps, 'roots'>) {
  let exited = 0;
  // The reader's index worker writes the index file after the reader is gone (a starved low-priority
  // thread, seconds later under load): a test removing that file's dir first must wait for it to stop.
  const workers: IndexWorker[] = [];
  const startIndexWorker = (options: IndexWorkerOptions) => {
    workers.push(new IndexWorker(options));
    return workers.at(-1)!;
  };
  const r = render(
    createElement(
      KeyDispatcher,
      null,
      createElement(Reader, {
        active: true,
        onExit: () => exited++,
        width: 100,
        height: 20,
        startIndexWorker,
        ...props,
      }),
    ),
  );
  /** Unmounts the reader and waits until its index worker has stopped writing. */
  const close = async () => {
    r.unmount();
    await Promise.all(workers.map((worker) => worker.close(false)));
  };
  const frame = () => r.lastFrame() ?? '';
  const waitFor = (predicate: (frame: string) => boolean, what: string) =>
    waitUntil(
      () => predicate(frame()) && frame(),
      () => `timed out waiting for ${what}; last frame:\n${frame()}`,
    );
  // One key at a time, each written once Ink listens and read before the next: no fixed delays,
  // so a loaded machine slows the test down instead of losing keys.
  const press = async (...keys: string[]) => {
    for (const k of keys) {
      await waitForListener(r.stdin);
      r.stdin.write(k);
      await waitUntil(
        () => unread(r.stdin) === null,
        () => `the key ${JSON.stringify(k)} was never read`,
      );
      await settled(() => r.frames.length);
    }
  };
  const type = async (text: string) => press(...[...text]);
  return { ...r, frame, waitFor, press, type, close, exits: () => exited };
}

export const KEY = { enter: '\r', escape: '\u001b', down: '\u001b[B', up: '\u001b[A', backspace: '\u007f' };

async function waitForListener(stdin: { listenerCount(event: string): number }) {
  await waitUntil(
    () => stdin.listenerCount('readable') > 0,
    () => 'Ink never listened to stdin',
  );
}

/** ink-testing-library's stdin keeps a written chunk until Ink reads it. */
function unread(stdin: unknown): unknown {
  return (stdin as { data: unknown }).data;
}

/** Until the key's renders are done: no new frame over several turns of the event loop (a clock may tick on). */
async function settled(frames: () => number): Promise<void> {
  for (let quiet = 0, turns = 0, last = frames(); quiet < 10 && turns < 5000; turns++) {
    await new Promise((resolve) => setImmediate(resolve));
    quiet = frames() === last ? quiet + 1 : 0;
    last = frames();
  }
}
