// The engine's view of per-mailbox state; mailbox-state.ts alone reads and writes the files.
import { loadMailboxState, saveMailboxState, type MailboxState } from './mailbox-state.js';

/** A mailbox's state without the file's own bookkeeping (added back when it is saved). */
export type StoredMailboxState = Omit<MailboxState, 'version' | 'mailbox' | 'updatedAt'>;

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
