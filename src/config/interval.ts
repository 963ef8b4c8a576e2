// Intervals as people write them (`syncEvery`, `--every`): `90s`, `15m`, `1h`, a bare number of
// minutes; `0` = never. Pure.

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000 };
/** Longer than a day is surely a typo (a cron job or a timer says a day better). */
const MAX_MS = 24 * 3_600_000;

/** Milliseconds, or undefined when `text` is no interval (or one longer than a day). */
export function parseInterval(text: string | number): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([smh]?)$/i.exec(String(text).trim());
  if (match === null) return undefined;
  const ms = Math.round(Number(match[1]) * UNIT_MS[(match[2] || 'm').toLowerCase()]!);
  return ms <= MAX_MS ? ms : undefined;
}

/** `15 min`, `90 s`, `2 h`, `1 h 30 min`. */
export function formatInterval(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${minutes} min`;
  const rest = minutes % 60;
  return `${Math.floor(minutes / 60)} h${rest > 0 ? ` ${rest} min` : ''}`;
}

/** What `--every` and `syncEvery` accept, for their error messages. */
export const INTERVAL_HELP = 'an interval like 90s, 15m or 1h (minutes when no unit is given; 0 = never)';

/** Timed passes when nothing says otherwise: OfflineIMAP's usual autorefresh. */
export const DEFAULT_SYNC_EVERY_MS = 15 * 60_000;

/** `--every` if given, else the config's `syncEvery` (validated when read), else the default. */
export function syncEveryMs(configured: string | number | undefined, given?: number): number {
  if (given !== undefined) return given;
  return configured === undefined ? DEFAULT_SYNC_EVERY_MS : (parseInterval(configured) ?? DEFAULT_SYNC_EVERY_MS);
}
