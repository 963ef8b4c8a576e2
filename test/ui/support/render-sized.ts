// Render an Ink tree into a fake terminal of a chosen size (ink-testing-library's is fixed at
// 100 columns), feed it keys, resize it, and wait for a frame to show something.

import { EventEmitter } from 'node:events';
import { render } from 'ink';
import { createElement, type ReactElement } from 'react';
import { KeyDispatcher } from '../../../src/ui/keys/KeyDispatcher.js';
import { waitUntil } from '../../support/wait-until.js';

export class FakeStdout extends EventEmitter {
  frames: string[] = [];
  constructor(
    public columns: number,
    public rows: number,
    readonly isTTY = true,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.frames.push(frame);
    return true;
  };
}

export class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private pending: string | null = null;
  write(data: string): void {
    this.pending = data;
    this.emit('readable');
    this.emit('data', data);
  }
  read = (): string | null => {
    const data = this.pending;
    this.pending = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  pageDown: '\u001b[6~',
  tab: '\t',
  ctrlC: '\u0003',
  escape: '\u001b',
} as const;

export interface SizedRender {
  /** The last frame without colour codes. */
  frame(): string;
  /** The last frame as written, colour codes included. */
  rawFrame(): string;
  /** Everything written to the terminal, in order (frames, and anything written beside them). */
  writes(): readonly string[];
  press(keys: string): void;
  resize(columns: number, rows: number): void;
  /** Wait (bounded) until the frame satisfies the check; throws with the frame if it never does. */
  waitFor(check: (frame: string) => boolean, what: string): Promise<string>;
  unmount(): void;
}

export function renderSized(tree: ReactElement, columns = 80, rows = 24): SizedRender {
  const stdout = new FakeStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(createElement(KeyDispatcher, null, tree), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const rawFrame = (): string => stdout.frames.at(-1) ?? '';
  const frame = (): string => rawFrame().replace(ANSI, '');
  return {
    frame,
    rawFrame,
    writes: () => stdout.frames,
    press: (keys) => stdin.write(keys),
    resize(newColumns, newRows) {
      stdout.columns = newColumns;
      stdout.rows = newRows;
      stdout.emit('resize');
    },
    waitFor(check, what) {
      return waitUntil(
        () => check(frame()) && frame(),
        () => `frame never showed ${what}:\n${frame()}`,
      );
    },
    unmount() {
      instance.unmount();
      instance.cleanup();
    },
  };
}
