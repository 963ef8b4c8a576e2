// The reader container: owns all reader state and effects; the views below it only draw.
// Strictly read-only: the only files it writes are its index cache (outside the Maildir) and
// attachments the user saves.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Box, Text, useStdout, type Key } from 'ink';
import {
  countMessages,
  defaultCacheDir,
  foldersOfSyncedMailbox,
  listMailboxes,
  loadMailboxIndex,
  matchesPattern,
  messageBodyText,
  messageKey,
  parseLimitPattern,
  patternNeeds,
  labelIndex,
  labelsOfFile,
  readAttachment,
  renderMessageFile,
  saveAttachment,
  sortMessages,
  SORT_KEYS,
  type IndexEntry,
  type MailboxInfo,
  type Pattern,
  type ReaderRoot,
  type RenderedMessage,
  type SortKey,
} from '../../reader/index.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { AttachmentList } from './AttachmentList.js';
import { isMove, moveTo } from './cursor-move.js';
import { HelpScreen } from './HelpScreen.js';
import { MessageIndex } from './MessageIndex.js';
import { Pager } from './Pager.js';
import { pagerLines } from './pager-lines.js';
import { commandFor, type ReaderCommand } from './reader-keys.js';
import { Sidebar } from './Sidebar.js';
import { useSyncRefresh, type ProgressSource } from './use-sync-refresh.js';
import type { MailboxRef } from './mailbox-changes.js';
import { useKeyHandler } from '../use-key-handler.js';
import { editLine } from '../edit-line.js';

export interface ReaderProps {
  roots: ReaderRoot[];
  /** Only the active screen reacts to keys (the host app switches with Tab). */
  active: boolean;
  onExit: () => void;
  statusLine?: ReactNode;
  cacheDir?: string;
  saveDir?: string;
  width?: number;
  height?: number;
  /** The background sync's progress: folders it changes are rescanned on their own (no `$`). */
  progress?: ProgressSource;
  /** Told which folders were rescanned after each change the sync reported. */
  onSyncRefresh?: (paths: string[]) => void;
}

type Mode = 'index' | 'mailboxes' | 'pager' | 'attachments' | 'help';
type Prompt = { kind: 'search' | 'limit' | 'save'; label: string; text: string };

const BODY_CACHE_LIMIT = 5000;

