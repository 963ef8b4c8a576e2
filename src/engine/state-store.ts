// The engine's view of per-mailbox state; mailbox-state.ts alone reads and writes the files.
import { loadMailboxState, saveMailboxState } from './mailbox-state.js';
import type { SavedMailboxState } from './plan-mailbox.js';

export interface StoredMailboxState extends SavedMailboxState {
  /** Server UID → base name of a local file re-matched after a UIDVALIDITY change. */
  adopted?: Record<string, string>;
}

export interface MailboxStateStore {
  load(mailbox: string): Promise<{ state: StoredMailboxState | null; notice?: string }>;
  save(mailbox: string, state: StoredMailboxState): Promise<void>;
}

export function mailboxStateStore(stateDir: string): MailboxStateStore {
  return {
    async load(mailbox) {
      const loaded = await loadMailboxState(stateDir, mailbox);
      return { state: loaded.state, ...(loaded.notice !== undefined ? { notice: loaded.notice } : {}) };
    },
    async save(mailbox, state) {
      await saveMailboxState(stateDir, { version: 1, mailbox, ...state, updatedAt: new Date().toISOString() });
    },
  };
}
