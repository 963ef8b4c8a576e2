// Pure formatting for the sync view and status line. Fixed 'en-US' grouping so output never
// depends on the user's locale (tests and screenshots stay stable).

const BYTE_UNITS = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

/** 0 B, 999 B, 1.5 kB, 12.3 MB, 1.20 GB (SI units, 1 kB = 1000 B). */
export function formatBytes(bytes: number): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** `12.3 MB/s`; an empty rate is shown as `-`. */
export function formatRate(bytesPerSec: number): string {
  return bytesPerSec > 0 ? `${formatBytes(bytesPerSec)}/s` : '-';
}

/** 1234 → `1,234`. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Seconds as `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** Remaining time, or `--:--` when it cannot be estimated yet. */
export function formatEta(seconds: number | null): string {
  return seconds === null || !Number.isFinite(seconds) ? '--:--' : formatDuration(seconds);
}

/** Local wall-clock `HH:MM` of an epoch-ms time (for "paused until"). */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** `no errors`, `1 error`, `1,234 errors`. */
export function formatErrorCount(count: number): string {
  if (count === 0) return 'no errors';
  return count === 1 ? '1 error' : `${formatCount(count)} errors`;
}

/** A bar of exactly `width` cells for a fraction in [0, 1]. */
export function progressBar(fraction: number, width: number): string {
  const cells = Math.max(0, Math.floor(width));
  const clamped = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  const filled = Math.round(clamped * cells);
  return '█'.repeat(filled) + '░'.repeat(cells - filled);
}
