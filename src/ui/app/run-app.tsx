// The full app (`mailkeep`): owns the engine's session and wires the log; the screen's edges are
// full-screen.tsx's.

import { attachEventLog } from '../../engine/event-log.js';
import type { AccountConfig } from '../../config/types.js';
import type { SyncEngine } from '../../engine/events.js';
import type { KeepInSyncOptions } from '../../engine/keep-in-sync.js';
import { MailkeepApp, type FirstScreen, type SetupOptions } from './MailkeepApp.js';
import { Reader } from '../reader/Reader.js';
import { createSyncSession } from '../sync/sync-session.js';
import { NOT_A_TERMINAL, noColorFromEnv, resolveIO, runFullScreen, type TerminalIO } from './full-screen.js';

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
