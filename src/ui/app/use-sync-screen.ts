// The sync screen's own state: the table built from the snapshot, its scroll and selection, the
// error pane shown or not, the one-line message; and what its commands do.
import { useMemo, useState } from 'react';
import type { ProgressSnapshot } from '../../engine/progress-snapshot.js';
import type { ProgressStore } from '../../engine/progress-store.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import type { Command } from '../keys/app-keys.js';
import { syncLayout, tableViewport } from '../sync/sync-layout.js';
import { buildTableLines, tableShape, type TableLines } from '../sync/table-lines.js';
import { initialScroll, scrollTable, settleScroll, type ScrollAction, type ScrollState } from '../sync/table-scroll.js';

const SCROLL_ACTIONS: Partial<Record<Command, ScrollAction>> = {
  up: { type: 'move', by: -1 },
  down: { type: 'move', by: 1 },
  pageUp: { type: 'page', by: -1 },
  pageDown: { type: 'page', by: 1 },
  first: { type: 'first' },
  last: { type: 'last' },
  follow: { type: 'follow' },
};

export interface SyncScreenOptions {
  store: ProgressStore;
  snapshot: ProgressSnapshot;
  /** The rows the sync view gets. */
  height: number;
  /** `a`: edit the selected account (its name; undefined when nothing is listed yet). */
  onEditAccount?: (account: string | undefined) => void;
  /** Shown on `a` when accounts cannot be edited here. */
  editBlocked?: string;
  openHelp: () => void;
  requestQuit: () => void;
}

export interface SyncScreen {
  table: TableLines;
  scroll: ScrollState;
  showErrors: boolean;
  message: string | undefined;
  clearMessage: () => void;
  run: (command: Command) => void;
}

export function useSyncScreen(options: SyncScreenOptions): SyncScreen {
  const { store, snapshot } = options;
  const [showErrors, setShowErrors] = useState(true);
  const [message, setMessage] = useState<string>();
  const [scrollState, setScrollState] = useState(initialScroll);
  const table = useMemo(() => buildTableLines(snapshot), [snapshot]);
  const shape = tableShape(table, tableViewport(syncLayout(options.height, snapshot, showErrors)));
  const scroll = settleScroll(scrollState, shape);

  const run = (command: Command): void => {
    const scrollAction = SCROLL_ACTIONS[command];
    if (scrollAction) {
      setScrollState((previous) => scrollTable(previous, scrollAction, shape));
      return;
    }
    const selected = table.lines[scroll.selected];
    switch (command) {
      case 'resyncAll':
        store.resync();
        break;
      case 'resyncSelected':
        if (selected?.kind === 'mailbox') store.resync([{ account: selected.account, mailbox: selected.mailbox.name }]);
        // An account line is selected when it lists no mailbox (its login failed): try it again.
        if (selected?.kind === 'account') store.resync([{ account: selected.account.name }]);
        break;
      case 'verifySelected':
        if (selected?.kind === 'mailbox') {
          store.verify([{ account: selected.account, mailbox: selected.mailbox.name }]);
          setMessage(
            `verifying ${sanitizeForTerminal(selected.account)}/${sanitizeForTerminal(selected.mailbox.name)}…`,
          );
        }
        break;
      case 'editAccount': {
        const line = selected ?? table.lines[0];
        if (options.onEditAccount) options.onEditAccount(line?.kind === 'mailbox' ? line.account : line?.account.name);
        else setMessage(options.editBlocked);
        break;
      }
      case 'toggleErrors':
        setShowErrors((shown) => !shown);
        break;
      case 'help':
        options.openHelp();
        break;
      case 'quit':
        options.requestQuit();
        break;
      default:
        break;
    }
  };

  return { table, scroll, showErrors, message, clearMessage: () => setMessage(undefined), run };
}
