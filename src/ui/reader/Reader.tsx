// The reader container: owns the reader's state (a pure reducer) and its effects; the screens
// below it only draw. Strictly read-only: the only files it writes are its index cache (outside
// the Maildir) and attachments the user saves.
import { Box, Text, useStdout, type Key } from 'ink';
import { useEffect, useMemo, useReducer, useRef, type ReactNode } from 'react';
import {
  archiveAccess,
  defaultIndexFile,
  type FirstScreen,
  type IndexWorker,
  type IndexWorkerOptions,
  type ReaderRoot,
} from '../../reader/index.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { HelpScreen } from '../keys/HelpScreen.js';
import { READER_KEYS, readerCommandFor } from '../keys/reader-keys.js';
import { useKeyHandler } from '../keys/use-key-handler.js';
import { AttachmentList } from './AttachmentList.js';
import { folderTitles } from './folder-titles.js';
import { IndexScreen } from './IndexScreen.js';
import { Pager } from './Pager.js';
import { pagerLines } from './pager-lines.js';
import { dropsPendingOpens, runReaderEffect } from './reader-effects.js';
import { readerStep, type ReaderInput } from './reader-commands.js';
import { readerLayout } from './reader-layout.js';
import { entryUnderCursor } from './reader-rows.js';
import { firstReaderState, readerReducer, type ReaderState } from './reader-state.js';
import { useMailboxData } from './use-mailbox-data.js';
import type { ProgressSource } from './use-sync-refresh.js';

export interface ReaderProps {
  roots: ReaderRoot[];
  /** Only the active screen reacts to keys (the host app switches with Tab). */
  active: boolean;
  onExit: () => void;
  statusLine?: ReactNode;
  /** The archive index (default: under the XDG cache dir). */
  indexFile?: string;
  saveDir?: string;
  width?: number;
  height?: number;
  /** The background sync's progress: folders it changes are rescanned on their own (no `$`). */
  progress?: ProgressSource;
  /** Told which folders were rescanned after each change the sync reported. */
  onSyncRefresh?: (paths: string[]) => void;
  /** Read before the first frame (`mailkeep read`): drawn at once, not listed and loaded again. */
  first?: FirstScreen;
  /** Starts the background index worker (a test keeps it, to wait for it to stop before removing its file). */
  startIndexWorker?: (options: IndexWorkerOptions) => IndexWorker;
}

const HELP_TITLE = 'Reader keys (read-only: nothing in the Maildir is ever changed) — q or ? to close';

export function Reader(props: ReaderProps) {
  const { roots, active, onExit, statusLine, indexFile, saveDir, width, height, progress, onSyncRefresh, first } =
    props;
  const { startIndexWorker } = props;
  const { stdout } = useStdout();
  const cols = width ?? stdout.columns ?? 80;
  const rowsTotal = height ?? stdout.rows ?? 24;
  const [state, dispatch] = useReducer(readerReducer, first, firstReaderState);
  const layout = readerLayout(rowsTotal, Boolean(statusLine), Boolean(state.prompt));
  const mainHeight = layout.main;
  const archive = useMemo(() => archiveAccess(indexFile ?? defaultIndexFile()), [indexFile]);
  useEffect(() => () => archive.close(), [archive]);
  const data = useMailboxData(state, dispatch, { roots, archive, progress, onSyncRefresh, first, startIndexWorker });
  const { message, fullHeaders, mode } = state;
  const entry = message && state.search ? entryUnderCursor(state) : undefined;
  const folder = entry && folderTitles(state.mailboxes)(entry);
  const lines = useMemo(
    () => (message ? pagerLines(message, fullHeaders, cols, folder) : []),
    [message, fullHeaders, cols, folder],
  );
  /** This reader's opens of a message, counted: only the latest one's render is shown. */
  const latestOpen = useRef(0);

  // Shown again (Tab back from the sync view): read everything again. Not on mount: the first
  // listing and read are under way already.
  const wasActive = useRef(active);
  useEffect(() => {
    if (active && !wasActive.current) dispatch({ type: 'shown' });
    wasActive.current = active;
  }, [active]);

  useKeyHandler(
    (input: string, key: Key) => {
      let readerInput: ReaderInput = { promptKey: { input, key } };
      if (!state.prompt) {
        const command = readerCommandFor(input, key);
        if (!command) return;
        readerInput = { command };
      }
      const view = { height: mainHeight, lines };
      const step = readerStep(state, readerInput, view);
      dispatch({ type: 'input', input: readerInput, view });
      if (dropsPendingOpens(state, step)) latestOpen.current += 1;
      if (step.effect) void runReaderEffect(step.effect, { state, dispatch, data, onExit, saveDir, latestOpen });
    },
    { isActive: active },
  );

  let screen: ReactNode = <IndexScreen state={state} width={cols} height={mainHeight} />;
  if (mode === 'help') screen = <HelpScreen title={HELP_TITLE} table={READER_KEYS} height={mainHeight} />;
  else if (mode === 'pager' && message) {
    screen = <Pager lines={lines} top={state.pagerTop} height={mainHeight} match={state.pagerMatch} />;
  } else if (mode === 'attachments' && message) {
    screen = <AttachmentList attachments={message.attachments} cursor={state.attCursor} height={mainHeight} />;
  }
  const { prompt } = state;

  return (
    <Box flexDirection="column" width={cols} height={Math.max(1, rowsTotal)}>
      {layout.title && (
        <Text inverse wrap="truncate-end">
          {readerTitle(state).padEnd(cols)}
        </Text>
      )}
      {/* Clipped below only: every text is cut to its width already, and Ink slices each line of a
          box clipped at the sides once more (a tenth of a first frame). */}
      <Box height={mainHeight} flexDirection="row" overflowY="hidden">
        {screen}
      </Box>
      {layout.messageLine && (
        <Text wrap="truncate-end">
          {prompt ? `${prompt.label}${prompt.text}█` : state.status || state.indexing || ' '}
        </Text>
      )}
      {layout.statusLine && statusLine}
    </Box>
  );
}

function readerTitle({
  mailboxes,
  current,
  rows,
  pending,
  entries,
  sortKey,
  limit,
  mode,
  search,
}: ReaderState): string {
  const box = mailboxes[current];
  if (!box && !search) return 'mailkeep reader  (? help, q quit)';
  const name = search
    ? `search: ${sanitizeForTerminal(search.query)}`
    : `${sanitizeForTerminal(box!.account)}:${sanitizeForTerminal(box!.name)}`;
  const count = `${rows.length + pending}${limit ? `/${entries.length}` : ''} messages`;
  const shown = `sort: ${sortKey}${limit ? `  limit: ${sanitizeForTerminal(limit.text)}` : ''}`;
  return `${name}  ${count}  ${shown}  (? help, ${mode === 'index' && !search ? 'q quit' : 'q back'})`;
}