export function Reader({ roots, active, onExit, statusLine, cacheDir, saveDir, width, height, progress, onSyncRefresh }: ReaderProps) {
  const { stdout } = useStdout();
  const cols = width ?? stdout.columns ?? 80;
  const rowsTotal = height ?? stdout.rows ?? 24;
  const mainHeight = Math.max(3, rowsTotal - 2 - (statusLine ? 1 : 0));
  const sidebarWidth = Math.min(28, Math.floor(cols / 4));

  const [mailboxes, setMailboxes] = useState<MailboxInfo[]>([]);
  const [current, setCurrent] = useState(0);
  const [boxCursor, setBoxCursor] = useState(0);
  const [entries, setEntries] = useState<IndexEntry[]>([]);
  const [loading, setLoading] = useState<string | undefined>('scanning mailboxes…');
  const [sortKey, setSortKey] = useState<SortKey>('date');
  /** The limit pattern and the messages it matched (by key, so a refresh keeps it). */
  const [limit, setLimit] = useState<{ text: string; pattern: Pattern; keys: Set<string> } | undefined>();
  const [cursor, setCursor] = useState(0);
  /** After a refresh: the message the cursor must stay on (its key: a flag change renames the file). */
  const [anchor, setAnchor] = useState<string | undefined>();
  const [mode, setMode] = useState<Mode>('index');
  const [helpReturn, setHelpReturn] = useState<Mode>('index');
  const [message, setMessage] = useState<RenderedMessage | undefined>();
  const [fullHeaders, setFullHeaders] = useState(false);
  const [pagerTop, setPagerTop] = useState(0);
  const [pagerMatch, setPagerMatch] = useState<number | undefined>();
  const [attCursor, setAttCursor] = useState(0);
  const [prompt, setPrompt] = useState<Prompt | undefined>();
  const [lastSearch, setLastSearch] = useState<string | undefined>();
  const [status, setStatus] = useState('');
  const [refreshTick, setRefreshTick] = useState(0);
  const bodies = useRef(new Map<string, string>());
  const loadToken = useRef(0);
  const shownBox = useRef<string | undefined>(undefined);
  const firstLoad = useRef<{ path: string; done: Promise<void> } | undefined>(undefined);

  const box = mailboxes[current];
  const cache = cacheDir ?? defaultCacheDir();
  const pathOf = (e: IndexEntry) => join(box!.path, e.dir, e.file);
  const rows = useMemo(() => {
    const ids = limit && entries.flatMap((e, i) => (limit.keys.has(messageKey(e)) ? [i] : []));
    return sortMessages(entries, sortKey, ids);
  }, [entries, sortKey, limit]);
  // Read by loads that finish after later renders: what is shown now, not when they started.
  const shown = useRef({ entries, mailboxes, boxPath: box?.path, cursorKey: undefined as string | undefined });
  const underCursor = rows[cursor] && entries[rows[cursor].entry];
  shown.current = { entries, mailboxes, boxPath: box?.path, cursorKey: underCursor && messageKey(underCursor) };
  if (anchor !== undefined) {
    // Adjusted while rendering, so no frame shows the cursor on the wrong row.
    const at = rows.findIndex((r) => messageKey(entries[r.entry]!) === anchor);
    setAnchor(undefined);
    setCursor(at >= 0 ? at : Math.max(0, Math.min(cursor, rows.length - 1)));
  }
  const lines = useMemo(() => (message ? pagerLines(message, fullHeaders, cols) : []), [message, fullHeaders, cols]);
  const maxPagerTop = Math.max(0, lines.length - mainHeight);

  useEffect(() => {
    if (active) setRefreshTick((t) => t + 1);
  }, [active]);

  /** Lists every folder again; the open folder and the `c` selection stay on their paths. */
  async function relistMailboxes(isLive: () => boolean = () => true): Promise<void> {
    try {
      const found = await listMailboxes(roots);
      if (!isLive()) return;
      const before = shown.current.mailboxes;
      const samePlace = (i: number) => (i < before.length ? Math.max(0, found.findIndex((m) => m.path === before[i]!.path)) : i);
      setMailboxes(found);
      setCurrent(samePlace);
      setBoxCursor(samePlace);
      if (!found.length) {
        setLoading(undefined);
        setStatus('no Maildir folders found');
      }
    } catch (err) {
      if (isLive()) setStatus(`cannot list mailboxes: ${errorLine(err)}`);
    }
  }

  /** New counts for the sidebar rows of these folders. */
  async function recountMailboxes(paths: string[]): Promise<void> {
    const counts = new Map(await Promise.all(paths.map(async (p) => [p, await countMessages(p)] as const)));
    setMailboxes((list) => list.map((m) => ({ ...m, ...counts.get(m.path) })));
  }

  /** Reads the folder's index; a refresh of the folder shown reads only new files and keeps the cursor's message. */
  function loadIndex(path: string): Promise<void> {
    const refresh = shownBox.current === path;
    const done = readIndex(path, refresh);
    if (!refresh) firstLoad.current = { path, done };
    return done;
  }

  async function readIndex(path: string, refresh: boolean): Promise<void> {
    const token = ++loadToken.current;
    try {
      const loaded = await loadMailboxIndex(path, {
        cacheDir: cache,
        ...(refresh
          ? { known: shown.current.entries }
          : { onProgress: (done, total) => token === loadToken.current && setLoading(`reading headers ${done}/${total}…`) }),
      });
      const matched = refresh ? await newLimitMatches(shown.current.entries, loaded) : undefined;
      // Decided now, not when the load started: two loads can start before either is shown.
      if (token !== loadToken.current) return;
      const newBox = shownBox.current !== path;
      shownBox.current = path;
      setEntries(loaded);
      setLoading(undefined);
      if (matched) setLimit((l) => (l && l.pattern === matched.pattern ? { ...l, keys: new Set([...l.keys, ...matched.keys]) } : l));
      // A new mailbox starts at its last (newest) row.
      if (newBox) setCursor(Math.max(0, loaded.length - 1));
      else setAnchor(shown.current.cursorKey);
    } catch (err) {
      if (token === loadToken.current) setStatus(`cannot read ${path}: ${errorLine(err)}`);
    }
  }

  /** The messages new since `before` that the limit in force lets through. */
  async function newLimitMatches(before: IndexEntry[], after: IndexEntry[]) {
    if (!limit) return undefined;
    const old = new Set(before.map(messageKey));
    const keys: string[] = [];
    const labels = {};
    for (const e of after) if (!old.has(messageKey(e)) && (await matchEntry(limit.pattern, e, labels))) keys.push(messageKey(e));
    return { pattern: limit.pattern, keys };
  }

  useEffect(() => {
    let live = true;
    void relistMailboxes(() => live);
    return () => {
      live = false;
    };
  }, [roots, refreshTick]);

  const boxPath = box?.path;
  useEffect(() => {
    if (boxPath) void loadIndex(boxPath);
  }, [boxPath, refreshTick, cache]);

  useSyncRefresh(progress, async (changed: MailboxRef[]) => {
    const { mailboxes: listed, boxPath: open } = shown.current;
    const hits = changed.map((ref) => foldersOfSyncedMailbox(listed, roots, ref.account, ref.mailbox).map((i) => listed[i]!.path));
    const paths = [...new Set(hits.flat())];
    // A folder the listing lacks is new (or named in a way only a full listing finds).
    if (hits.some((found) => !found.length)) await relistMailboxes();
    else await recountMailboxes(paths);
    if (open && paths.includes(open)) {
      // A first read of a big folder is let finish: restarting it every second of a long sync would starve it.
      if (firstLoad.current?.path === open) await firstLoad.current.done;
      // The user may have opened another folder meanwhile; its load must not be replaced.
      if (shown.current.boxPath === open) await loadIndex(open);
    }
    onSyncRefresh?.(paths);
  });

  async function bodyOf(e: IndexEntry): Promise<string> {
    const path = pathOf(e);
    let text = bodies.current.get(path);
    if (text === undefined) {
      text = await messageBodyText(path).catch(() => '');
      if (bodies.current.size >= BODY_CACHE_LIMIT) bodies.current.clear();
      bodies.current.set(path, text);
    }
    return text;
  }

  /** The open mailbox's account's folders: where a message's labels (its other links) are. */
  function accountFolders(): { name: string; path: string }[] {
    return mailboxes.filter((m) => m.account === box?.account).map(({ name, path }) => ({ name, path }));
  }

  /** Matches one message; `labels` (a labelIndex) is built once per search or limit, on first need. */
  async function matchEntry(p: Pattern, e: IndexEntry, labels: { of?: ReturnType<typeof labelIndex> } = {}): Promise<boolean> {
    const body = patternNeeds(p, 'body') ? { body: await bodyOf(e) } : {};
    if (!patternNeeds(p, 'label')) return matchesPattern(p, e, body);
    labels.of ??= labelIndex(accountFolders());
    return matchesPattern(p, e, { ...body, labels: labels.of(pathOf(e), box?.name ?? '') });
  }

  async function openMessage(row: number, then: Mode = 'pager') {
    const r = rows[row];
    if (!r) return;
    try {
      const path = pathOf(entries[r.entry]!);
      setMessage({ ...(await renderMessageFile(path)), labels: labelsOfFile(path, accountFolders()) });
      setPagerTop(0);
      setPagerMatch(undefined);
      setAttCursor(0);
      setMode(then);
    } catch (err) {
      setStatus(`cannot open message (moved by a sync? press $): ${errorLine(err)}`);
    }
  }

  /** The parsed pattern, or undefined once the status line says why it does not parse. */
  function patternOrStatus(text: string): Pattern | undefined {
    try {
      return parseLimitPattern(text);
    } catch (err) {
      setStatus(errorLine(err));
      return undefined;
    }
  }

  async function searchIndex(text: string, direction: 1 | -1) {
    const pattern = patternOrStatus(text);
    if (!pattern) return;
    setStatus('searching…');
    const labels = {};
    for (let step = 1; step <= rows.length; step++) {
      const i = (cursor + direction * step + rows.length * step) % rows.length;
      if (await matchEntry(pattern, entries[rows[i]!.entry]!, labels)) {
        setCursor(i);
        setStatus('');
        return;
      }
    }
    setStatus(`not found: ${sanitizeForTerminal(text)}`);
  }

  function searchPager(text: string, direction: 1 | -1) {
    const needle = text.toLowerCase();
    const from = pagerMatch ?? pagerTop - direction;
    for (let step = 1; step <= lines.length; step++) {
      const i = (from + direction * step + lines.length * step) % lines.length;
      if (lines[i]!.toLowerCase().includes(needle)) {
        setPagerMatch(i);
        setPagerTop(Math.min(i, maxPagerTop));
        setStatus('');
        return;
      }
    }
    setStatus(`not found: ${sanitizeForTerminal(text)}`);
  }

  async function applyLimit(text: string) {
    if (!text.trim() || text.trim() === 'all' || text.trim() === '~A') {
      setLimit(undefined);
      setStatus('');
      return;
    }
    const pattern = patternOrStatus(text);
    if (!pattern) return;
    const keys = new Set<string>();
    const labels = {};
    for (let i = 0; i < entries.length; i++) {
      if (patternNeeds(pattern, 'body') && i % 200 === 0) setStatus(`searching bodies ${i}/${entries.length}…`);
      if (await matchEntry(pattern, entries[i]!, labels)) keys.add(messageKey(entries[i]!));
    }
    setLimit({ text, pattern, keys });
    setCursor(Math.max(0, keys.size - 1));
    setStatus(keys.size ? '' : 'no messages match the limit');
  }

  async function saveSelected(dir: string) {
    const r = rows[cursor];
    const att = message?.attachments[attCursor];
    if (!r || !att) return;
    try {
      const attachment = await readAttachment(pathOf(entries[r.entry]!), att.index);
      setStatus(`saved to ${sanitizeForTerminal(await saveAttachment(dir, att.name, attachment.content))}`);
    } catch (err) {
      setStatus(`cannot save: ${errorLine(err)}`);
    }
  }

  function submitPrompt(p: Prompt) {
    setPrompt(undefined);
    if (p.kind === 'search') {
      if (!p.text) return;
      setLastSearch(p.text);
      if (mode === 'pager') searchPager(p.text, 1);
      else void searchIndex(p.text, 1);
    } else if (p.kind === 'limit') void applyLimit(p.text);
    else void saveSelected(p.text);
  }

  function editPrompt(input: string, key: Key) {
    if (!prompt) return;
    if (key.return) submitPrompt(prompt);
    else if (key.escape) setPrompt(undefined);
    else {
      const text = editLine(prompt.text, input, key);
      if (text !== undefined) setPrompt({ ...prompt, text });
    }
  }

  function run(command: ReaderCommand) {
    setStatus('');
    if (command === 'help') {
      if (mode === 'help') setMode(helpReturn);
      else {
        setHelpReturn(mode);
        setMode('help');
      }
      return;
    }
    if (mode === 'help') {
      if (command === 'back') setMode(helpReturn);
      return;
    }
    if (command === 'refresh') {
      setRefreshTick((t) => t + 1);
      return;
    }
    if (mode === 'mailboxes') return runMailboxes(command);
    if (mode === 'pager') return runPager(command);
    if (mode === 'attachments') return runAttachments(command);
    return runIndex(command);
  }

  function runIndex(command: ReaderCommand) {
    if (isMove(command)) return setCursor((c) => moveTo(command, c, rows.length - 1, mainHeight - 1));
    switch (command) {
      case 'open':
        return void openMessage(cursor);
      case 'attachments':
        return void openMessage(cursor, 'attachments');
      case 'back':
        return onExit();
      case 'changeMailbox':
        setBoxCursor(current);
        return setMode('mailboxes');
      case 'sort': {
        const next = SORT_KEYS[(SORT_KEYS.indexOf(sortKey) + 1) % SORT_KEYS.length]!;
        setSortKey(next);
        return setStatus(`sorted by ${next}`);
      }
      case 'search':
        return setPrompt({ kind: 'search', label: 'Search for: ', text: '' });
      case 'searchNext':
      case 'searchPrev':
        if (lastSearch) void searchIndex(lastSearch, command === 'searchNext' ? 1 : -1);
        return;
      case 'limit':
        return setPrompt({ kind: 'limit', label: 'Limit to messages matching: ', text: limit?.text ?? '' });
      default:
        return;
    }
  }

  function runMailboxes(command: ReaderCommand) {
    if (isMove(command)) return setBoxCursor((c) => moveTo(command, c, mailboxes.length - 1, mainHeight - 1));
    switch (command) {
      case 'open':
        if (boxCursor !== current) {
          setEntries([]);
          setLimit(undefined);
          setLoading('opening…');
          setCurrent(boxCursor);
        }
        return setMode('index');
      case 'back':
      case 'changeMailbox':
        return setMode('index');
      default:
        return;
    }
  }

  function runPager(command: ReaderCommand) {
    if (isMove(command)) return setPagerTop((t) => moveTo(command, t, maxPagerTop, mainHeight - 1));
    switch (command) {
      case 'back':
        return setMode('index');
      case 'headers':
        setPagerTop(0);
        return setFullHeaders((f) => !f);
      case 'attachments':
        return setMode('attachments');
      case 'save':
        if (message?.attachments.length === 1) return askSaveDir();
        setMode('attachments');
        return setStatus(message?.attachments.length ? 'choose an attachment, then s' : 'this message has no attachments');
      case 'search':
        return setPrompt({ kind: 'search', label: 'Search for: ', text: '' });
      case 'searchNext':
      case 'searchPrev':
        if (lastSearch) searchPager(lastSearch, command === 'searchNext' ? 1 : -1);
        return;
      default:
        return;
    }
  }

  function runAttachments(command: ReaderCommand) {
    const count = message?.attachments.length ?? 0;
    if (isMove(command)) return setAttCursor((c) => moveTo(command, c, count - 1, mainHeight - 1));
    switch (command) {
      case 'save':
      case 'open':
        return count ? askSaveDir() : undefined;
      case 'back':
        return setMode('pager');
      default:
        return;
    }
  }

  function askSaveDir() {
    const downloads = join(homedir(), 'Downloads');
    const dir = saveDir ?? (existsSync(downloads) ? downloads : process.cwd());
    setPrompt({ kind: 'save', label: 'Save into directory: ', text: dir });
  }

  useKeyHandler((input, key) => {
    if (prompt) return editPrompt(input, key);
    const command = commandFor(input, key);
    if (command) run(command);
  }, { isActive: active });

  const title = box
    ? `${sanitizeForTerminal(box.account)}:${sanitizeForTerminal(box.name)}  ${rows.length}${limit ? `/${entries.length}` : ''} messages` +
      `  sort: ${sortKey}${limit ? `  limit: ${sanitizeForTerminal(limit.text)}` : ''}  (? help, ${mode === 'index' ? 'q quit' : 'q back'})`
    : 'mailkeep reader  (? help, q quit)';

  return (
    <Box flexDirection="column" width={cols} height={rowsTotal}>
      <Text inverse wrap="truncate-end">
        {title.padEnd(cols)}
      </Text>
      <Box height={mainHeight} flexDirection="row" overflow="hidden">
        {mode === 'help' ? (
          <HelpScreen height={mainHeight} />
        ) : mode === 'pager' && message ? (
          <Pager lines={lines} top={pagerTop} height={mainHeight} match={pagerMatch} />
        ) : mode === 'attachments' && message ? (
          <AttachmentList attachments={message.attachments} cursor={attCursor} />
        ) : (
          <>
            <Sidebar
              mailboxes={mailboxes}
              current={current}
              cursor={mode === 'mailboxes' ? boxCursor : undefined}
              width={sidebarWidth}
              height={mainHeight}
            />
            <Box flexGrow={1} marginLeft={1}>
              {loading ? <Text>{loading}</Text> : <MessageIndex entries={entries} rows={rows} cursor={cursor} height={mainHeight} now={new Date()} />}
            </Box>
          </>
        )}
      </Box>
      <Text wrap="truncate-end">{prompt ? `${prompt.label}${prompt.text}█` : status || ' '}</Text>
      {statusLine}
    </Box>
  );
}

function errorLine(err: unknown): string {
  return sanitizeForTerminal(err instanceof Error ? err.message : String(err)).slice(0, 200);
}
