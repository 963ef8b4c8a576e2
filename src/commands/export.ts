import type { Command } from '../cli-args.js';
import type { SyncIo } from './sync.js';
export async function runExport(_command: Extract<Command, { kind: 'export' }>, _io: SyncIo): Promise<number> {
  return Promise.resolve(2);
}
