// A fake SyncEngine driven by the test: emit() plays events, and every command is recorded.

import type { KeepInSyncOptions } from '../../../src/engine/keep-in-sync.js';
import type { EngineEvent, EngineListener, SyncEngine, SyncSummary, SyncTarget } from '../../../src/engine/events.js';

export class ScriptedEngine implements SyncEngine {
  readonly resyncCalls: (SyncTarget[] | undefined)[] = [];
  readonly keepInSyncCalls: KeepInSyncOptions[] = [];
  stopCalls = 0;
  running = false;
  private readonly listeners = new Set<EngineListener>();

  emit(...events: EngineEvent[]): void {
    for (const event of events) {
      if (event.type === 'pass-start') this.running = true;
      if (event.type === 'summary') this.running = false;
      for (const listener of [...this.listeners]) listener(event);
    }
  }

  resync(targets?: SyncTarget[]): void {
    this.resyncCalls.push(targets);
  }

  keepInSync(options: KeepInSyncOptions): void {
    this.keepInSyncCalls.push(options);
  }

  readonly verifyCalls: SyncTarget[][] = [];

  verify(targets: SyncTarget[]): void {
    this.verifyCalls.push(targets);
  }

  async stop(): Promise<void> {
    this.stopCalls += 1;
    this.running = false;
  }

  whenIdle(): Promise<SyncSummary> {
    return new Promise(() => {});
  }

  subscribe(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
