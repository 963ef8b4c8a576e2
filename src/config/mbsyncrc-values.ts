// Parsers for mbsync argument values. Each returns the value or throws a plain message; the
// caller adds `file:line`.

export type Side = 'none' | 'far' | 'near' | 'both';

const TRUE = new Set(['yes', 'on', 'true', '1']);
const FALSE = new Set(['no', 'off', 'false', '0']);

export function parseBool(value: string): boolean {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new Error(`invalid boolean value '${value}' (use yes or no)`);
}

export function parseInteger(value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new Error(`invalid number '${value}' (must be ${min}–${max})`);
  }
  return Number(value);
}

/** mbsync sizes: `size[k|m][b]`; 0 means unlimited, returned as null. */
export function parseSize(value: string): number | null {
  const m = /^(\d+)([km]?)b?$/i.exec(value);
  if (!m) throw new Error(`invalid size '${value}' (e.g. 500k or 10m)`);
  const unit = m[2]!.toLowerCase();
  const bytes = Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 * 1024 : 1);
  return bytes === 0 ? null : bytes;
}

/**
 * `Create`/`Remove`/`Expunge` values, including the deprecated Master (= Far) and Slave (= Near);
 * mbsync adds them up (`Far Near` = Both), but Both beside Far or Near is a conflict.
 */
export function parseSides(values: string[]): Side {
  const sides = new Set<Side>();
  for (const value of values) {
    const v = value.toLowerCase();
    if (v === 'far' || v === 'master') sides.add('far');
    else if (v === 'near' || v === 'slave') sides.add('near');
    else if (v === 'both') sides.add('both');
    else if (v !== 'none') throw new Error(`invalid value '${value}' (use None, Far, Near or Both)`);
  }
  if (sides.has('both') && sides.size > 1) throw new Error('Both conflicts with Far or Near');
  return sides.has('both') || sides.size === 2 ? 'both' : ([...sides][0] ?? 'none');
}

/** isync 1.5's ExpireSide: Far or Near, no other spelling (config.c getopt_helper). */
export function parseExpireSide(value: string): 'far' | 'near' {
  const v = value.toLowerCase();
  if (v === 'far' || v === 'near') return v;
  throw new Error(`invalid value '${value}' (use Far or Near)`);
}

/** isync 1.5's Old (messages passed over before) is a type of its own, never implied (sync.h OP_DFLT_TYPE). */
export type SyncOp = 'new' | 'renew' | 'delete' | 'flags' | 'old';
const OPS: SyncOp[] = ['new', 'renew', 'delete', 'flags'];
/** isync 1.5's names: Gone is Delete, Upgrade is ReNew; its PullFull and PushFull take every type (OP_MASK_TYPE). */
const NEWER_NAMES: Record<string, SyncOp> = { gone: 'delete', upgrade: 'renew' };

export interface SyncOps {
  pull: Set<SyncOp>;
  push: Set<SyncOp>;
}

/** How All/Full reads: isync 1.4 takes it as both directions, 1.5 as every type, Old included (config.c OP_MASK_TYPE). */
export type FullReading = 'directions' | 'types';

/**
 * `Sync` as mbsync reads it: direction flags (Pull, Push) and type flags (New, ReNew, Delete,
 * Flags) select rows and columns of a matrix, compound flags (PullNew, PushFlags, ...) select
 * single cells; a cell selected both by a compound and by a row or column is an error. No
 * direction or no type means all of them; None selects nothing.
 */
