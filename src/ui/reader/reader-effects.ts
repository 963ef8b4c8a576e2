// The reader's effects: what a command asks for that reads or writes files. Each ends by telling
// the reducer what it found; a failure becomes one status line.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Dispatch } from 'react';
import {
  messageKey,
  parseLimitPattern,
  labelsOfFile,
  patternNeeds,
  readAttachment,
  renderMessageFile,
  saveAttachment,
  exportMessages,
  type ExportTarget,
  type Pattern,
} from '../../reader/index.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { errorLine } from './error-line.js';
import type { ReaderEffect, ReaderStep } from './reader-commands.js';
import { entryUnderCursor } from './reader-rows.js';
import type { ReaderAction, ReaderState } from './reader-state.js';
import type { MailboxData } from './use-mailbox-data.js';

export interface EffectContext {
  state: ReaderState;
  dispatch: Dispatch<ReaderAction>;
  data: MailboxData;
  onExit: () => void;
  saveDir: string | undefined;
  /** This reader's latest open (see dropsPendingOpens). */
  latestOpen: { current: number };
}

export async function runReaderEffect(effect: ReaderEffect, context: EffectContext): Promise<void> {
  const { dispatch } = context;
  switch (effect.kind) {
    case 'exit':
      return context.onExit();
    case 'open':
      return openMessage(effect.then, context);
    case 'searchIndex':
      return searchIndex(effect.text, effect.direction, context);
    case 'limit':
      return applyLimit(effect.text, context);
    case 'globalSearch':
      return context.data.search(effect.query);
    case 'save':
      return saveSelected(effect.dir, context);
    case 'askSaveDir':
      return dispatch({
        type: 'prompt',
        prompt: { kind: 'save', label: 'Save into directory: ', text: saveDir(context) },
      });
    case 'askExportTarget': {
      const folder = context.state.mailboxes[context.state.current]?.name.replace(/[\\/]/g, '-') ?? 'mail';
      const text = join(saveDir(context), `${folder}.mbox`);
      return dispatch({
        type: 'prompt',
        prompt: { kind: 'export', label: 'Export to (mbox file or .eml dir): ', text },
      });
    }
    case 'export':
      return exportShown(effect.to, context);
  }
}

/** Where files are saved unless the user says otherwise: the last place, ~/Downloads, or here. */
function saveDir(context: EffectContext): string {
  const downloads = join(homedir(), 'Downloads');
  return context.saveDir ?? (existsSync(downloads) ? downloads : process.cwd());
}

/** The index's messages as shown (the folder, or the limit) into an mbox file, or .eml files in a directory. */
async function exportShown(to: string, { state, dispatch, data }: EffectContext): Promise<void> {
  const items = state.rows.map((row) => {
    const entry = state.entries[row.entry]!;
    return { ...entry, path: data.pathOf(entry) };
  });
  const isDir = (await stat(to).catch(() => undefined))?.isDirectory() === true;
  const target: ExportTarget = isDir ? { format: 'eml', dir: to } : { format: 'mbox', file: to };
  try {
    const progress = (done: number, total: number) =>
      done % 200 === 0 && dispatch({ type: 'status', text: `exporting ${done}/${total}…` });
    const { written, skipped } = await exportMessages(items, target, progress);
    const missed = skipped.length > 0 ? ` (${skipped.length} moved by a sync meanwhile: press $ and again)` : '';
    dispatch({ type: 'status', text: `exported ${written} to ${sanitizeForTerminal(to)}${missed}` });
  } catch (err) {
    dispatch({ type: 'status', text: `cannot export: ${errorLine(err)}` });
  }
}

/**
 * Whether a key's step leaves the view an open under way started from (another mode, a search left,
 * the reader left): its render, finishing later, must not open the message over what the user
 * turned to (Enter then q typed fast). The reader then counts one more open, so it is no longer the
 * latest.
 */
export function dropsPendingOpens(state: ReaderState, step: ReaderStep): boolean {
  return step.state.mode !== state.mode || step.state.search !== state.search || step.effect?.kind === 'exit';
}

/**
 * Only the reader's latest open is shown: Enter then v typed fast start two opens, and the first
 * (the pager) could finish last and close the attachment list the user asked for.
 */
async function openMessage(mode: 'pager' | 'attachments', context: EffectContext): Promise<void> {
  const { state, dispatch, data, latestOpen } = context;
  const entry = entryUnderCursor(state);
  if (!entry) return;
  const open = ++latestOpen.current;
  try {
    const path = data.pathOf(entry);
    const labels = labelsOfFile(path, data.labelScope(entry).folders);
    const message = { ...(await renderMessageFile(path)), labels };
    if (open === latestOpen.current) dispatch({ type: 'opened', message, mode });
  } catch (err) {
    if (open !== latestOpen.current) return;
    dispatch({ type: 'status', text: `cannot open message (moved by a sync? press $): ${errorLine(err)}` });
  }
}

/** The parsed pattern, or undefined once the status line says why it does not parse. */
function patternOrStatus(text: string, dispatch: Dispatch<ReaderAction>): Pattern | undefined {
  try {
    return parseLimitPattern(text);
  } catch (err) {
    dispatch({ type: 'status', text: errorLine(err) });
    return undefined;
  }
}

async function searchIndex(text: string, direction: 1 | -1, { state, dispatch, data }: EffectContext): Promise<void> {
  const pattern = patternOrStatus(text, dispatch);
  if (!pattern) return;
  const { rows, entries, cursor } = state;
  dispatch({ type: 'status', text: 'searching…' });
  for (let step = 1; step <= rows.length; step++) {
    const i = (cursor + direction * step + rows.length * step) % rows.length;
    if (await data.matchEntry(pattern, entries[rows[i]!.entry]!)) return dispatch({ type: 'found', row: i });
  }
  dispatch({ type: 'status', text: `not found: ${sanitizeForTerminal(text)}` });
}

async function applyLimit(text: string, { state, dispatch, data }: EffectContext): Promise<void> {
  const pattern = patternOrStatus(text, dispatch);
  if (!pattern) return;
  const { entries } = state;
  const keys = new Set<string>();
  for (let i = 0; i < entries.length; i++) {
    if (patternNeeds(pattern, 'body') && i % 200 === 0) {
      dispatch({ type: 'status', text: `searching bodies ${i}/${entries.length}…` });
    }
    if (await data.matchEntry(pattern, entries[i]!)) keys.add(messageKey(entries[i]!));
  }
  dispatch({ type: 'limited', limit: { text, pattern, keys } });
}

async function saveSelected(dir: string, { state, dispatch, data }: EffectContext): Promise<void> {
  const entry = entryUnderCursor(state);
  const att = state.message?.attachments[state.attCursor];
  if (!entry || !att) return;
  try {
    const attachment = await readAttachment(data.pathOf(entry), att.index);
    const saved = await saveAttachment(dir, att.name, attachment.content);
    dispatch({ type: 'status', text: `saved to ${sanitizeForTerminal(saved)}` });
  } catch (err) {
    dispatch({ type: 'status', text: `cannot save: ${errorLine(err)}` });
  }
}
