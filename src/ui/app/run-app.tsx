// The edges of the full-screen app: checks the terminal, borrows the screen, owns the engine's
// session, wires the log, and turns every way out into one exit code with the terminal given back.

import '../terminal/live-terminal.js';
import { render } from 'ink';
import type { ReactElement } from 'react';
import { attachEventLog } from '../../engine/event-log.js';
import type { AccountConfig } from '../../config/types.js';
import type { SyncEngine } from '../../engine/events.js';
import type { KeepInSyncOptions } from '../../engine/keep-in-sync.js';
import { MailkeepApp, type FirstScreen, type SetupOptions } from './MailkeepApp.js';
import { Reader } from '../reader/Reader.js';
import type { ReaderRoot } from '../reader/reader-props.js';
import { KeyDispatcher } from '../keys/KeyDispatcher.js';
import { createSyncSession } from '../sync/sync-session.js';
import { ThemeContext, themeFor } from '../theme.js';
import { useTerminalSize } from '../terminal/use-terminal-size.js';
import { crashLine, enterTerminalScreen, guardTerminal, SIGNAL_EXIT_CODES } from '../terminal/terminal-screen.js';

export const NOT_A_TERMINAL = 'mailkeep: the full-screen app needs a terminal; use `mailkeep sync` for scripts\n';

export interface TerminalIO {
  stdout?: NodeJS.WriteStream;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
}

export interface RunAppOptions extends TerminalIO {
  /** The accounts to sync (none: the setup wizard comes first). */
  accounts: AccountConfig[];
  createEngine: (accounts: AccountConfig[]) => SyncEngine;
  /** Default: 'app' with accounts, 'setup' without. */
  first?: FirstScreen;
  setup: SetupOptions;
  /** The accounts' file when it is not mailkeep's own config: edited there, not in the app. */
  foreignSource?: string;
  ownConfigShown?: string;
  importMbsyncrc?: () => Promise<AccountConfig[]>;
  /** The full event log, shown in the sync view's footer. */
  logPath: string;
  readerIndexFile?: string;
  readerSaveDir?: string;
  /** Defaults to whether NO_COLOR is set (https://no-color.org). */
  noColor?: boolean;
  /** Ends the process after a forced quit (default process.exit); tests pass a recorder. */
  forceExit?: (code: number) => void;
  /** Progress store throttle in ms (tests pass 0). */
  intervalMs?: number;
  /** Timed passes and IDLE after the first pass (absent: passes on `G` only). */
  keepInSync?: KeepInSyncOptions;
  /** Ring the terminal bell when new mail is stored. */
  bell?: boolean;
}

export interface RunReaderOptions extends TerminalIO {
  roots: ReaderRoot[];
  indexFile?: string;
  saveDir?: string;
  /** Defaults to whether NO_COLOR is set. */
  noColor?: boolean;
}

function noColorFromEnv(): boolean {
  const value = process.env.NO_COLOR;
  return value !== undefined && value !== '';
}

/**
 * Run an Ink tree full screen until it calls `exit`. A first signal stops the work and exits
 * with the signal's code; a second one forces. A forced exit ends the process once the screen is
 * back (work may still be in flight); a crash restores the screen, prints one line and exits 2.
 */
async function runFullScreen(
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

function resolveIO(io: TerminalIO): Required<TerminalIO> {
  return { stdout: io.stdout ?? process.stdout, stdin: io.stdin ?? process.stdin, stderr: io.stderr ?? process.stderr };
}

/** The full app: setup or import offer if needed, sync view and reader. Resolves with the exit code. */
export async function runApp(options: RunAppOptions): Promise<number> {
  const io = resolveIO(options);
  if (!io.stdout.isTTY || !io.stdin.isTTY) {
    io.stderr.write(NOT_A_TERMINAL);
    return 2;
  }
  const session = createSyncSession({
    createEngine: options.createEngine,
    ...(options.intervalMs !== undefined ? { intervalMs: options.intervalMs } : {}),
    ...(options.keepInSync !== undefined ? { keepInSync: options.keepInSync } : {}),
  });
  let detachLog: () => void;
  try {
    detachLog = attachEventLog(session, options.logPath);
  } catch (error) {
    io.stderr.write(`mailkeep: ${(error as Error).message}\n`);
    return 2;
  }
  try {
    return await runFullScreen(
      io,
      (exit) => (
        <MailkeepApp
          session={session}
          first={options.first ?? (options.accounts.length > 0 ? 'app' : 'setup')}
          accounts={options.accounts}
          setup={options.setup}
          foreignSource={options.foreignSource}
          ownConfigShown={options.ownConfigShown}
          importMbsyncrc={options.importMbsyncrc}
          logPath={options.logPath}
          Reader={Reader}
          readerIndexFile={options.readerIndexFile}
          readerSaveDir={options.readerSaveDir}
          noColor={options.noColor ?? noColorFromEnv()}
          bell={options.bell === true}
          onExit={exit}
        />
      ),
      // The app starts the engine itself once it knows the accounts.
      { start: () => {}, stop: () => session.stop() },
      options.forceExit ?? ((code) => process.exit(code)),
    );
  } finally {
    detachLog();
    // Stopped already unless the quit was forced; then the process is about to end anyway.
    void session.dispose();
  }
}

function FullScreenReader({
  noColor,
  ...props
}: {
  roots: ReaderRoot[];
  onExit: () => void;
  indexFile?: string;
  saveDir?: string;
  noColor: boolean;
}) {
  const size = useTerminalSize();
  // One spare row, as in the app, so Ink never has to clear the whole screen per frame.
  return (
    <ThemeContext.Provider value={themeFor(noColor)}>
      <Reader {...props} active width={size.columns} height={size.rows - 1} />
    </ThemeContext.Provider>
  );
}

/** The reader alone (`mailkeep read`), with the same screen handling. */
export async function runReader(options: RunReaderOptions): Promise<number> {
  const io = resolveIO(options);
  if (!io.stdout.isTTY || !io.stdin.isTTY) {
    io.stderr.write(NOT_A_TERMINAL);
    return 2;
  }
  return runFullScreen(
    io,
    (exit) => (
      <FullScreenReader
        roots={options.roots}
        onExit={() => exit(0)}
        indexFile={options.indexFile}
        saveDir={options.saveDir}
        noColor={options.noColor ?? noColorFromEnv()}
      />
    ),
    { start: () => {}, stop: async () => {} },
    (code) => process.exit(code),
  );
}
