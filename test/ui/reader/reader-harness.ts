// Test support: renders the Reader over a fixture tree and waits for frames. (createElement, not
// JSX: tsx applies tsconfig.json's automatic JSX runtime only to files under src/.)
import { createElement } from 'react';
import { render } from 'ink-testing-library';
import { KeyDispatcher } from '../../../src/ui/keys/KeyDispatcher.js';
import { Reader, type ReaderProps } from '../../../src/ui/reader/Reader.js';
import { waitUntil } from '../../support/wait-until.js';

export function renderReader(props: Partial<ReaderProps> & Pick<ReaderProps, 'roots'>) {
  let exited = 0;
  const r = render(createElement(KeyDispatcher, null, createElement(Reader, { active: true, onExit: () => exited++, width: 100, height: 20, ...props })));
  const frame = () => r.lastFrame() ?? '';
  const waitFor = (predicate: (frame: string) => boolean, what: string) =>
    waitUntil(() => predicate(frame()) && frame(), () => `timed out waiting for ${what}; last frame:\n${frame()}`);
  const press = async (...keys: string[]) => {
    // Ink attaches its stdin listener in an effect: a key written before that is lost.
    await waitForListener(r.stdin);
    for (const k of keys) {
      r.stdin.write(k);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const type = async (text: string) => press(...[...text]);
  return { ...r, frame, waitFor, press, type, exits: () => exited };
}

export const KEY = { enter: '\r', escape: '\u001b', down: '\u001b[B', up: '\u001b[A', backspace: '\u007f' };

async function waitForListener(stdin: { listenerCount(event: string): number }) {
  for (let i = 0; i < 200 && stdin.listenerCount('readable') === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
