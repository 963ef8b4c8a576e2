// The full-screen app borrows the terminal: alternate screen, hidden cursor. Every way out
// (quit, signals, a crash, process exit) must give it back exactly once.

import ansiEscapes from 'ansi-escapes';
import type { EventEmitter } from 'node:events';

export interface TerminalScreen {
  /** Leave the alternate screen and show the cursor; later calls do nothing. */
  restore(): void;
}

export function enterTerminalScreen(stdout: NodeJS.WritableStream): TerminalScreen {
  stdout.write(ansiEscapes.enterAlternativeScreen + ansiEscapes.cursorHide);
  let restored = false;
  return {
    restore() {
      if (restored) return;
      restored = true;
      stdout.write(ansiEscapes.cursorShow + ansiEscapes.exitAlternativeScreen);
    },
  };
}

export type ExitSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP';

/** Conventional exit codes: 128 + signal number. */
export const SIGNAL_EXIT_CODES: Record<ExitSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export interface ExitHandlers {
  onSignal(signal: ExitSignal): void;
  /** Called after the screen is restored. */
  onCrash(error: unknown): void;
}

/** Listen for every way out; returns a function that removes the listeners. */
export function guardTerminal(
  screen: TerminalScreen,
  handlers: ExitHandlers,
  proc: EventEmitter = process,
): () => void {
  const signals: ExitSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  const onSignal = (signal: ExitSignal): void => handlers.onSignal(signal);
  const onCrash = (error: unknown): void => {
    screen.restore();
    handlers.onCrash(error);
  };
  const onExit = (): void => screen.restore();
  for (const signal of signals) proc.on(signal, onSignal);
  proc.on('uncaughtException', onCrash);
  proc.on('unhandledRejection', onCrash);
  proc.on('exit', onExit);
  return () => {
    for (const signal of signals) proc.off(signal, onSignal);
    proc.off('uncaughtException', onCrash);
    proc.off('unhandledRejection', onCrash);
    proc.off('exit', onExit);
  };
}

/** A crash as one line for the user (the first line of the message, no stack). */
export function crashLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return `mailkeep: internal error: ${message.split('\n')[0] ?? ''}`;
}
