// What every keyword handler of the mbsyncrc parser shares: reading a line's value (failing with
// `file:line` when it is wrong) and recording how the line was mapped for the import report.
import { ConfigError } from './errors.js';
import type { MbsyncrcLine } from './mbsyncrc-lexer.js';
import type { MappingEntry } from './mbsyncrc-sections.js';
import { expandPath, type PathEnv } from './paths.js';

export type Line = Extract<MbsyncrcLine, { kind: 'item' }>;
export type Outcome = MappingEntry['outcome'];

export interface LineContext {
  /** The file's name as shown in messages. */
  file: string;
  fail(at: { line: number }, message: string): never;
  record(at: Line, outcome: Outcome, note: string): MappingEntry;
  /** The line's single value. */
  one(at: Line): string;
  /** The line's single value, parsed; a parse error becomes `Keyword: reason`. */
  value<T>(at: Line, parse: (v: string) => T): T;
  /** The line's values, at least one. */
  some(at: Line): string[];
  /** A local path (the line's value unless given), `~` and relative paths expanded. */
  localPath(at: Line, value?: string): string;
}

/** Lines whose value is never shown: a password, or a command that may spell one out (`PassCmd "echo pw"`). */
const SECRET_KEYWORDS = new Set(['pass', 'passcmd']);

export function lineContext(
  file: string,
  pathEnv: PathEnv,
  cwd: string,
  out: { mapping: MappingEntry[]; warnings: string[] },
): LineContext {
  const fail = (at: { line: number }, message: string): never => {
    throw new ConfigError(file, at.line, message);
  };
  const one = (at: Line): string => {
    if (at.args.length === 0) fail(at, `${at.keyword} needs a value`);
    if (at.args.length > 1) {
      const extra = SECRET_KEYWORDS.has(at.keyword.toLowerCase())
        ? 'found more (quote a value with spaces)'
        : `found extra '${at.args[1]}'`;
      fail(at, `${at.keyword} takes one value, ${extra}`);
    }
    return at.args[0]!;
  };
  return {
    file,
    fail,
    one,
    record(at, outcome, note) {
      const shown = SECRET_KEYWORDS.has(at.keyword.toLowerCase()) ? `${at.keyword} ********` : at.text;
      const entry = { line: at.line, text: shown, outcome, note };
      out.mapping.push(entry);
      if (outcome === 'warning') out.warnings.push(`${file}:${at.line}: ${at.keyword}: ${note}`);
      return entry;
    },
    value(at, parse) {
      try {
        return parse(one(at));
      } catch (error) {
        if (error instanceof ConfigError) throw error;
        return fail(at, `${at.keyword}: ${(error as Error).message}`);
      }
    },
    some(at) {
      if (at.args.length === 0) fail(at, `${at.keyword} needs a value`);
      return at.args;
    },
    localPath(at, value = one(at)) {
      // mbsync looks `~user` up in the password database; taken literally it would be a folder named `~user`.
      if (/^~[^/]/.test(value)) {
        const user = value.split('/')[0];
        fail(at, `${at.keyword}: '${user}' paths (another user's home) are not supported; write the full path`);
      }
      return expandPath(value, pathEnv, cwd);
    },
  };
}

/** What a keyword does to the section (or defaults) it appears in. */
export type KeywordHandler<T> = (target: T, at: Line, ctx: LineContext) => void;
export type KeywordTable<T> = Readonly<Record<string, KeywordHandler<T>>>;

/** Runs the line's handler from `table` (keywords are case-insensitive); false when it has none. */
export function applyKeyword<T>(table: KeywordTable<T>, target: T, at: Line, ctx: LineContext): boolean {
  const key = at.keyword.toLowerCase();
  // Own keys only: a line `constructor x` must not find Object.prototype.constructor.
  if (!Object.hasOwn(table, key)) return false;
  table[key]!(target, at, ctx);
  return true;
}
