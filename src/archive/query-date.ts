// Pure: `date:` values → a range of ms since epoch, [from, until), in local time. A year, a month
// or a day stands for all of it: `2024-01..2024-06` is January 1st up to July 1st. A relative date
// (`yesterday`, `2w`, `7d..today`) is read as notmuch reads it, back from `now`.
import { QueryError } from './query-error.js';
import { parseRelativeDate, resolveRelativeDate } from './query-relative-date.js';

const DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

export function parseDateRange(value: string, now: number): { from?: number; until?: number } {
  const dots = value.indexOf('..');
  const [start, end] = dots < 0 ? [value, value] : [value.slice(0, dots), value.slice(dots + 2)];
  const range: { from?: number; until?: number } = {};
  if (start) range.from = bound(start, value, now, false);
  if (end) range.until = bound(end, value, now, true);
  if (range.from === undefined && range.until === undefined) throw dateError(value);
  return range;
}

function bound(text: string, whole: string, now: number, end: boolean): number {
  const m = DATE.exec(text);
  if (!m) return relativeBound(text, whole, now, end);
  const year = Number(m[1]);
  const month = m[2] !== undefined ? Number(m[2]) - 1 : undefined;
  const day = m[3] !== undefined ? Number(m[3]) : undefined;
  if (month !== undefined && (month < 0 || month > 11)) throw dateError(whole);
  // A day the month does not have (2024-02-30) would roll over into the next month.
  if (day !== undefined && (day < 1 || new Date(year, month!, day).getDate() !== day)) throw dateError(whole);
  if (!end) return new Date(year, month ?? 0, day ?? 1).getTime();
  if (day !== undefined) return new Date(year, month!, day + 1).getTime();
  if (month !== undefined) return new Date(year, month + 1, 1).getTime();
  return new Date(year + 1, 0, 1).getTime();
}

function relativeBound(text: string, whole: string, now: number, end: boolean): number {
  const relative = parseRelativeDate(text);
  const at = relative && resolveRelativeDate(relative, now, end);
  if (at === undefined || !Number.isFinite(at)) throw dateError(whole);
  return at;
}

function dateError(value: string): QueryError {
  return new QueryError(
    `date:${value}: expected YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, now, a weekday or a time back ` +
      "(2w, 7d, 3days, 1M, 1y; units s m h d w M y), or a range of them with '..'",
  );
}
