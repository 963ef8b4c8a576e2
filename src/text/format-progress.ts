// Pure formatting of progress for the sync view, the status line and `mailkeep sync`. Fixed
// 'en-US' grouping so output never depends on the user's locale (tests and screenshots stay stable).

import { formatBytes } from './format-bytes.js';

/** `1.5 MB/s`; an empty rate is shown as `-`. */
export function formatRate(bytesPerSec: number): string {
  return bytesPerSec > 0 ? `${formatBytes(Math.round(bytesPerSec))}/s` : '-';
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

/** How long ago, coarsely: `just now`, `5 min ago`, `2 h ago`, `3 d ago`. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.floor(hours / 24)} d ago`;
}

/** Local wall-clock `HH:MM` of an epoch-ms time (for "paused until"). */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** Local `YYYY-MM-DD HH:MM:SS` of an epoch-ms time (a line of a long-running log). */
export function formatStamp(epochMs: number): string {
  const d = new Date(epochMs);
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  return `${day} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
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
