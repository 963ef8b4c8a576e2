// Owns the app's state and effects: which screen, which dialog, the table selection, the error
// pane; reads the engine through the progress store and turns key presses into commands.

import { useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { SyncEngine } from '../../engine/events.js';
import type { ProgressStore } from '../../engine/progress-store.js';
import { App, type Dialog, type Screen } from './App.js';
import { commandFor, type Command } from '../keys/app-keys.js';
import type { ReaderComponent, ReaderRoot } from '../reader/reader-props.js';
import { StatusLine } from '../sync/StatusLine.js';
import { syncLayout, tableViewport } from '../sync/SyncView.js';
import { buildTableLines, tableShape } from '../sync/table-lines.js';
import { initialScroll, scrollTable, settleScroll, type ScrollAction } from '../sync/table-scroll.js';
import { ThemeContext, themeFor } from '../theme.js';
import { useKeyHandler } from '../keys/use-key-handler.js';
import { useNow } from './use-now.js';
import { useTerminalSize } from '../terminal/use-terminal-size.js';

export interface AppContainerProps {
  store: ProgressStore;
  engine: Pick<SyncEngine, 'stop'>;
  roots: ReaderRoot[];
  logPath: string;
  /** The reader component; without it Tab stays on the sync screen. */
  Reader?: ReaderComponent;
  readerCacheDir?: string;
  readerSaveDir?: string;
  noColor?: boolean;
  /** `a`: edit the selected account (its name; undefined when nothing is listed yet). */
  onEditAccount?: (account: string | undefined) => void;
  /** Shown on `a` when accounts cannot be edited here (they come from an mbsyncrc). */
  editBlocked?: string;
  /** Called once: 0 after a clean stop; 130 and `forced` when the user would not wait. */
  onExit: (code: number, forced?: boolean) => void;
}

export const FORCED_EXIT_CODE = 130;

const SCROLL_ACTIONS: Partial<Record<Command, ScrollAction>> = {
  up: { type: 'move', by: -1 },
  down: { type: 'move', by: 1 },
  pageUp: { type: 'page', by: -1 },
  pageDown: { type: 'page', by: 1 },
  first: { type: 'first' },
  last: { type: 'last' },
  follow: { type: 'follow' },
};

export function AppContainer(props: AppContainerProps) {
  const { store, engine, onExit, Reader } = props;
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const size = useTerminalSize();
  const now = useNow(snapshot.running);
  const [screen, setScreen] = useState<Screen>('sync');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [readerOpened, setReaderOpened] = useState(false);
  const [showErrors, setShowErrors] = useState(true);
  const [message, setMessage] = useState<string>();
  const [scrollState, setScrollState] = useState(initialScroll);
  const interrupted = useRef(false);
  const stopping = useRef(false);
  const exited = useRef(false);

  // Ink rewrites the whole screen when output reaches the last row; one spare row avoids that.
  const width = size.columns;
  const mainHeight = Math.max(4, size.rows - 1 - (dialog === 'confirm' || dialog === 'stopping' ? 1 : 0));
  const table = useMemo(() => buildTableLines(snapshot), [snapshot]);
  const shape = tableShape(table, tableViewport(syncLayout(mainHeight, snapshot, showErrors)));
  const scroll = settleScroll(scrollState, shape);

  const exit = (code: number, forced = false): void => {
    if (exited.current) return;
    exited.current = true;
    onExit(code, forced);
  };

  const stopAndExit = (): void => {
    if (stopping.current) return;
    stopping.current = true;
    setDialog('stopping');
    engine.stop().then(
      () => exit(0),
      () => exit(1),
    );
  };

  const requestQuit = (): void => {
    if (dialog === 'stopping') return;
    if (snapshot.running) setDialog('confirm');
    else stopAndExit();
  };

  const runSyncCommand = (command: Command): void => {
    const scrollAction = SCROLL_ACTIONS[command];
    if (scrollAction) {
      setScrollState((previous) => scrollTable(previous, scrollAction, shape));
      return;
    }
    switch (command) {
      case 'resyncAll':
        store.resync();
        break;
      case 'resyncSelected': {
        const line = table.lines[scroll.selected];
        if (line?.kind === 'mailbox') store.resync([{ account: line.account, mailbox: line.mailbox.name }]);
        break;
      }
      case 'editAccount': {
        const line = table.lines[scroll.selected] ?? table.lines[0];
        if (props.onEditAccount) props.onEditAccount(line?.kind === 'mailbox' ? line.account : line?.account.name);
        else setMessage(props.editBlocked);
        break;
      }
      case 'toggleErrors':
        setShowErrors((shown) => !shown);
        break;
      case 'help':
        setDialog('help');
        break;
      case 'quit':
        requestQuit();
        break;
      default:
        break;
    }
  };

  useKeyHandler((input, key) => {
    setMessage(undefined);
    const command = commandFor(input, key);
    if (command === 'interrupt') {
      if (interrupted.current || stopping.current) {
        exit(FORCED_EXIT_CODE, true);
        return;
      }
      interrupted.current = true;
      requestQuit();
      return;
    }
    if (dialog === 'stopping') return;
    if (dialog === 'confirm') {
      if (input === 'y' || input === 'Y') stopAndExit();
      else if (input === 'n' || input === 'N' || key.escape) {
        interrupted.current = false;
        setDialog(null);
      }
      return;
    }
    if (dialog === 'help') {
      setDialog(null);
      return;
    }
    if (command === 'switchView' && Reader) {
      setReaderOpened(true);
      setScreen((current) => (current === 'sync' ? 'reader' : 'sync'));
      return;
    }
    if (screen === 'sync' && command) runSyncCommand(command);
  });

  const reader =
    Reader && readerOpened ? (
      <Reader
        roots={props.roots}
        active={screen === 'reader' && dialog === null}
        onExit={requestQuit}
        statusLine={<StatusLine snapshot={snapshot} />}
        progress={store}
        cacheDir={props.readerCacheDir}
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
        table={table}
        scroll={scroll}
        showErrors={showErrors}
        logPath={props.logPath}
        width={width}
        height={mainHeight}
        now={now}
        message={message}
        reader={reader}
      />
    </ThemeContext.Provider>
  );
}
