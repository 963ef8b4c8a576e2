// Owns the app's state and effects: which screen, which dialog (use-quit.ts), the sync screen's
// table and panes (use-sync-screen.ts); reads the engine through the progress store and turns key
// presses into commands.

import { useState, useSyncExternalStore } from 'react';
import type { SyncEngine } from '../../engine/events.js';
import type { ProgressStore } from '../../engine/progress-store.js';
import { App, type Screen } from './App.js';
import { commandFor } from '../keys/app-keys.js';
import type { ReaderComponent, ReaderRoot } from '../reader/reader-props.js';
import { StatusLine } from '../sync/StatusLine.js';
import { ThemeContext, themeFor } from '../theme.js';
import { useKeyHandler } from '../keys/use-key-handler.js';
import { useNewMailBell } from './use-new-mail-bell.js';
import { useNow } from './use-now.js';
import { useQuit } from './use-quit.js';
import { useSyncScreen } from './use-sync-screen.js';
import { useTerminalSize } from '../terminal/use-terminal-size.js';

export interface AppContainerProps {
  store: ProgressStore;
  engine: Pick<SyncEngine, 'stop'>;
  roots: ReaderRoot[];
  logPath: string;
  /** The reader component; without it Tab stays on the sync screen. */
  Reader?: ReaderComponent;
  readerIndexFile?: string;
  readerSaveDir?: string;
  noColor?: boolean;
  /** Ring the terminal bell when new mail is stored. */
  bell?: boolean;
  /** `a`: edit the selected account (its name; undefined when nothing is listed yet). */
  onEditAccount?: (account: string | undefined) => void;
  /** Shown on `a` when accounts cannot be edited here (they come from an mbsyncrc). */
  editBlocked?: string;
  /** Called once: 0 after a clean stop; 130 and `forced` when the user would not wait. */
  onExit: (code: number, forced?: boolean) => void;
}

export function AppContainer(props: AppContainerProps) {
  const { store, Reader } = props;
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const size = useTerminalSize();
  // The countdown to the next timed pass ticks too.
  const now = useNow(snapshot.running || snapshot.nextPassAt !== undefined);
  useNewMailBell(props.bell === true, snapshot.newMail?.at);
  const [screen, setScreen] = useState<Screen>('sync');
  const [readerOpened, setReaderOpened] = useState(false);
  const quit = useQuit(props.engine, snapshot.running, props.onExit);
  const { dialog } = quit;

  // Ink rewrites the whole screen when output reaches the last row; one spare row avoids that. In a
  // terminal of a row or two the main area keeps one (the screens fit their parts to any height).
  const width = size.columns;
  const mainHeight = Math.max(1, size.rows - 1 - (dialog === 'confirm' || dialog === 'stopping' ? 1 : 0));
  const sync = useSyncScreen({
    store,
    snapshot,
    height: mainHeight,
    onEditAccount: props.onEditAccount,
    editBlocked: props.editBlocked,
    openHelp: () => quit.setDialog('help'),
    requestQuit: quit.requestQuit,
  });

  useKeyHandler((input, key) => {
    sync.clearMessage();
    const command = commandFor(input, key);
    if (quit.takeKey(input, key, command)) return;
    if (dialog === 'help') {
      quit.setDialog(null);
      return;
    }
    if (command === 'switchView' && Reader) {
      setReaderOpened(true);
      setScreen((current) => (current === 'sync' ? 'reader' : 'sync'));
      return;
    }
    if (screen === 'sync' && command) sync.run(command);
  });

  const reader =
    Reader && readerOpened ? (
      <Reader
        roots={props.roots}
        active={screen === 'reader' && dialog === null}
        onExit={quit.requestQuit}
        statusLine={<StatusLine snapshot={snapshot} />}
        progress={store}
        indexFile={props.readerIndexFile}
        saveDir={props.readerSaveDir}
        width={width}
        height={mainHeight}
      />
    ) : null;

  return (
    <ThemeContext.Provider value={themeFor(Boolean(props.noColor))}>
      <App
        screen={screen}
        dialog={dialog}
        snapshot={snapshot}
        table={sync.table}
        scroll={sync.scroll}
        showErrors={sync.showErrors}
        logPath={props.logPath}
        width={width}
        height={mainHeight}
        now={now}
        message={sync.message}
        reader={reader}
      />
    </ThemeContext.Provider>
  );
}
