// The link mode's part of the report (pure): per phase and tool the time beside the round trips,
// the bytes on the wire and the line's limit for those bytes; and the target against that limit.
import { lineLimitSeconds, type LinkProfile } from './link-line.js';
import { row } from './markdown.js';
import type { Measurement } from './measure.js';
import type { BenchResults, PhaseResult, Target } from './results.js';

/** The initial sync may take this much longer than the line's limit for the bytes it sent. */
export const MAX_OVER_LINE_LIMIT = 1.1;

const wireBytes = (bytes: number) =>
  bytes < 1024 ** 2 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`;

function limitOf(link: LinkProfile, m: Measurement): number | undefined {
  return m.wire ? lineLimitSeconds(link, { up: m.wire.bytesUp, down: m.wire.bytesDown }) : undefined;
}

export function linkHeader(link: LinkProfile): string {
  return (
    `Link: ${link.rttMs} ms round trip, ${link.mbitPerSecond} Mbit/s each way shared by all connections (relay on 127.0.0.1); ` +
    'round trips: request→response turns the relay saw (TLS handshake included); ' +
    'bytes on the wire as the relay counted them (TLS, and COMPRESS where used); ' +
    'line limit = bytes ÷ rate + 5 round trips (TCP, TLS, greeting, login, first command); ' +
    'line idle: time the line to the client stood empty between the first byte and the last'
  );
}

export function linkTable(r: Pick<BenchResults, 'link' | 'phases'>): string[] {
  if (!r.link) return [];
  const lines = [
    row([
      'Phase',
      'Tool',
      'wall',
      'round trips',
      'connections',
      'bytes down / up',
      'line idle',
      'line limit',
      'wall ÷ limit',
    ]),
    row(Array<string>(9).fill('---')),
  ];
  for (const p of r.phases) {
    for (const tool of ['mbsync', 'mailkeep'] as const) {
      const m = p.tools[tool]?.measurement;
      if (!m?.wire) continue;
      const limit = limitOf(r.link, m)!;
      lines.push(
        row([
          p.phase,
          tool,
          `${m.wallSeconds.toFixed(2)} s`,
          String(m.wire.roundTrips),
          String(m.wire.connections),
          `${wireBytes(m.wire.bytesDown)} / ${wireBytes(m.wire.bytesUp)}`,
          `${(m.wire.idleDownMs / 1000).toFixed(2)} s`,
          `${limit.toFixed(2)} s`,
          `${(m.wallSeconds / limit).toFixed(2)}×`,
        ]),
      );
    }
  }
  return lines;
}

/** mailkeep's initial sync against the line's limit for the bytes it sent. */
export function lineLimitTarget(r: Pick<BenchResults, 'link' | 'phases'>): Target[] {
  if (!r.link) return [];
  const m = r.phases.find((p) => p.phase === 'initial')?.tools.mailkeep?.measurement;
  const limit = m ? limitOf(r.link, m) : undefined;
  const ratio = m && limit ? m.wallSeconds / limit : undefined;
  return [
    {
      name: "initial sync time against the line's limit for its bytes",
      goal: `≤ ${MAX_OVER_LINE_LIMIT.toFixed(1)}× the limit`,
      value:
        ratio === undefined
          ? 'n/a'
          : `${ratio.toFixed(2)}× (${m!.wallSeconds.toFixed(1)} s, limit ${limit!.toFixed(1)} s)`,
      met: ratio === undefined ? null : ratio <= MAX_OVER_LINE_LIMIT,
    },
  ];
}

/** The ratio to mbsync each sync phase must keep, across a line or over loopback. */
export function phaseLimits(r: Pick<BenchResults, 'link'>): Record<PhaseResult['phase'], number> {
  return r.link ? { initial: 0.75, noop: 0.1, incremental: 0.2 } : { initial: 0.5, noop: 1.0, incremental: 1.0 };
}