export function parseSyncOps(args: string[], full: FullReading = 'directions'): SyncOps {
  const ops: SyncOps = { pull: new Set(), push: new Set() };
  const dirs = new Set<'pull' | 'push'>();
  const types = new Set<SyncOp>();
  const compounds = new Set<`${keyof SyncOps} ${SyncOp}`>();
  for (const arg of args) {
    const v = arg.toLowerCase().replace(/(gone|upgrade)$/, (name) => NEWER_NAMES[name]!);
    const compound = /^(pull|push)(new|renew|delete|flags|old|full)$/.exec(v);
    if (v === 'all' || v === 'full') {
      if (full === 'directions') dirs.add('pull').add('push');
      else for (const op of [...OPS, 'old' as const]) types.add(op);
    } else if (v === 'none' || v === 'noop') continue;
    else if (v === 'pull' || v === 'push') dirs.add(v);
    else if ([...OPS, 'old'].includes(v)) types.add(v as SyncOp);
    else if (compound) {
      const dir = compound[1] as keyof SyncOps;
      for (const op of compound[2] === 'full' ? [...OPS, 'old' as const] : [compound[2] as SyncOp])
        compounds.add(`${dir} ${op}`);
    } else throw new Error(`invalid Sync value '${arg}'`);
  }
  if (compounds.size === 0) {
    if (dirs.size === 0 && types.size === 0) return ops;
    for (const dir of dirs.size ? dirs : (['pull', 'push'] as const)) {
      for (const op of types.size ? types : OPS) ops[dir].add(op);
    }
    return ops;
  }
  const cells = [...compounds].map((cell) => cell.split(' ') as [keyof SyncOps, SyncOp]);
  for (const dir of dirs) for (const op of OPS) cells.push([dir, op]);
  for (const op of types) for (const dir of ['pull', 'push'] as const) cells.push([dir, op]);
  for (const [dir, op] of cells) {
    if (ops[dir].has(op)) throw new Error(`Sync selects ${dir} ${op} twice`);
    ops[dir].add(op);
  }
  return ops;
}

/**
 * `Sync` read for either isync, as mailkeep cannot tell which one the user runs: only All/Full
 * reads differently (`Push Full`: 1.4 pulls everything, 1.5 nothing; `Full New`: 1.4 pulls only
 * new, 1.5 everything). mailkeep pulls what either reading pulls, but pulls deletions (and so
 * mirrors with Expunge Near) only where both do. No line needs refusing: keeping a message the
 * server lost loses nothing, and pulling more than one reading asks for only adds to the backup.
 */
export function parseSyncOpsForEitherMbsync(args: string[]): { ops: SyncOps; deletionsDiffer: boolean } {
  const [older, newer] = [parseSyncOps(args, 'directions'), parseSyncOps(args, 'types')];
  const pull = new Set([...older.pull, ...newer.pull]);
  const deletionsDiffer = older.pull.has('delete') !== newer.pull.has('delete');
  if (deletionsDiffer) pull.delete('delete');
  return { ops: { pull, push: new Set([...older.push, ...newer.push]) }, deletionsDiffer };
}

const TLS_VERSIONS = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
/** The set `+X`/`-X` adjust: isync 1.5's TLSVersions starts from 1.2 and 1.3 (drv_imap.c imap_parse_store), 1.4's from 1.0 up. */
export const TLS_DEFAULTS = { mbsync14: TLS_VERSIONS.slice(1), mbsync15: ['TLSv1.2', 'TLSv1.3'] };

/** `SSLVersions`/`TLSVersions` → the lowest enabled version; `+X`/`-X` adjust `defaults`. */
export function parseMinTlsVersion(
  args: string[],
  defaults: readonly string[] = TLS_DEFAULTS.mbsync14,
): { min: string; unsupported: string[] } {
  const known = TLS_VERSIONS;
  const relative = args.every((a) => a.startsWith('+') || a.startsWith('-'));
  const enabled = new Set(relative ? defaults : []);
  for (const arg of args) {
    // mbsync 1.5's TLSVersions names versions by number: `+1.2`, `-1.0`, `1.3`.
    const name = arg
      .replace(/^[+-]/, '')
      .replace(/^1\.0$/, 'TLSv1')
      .replace(/^1\.[1-3]$/, 'TLSv$&');
    const canonical = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!canonical) throw new Error(`unknown TLS version '${arg}'`);
    if (arg.startsWith('-')) enabled.delete(canonical);
    else enabled.add(canonical);
  }
  const usable = known.slice(1).filter((k) => enabled.has(k));
  if (usable.length === 0) throw new Error('no usable TLS version left (SSLv3 is not supported)');
  return { min: usable[0]!, unsupported: enabled.has('SSLv3') ? ['SSLv3'] : [] };
}
