// Pure: notmuch's relative dates (its parse-time-string, in part) → a time, in local time as
// notmuch reads them. `2w`, `3days`, `5M2d`, `two_weeks`, `this_month`, `last_week`, `today`,
// `yesterday`, `now`, a weekday, `ago` (ignored): units accumulate, back from now. A bound is
// rounded at the finest unit it names, down for a range's start and up for its end, so
// `yesterday` is all of yesterday, `7d..` starts at midnight seven days ago, `1M..` on the first
// of last month and `2w..` on the Sunday of the week two weeks ago (weeks start on Sunday).

/** From finest to coarsest: notmuch's absolute fields, in the order its rounding walks them. */
const FIELDS = ['second', 'minute', 'hour', 'day', 'month', 'year'] as const;
type Field = (typeof FIELDS)[number];
/** What a field finer than the finest named is rounded down to: 00:00:00 on the 1st of January. */
const FIRST: Record<Field, number> = { second: 0, minute: 0, hour: 0, day: 1, month: 0, year: 1970 };

interface RelativeDate {
  /** Fields taken from the clock as they are (`today`: the day; `now`: the time of day). */
  current: Set<Field>;
  /** How far back, per unit. A unit named with 0 (`this_week`) is named all the same. */
  back: Partial<Record<Field | 'week', number>>;
  weekday?: number;
}

type Keyword =
  | { unit: Field | 'week'; times: number }
  | { number: number }
  | { current: Field[] }
  | { weekday: number }
  | { ignored: true };

/**
 * notmuch's table: `a|bc` takes `a`, `ab` or `abc` (case aside), `*M` is `M` exactly. The first
 * that fits wins, so `mon` is Monday and `mo`, `mont` are months; `m` is minutes, `M` months.
 */
const KEYWORDS: [string, Keyword][] = [
  ...['sun|day', 'mon|day', 'tue|sday', 'wed|nesday', 'thu|rsday', 'fri|day', 'sat|urday'].map(
    (name, weekday): [string, Keyword] => [name, { weekday }],
  ),
  ['y|ears', { unit: 'year', times: 1 }],
  ['mo|nths', { unit: 'month', times: 1 }],
  ['*M', { unit: 'month', times: 1 }],
  ['w|eeks', { unit: 'week', times: 1 }],
  ['d|ays', { unit: 'day', times: 1 }],
  ['h|ours', { unit: 'hour', times: 1 }],
  ['hr|s', { unit: 'hour', times: 1 }],
  ['mi|nutes', { unit: 'minute', times: 1 }],
  ['mins', { unit: 'minute', times: 1 }],
  ['*m', { unit: 'minute', times: 1 }],
  ['s|econds', { unit: 'second', times: 1 }],
  ['secs', { unit: 'second', times: 1 }],
  ...['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].map(
    (name, i): [string, Keyword] => [name, { number: i + 1 }],
  ),
  ['dozen', { number: 12 }],
  ['hundred', { number: 100 }],
  ['this', { number: 0 }],
  ['last', { number: 1 }],
  ['yesterday', { unit: 'day', times: 1 }],
  ['today', { current: ['year', 'month', 'day'] }],
  ['now', { current: ['hour', 'minute', 'second'] }],
  ['ago', { ignored: true }],
];

/** notmuch takes no number past a C int. */
const MAX_NUMBER = 2 ** 31 - 1;

function keyword(word: string): Keyword | undefined {
  for (const [name, meaning] of KEYWORDS) {
    if (name.startsWith('*') ? word === name.slice(1) : fits(word.toLowerCase(), name)) return meaning;
  }
  return undefined;
}

function fits(word: string, name: string): boolean {
  const bar = name.indexOf('|');
  const full = name.replace('|', '');
  return full.startsWith(word) && word.length >= (bar < 0 ? full.length : bar);
}

/** The parts of a relative date, or undefined where the text is not one. */
export function parseRelativeDate(text: string): RelativeDate | undefined {
  const date: RelativeDate = { current: new Set(), back: {} };
  let pending: number | undefined;
  let named = false;
  for (const [part] of text.matchAll(/\d+|[a-z]+|[^a-z\d]+/gi)) {
    if (/^[^a-z\d]/i.test(part)) continue;
    const meaning = /^\d/.test(part) ? { number: Number(part) } : keyword(part);
    if (!meaning || (pending !== undefined && !('unit' in meaning))) return undefined;
    if ('number' in meaning && meaning.number > MAX_NUMBER) return undefined;
    if ('number' in meaning) pending = meaning.number;
    else if ('unit' in meaning) {
      date.back[meaning.unit] = (date.back[meaning.unit] ?? 0) + (pending ?? 1) * meaning.times;
      pending = undefined;
    } else if ('current' in meaning) {
      if (meaning.current.some((field) => date.current.has(field))) return undefined;
      for (const field of meaning.current) date.current.add(field);
    } else if ('weekday' in meaning) {
      if (date.weekday !== undefined) return undefined;
      date.weekday = meaning.weekday;
    }
    named ||= !('ignored' in meaning) && !('number' in meaning);
  }
  return named && pending === undefined ? date : undefined;
}

/**
 * The bound's time in ms: a start is the first instant it names, an end the first instant after
 * it (notmuch's inclusive end and one second).
 */
export function resolveRelativeDate(date: RelativeDate, now: number, end: boolean): number {
  const clock = new Date(now);
  const value: Record<Field, number> = {
    second: clock.getSeconds(),
    minute: clock.getMinutes(),
    hour: clock.getHours(),
    day: clock.getDate(),
    month: clock.getMonth(),
    year: clock.getFullYear(),
  };
  const back = { ...date.back };
  if (date.weekday !== undefined && !date.current.has('day')) {
    // The last such day before today (today's weekday: a week ago).
    const today = clock.getDay();
    back.day = (back.day ?? 0) + (today > date.weekday ? today - date.weekday : today + 7 - date.weekday);
  }
  const finest = FIELDS.find((field) => date.current.has(field) || back[field] !== undefined);
  // Weeks round to the Sunday before (or after), where no day or finer unit is named.
  const byWeek = finest === undefined || (back.week !== undefined && FIELDS.indexOf(finest) > FIELDS.indexOf('day'));
  const roundedAt = byWeek ? 'day' : finest;
  for (const field of FIELDS.slice(0, FIELDS.indexOf(roundedAt))) value[field] = FIRST[field];
  if (end && !byWeek) back[roundedAt] = (back[roundedAt] ?? 0) - 1;
  const at = new Date(
    value.year - (back.year ?? 0),
    value.month - (back.month ?? 0),
    value.day - (back.day ?? 0) - 7 * (back.week ?? 0),
    value.hour - (back.hour ?? 0),
    value.minute - (back.minute ?? 0),
    value.second - (back.second ?? 0),
  );
  if (!byWeek) return at.getTime();
  return new Date(at.getFullYear(), at.getMonth(), at.getDate() + (end ? 7 : 0) - at.getDay()).getTime();
}
