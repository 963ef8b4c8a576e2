// The app's sync engines feed the archive index as `mailkeep sync` does (sync-index-feed.ts), so a
// folder the app just synced opens warm in the reader and is found by search. The feed's worker
// stops with its engine (an account edited, the app quit) without finishing what waits: the next
// refresh of those folders reads their files. Its notices go to the app's log, not the screen.
import { appendFileSync } from 'node:fs';
import type { AccountConfig } from '../config/types.js';
import { createEngine } from '../engine/engine.js';
import type { SyncEngine } from '../engine/events.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { syncIndexFeed } from './sync-index-feed.js';

export function createAppEngine(
  accounts: AccountConfig[],
  io: { env: NodeJS.ProcessEnv; home: string },
  logPath: string,
): SyncEngine {
  const index = syncIndexFeed(io, (line) => logNotice(logPath, line));
  const engine = createEngine({ accounts, index });
  return {
    resync: (targets) => engine.resync(targets),
    verify: (targets) => engine.verify(targets),
    whenIdle: () => engine.whenIdle(),
    subscribe: (listener) => engine.subscribe(listener),
    keepInSync: (options) => engine.keepInSync(options),
    get running() {
      return engine.running;
    },
    stop: async () => {
      try {
        await engine.stop();
      } finally {
        await index.close(false);
      }
    },
  };
}

/** A notice of the index in the log's own form; a log that cannot be written costs only the line. */
function logNotice(logPath: string, line: string): void {
  try {
    appendFileSync(logPath, `${new Date().toISOString()} notice ${sanitizeForTerminal(line)}\n`, { mode: 0o600 });
  } catch {
    // the log is the app's; its own writer reports a log it cannot open
  }
}
