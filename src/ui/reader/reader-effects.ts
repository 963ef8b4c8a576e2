// The reader's effects: what a command asks for that reads or writes files. Each ends by telling
// the reducer what it found; a failure becomes one status line.
import { existsSync } from 'node:fs';
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
  type Pattern,
} from '../../reader/index.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { errorLine } from './error-line.js';
import type { ReaderEffect } from './reader-commands.js';
import { entryUnderCursor } from './reader-rows.js';
import type { ReaderAction, ReaderState } from './reader-state.js';
import type { MailboxData } from './use-mailbox-data.js';

export interface EffectContext {
  state: ReaderState;
  dispatch: Dispatch<ReaderAction>;
  data: MailboxData;
  onExit: () => void;
  saveDir: string | undefined;
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
    case 'askSaveDir': {
      const downloads = join(homedir(), 'Downloads');
      const text = context.saveDir ?? (existsSync(downloads) ? downloads : process.cwd());
      return dispatch({ type: 'prompt', prompt: { kind: 'save', label: 'Save into directory: ', text } });
    }
  }
}

async function openMessage(mode: 'pager' | 'attachments', { state, dispatch, data }: EffectContext): Promise<void> {
  const entry = entryUnderCursor(state);
  if (!entry) return;
  try {
    const path = data.pathOf(entry);
    const labels = labelsOfFile(path, data.labelScope(entry).folders);
    dispatch({ type: 'opened', message: { ...(await renderMessageFile(path)), labels }, mode });
  } catch (err) {
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
