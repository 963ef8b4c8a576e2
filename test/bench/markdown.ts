// The report's Markdown pieces shared by its parts (pure).
import type { Measurement } from './measure.js';

export const row = (items: string[]) => `| ${items.join(' | ')} |`;

/** A run's wall time (with its exit code when it failed), CPU time and max RSS; dashes when it did not run. */
export function cells(m: Measurement | undefined): string[] {
  if (!m) return ['–', '–', '–'];
  const failed = m.exitCode !== 0 ? ` (exit ${m.exitCode})` : '';
  return [`${m.wallSeconds.toFixed(2)} s${failed}`, `${m.cpuSeconds.toFixed(2)} s`, `${m.maxRssMb.toFixed(0)} MB`];
}
