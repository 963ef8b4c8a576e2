// The edges of a full-screen program: checks the terminal, borrows the screen, and turns every
// way out into one exit code with the terminal given back. The app and the reader alone share it.

import { render } from 'ink';
import type { ReactElement } from 'react';
import { KeyDispatcher } from '../keys/KeyDispatcher.js';
import { crashLine, enterTerminalScreen, guardTerminal, SIGNAL_EXIT_CODES } from '../terminal/terminal-screen.js';

export const NOT_A_TERMINAL = 'mailkeep: the full-screen app needs a terminal; use `mailkeep sync` for scripts\n';

export interface TerminalIO {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
}

export function noColorFromEnv(): boolean {
  const value = process.env.NO_COLOR;
  return value !== undefined && value !== '';
}

/**
 * Run an Ink tree full screen until it calls `exit`. A first signal stops the work and exits
 * with the signal's code; a second one forces. A forced exit ends the process once the screen is
 * back (work may still be in flight); a crash restores the screen, prints one line and exits 2.
 */
export async function runFullScreen(
  io: Required<TerminalIO>,
  tree: (exit: (code: number, forced?: boolean) => void) => ReactElement,
  work: { start(): void; stop(): Promise<void> },
  forceExit: (code: number) => void,
): Promise<number> {
  let forced = false;
  let resolveExit!: (code: number) => void;
  const exited = new Promise<number>((resolve) => {
    resolveExit = resolve;
  });
  const exit = (code: number, force = false): void => {
    forced ||= force;
    resolveExit(code);
  };
  const screen = enterTerminalScreen(io.stdout);
  let signalled = false;
  const removeGuards = guardTerminal(screen, {
    onSignal(signal) {
      const code = SIGNAL_EXIT_CODES[signal];
      if (signalled) return exit(code, true);
      signalled = true;
      work.stop().then(
        () => exit(code),
        () => exit(code),
      );
    },
    onCrash(error) {
      io.stderr.write(`${crashLine(error)}\n`);
      process.exit(2);
    },
  });
  const instance = render(<KeyDispatcher>{tree(exit)}</KeyDispatcher>, {
    stdout: io.stdout,
    stdin: io.stdin,
    stderr: io.stderr,
    exitOnCtrlC: false,
    patchConsole: true,
  });
  work.start();
  try {
    return await exited;
  } finally {
    instance.unmount();
    removeGuards();
    screen.restore();
    if (forced) forceExit(await exited);
  }
}

export function resolveIO(io: TerminalIO): Required<TerminalIO> {
  return { stdout: io.stdout ?? process.stdout, stdin: io.stdin ?? process.stdin, stderr: io.stderr ?? process.stderr };
}
