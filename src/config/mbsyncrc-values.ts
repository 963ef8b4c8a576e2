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

/** `Create`/`Remove`/`Expunge` values, including the deprecated Master (= Far) and Slave (= Near). */
export function parseSide(value: string): Side {
  switch (value.toLowerCase()) {
    case 'none':
      return 'none';
    case 'far':
    case 'master':
      return 'far';
    case 'near':
    case 'slave':
      return 'near';
    case 'both':
      return 'both';
    default:
      throw new Error(`invalid value '${value}' (use None, Far, Near or Both)`);
  }
}

export type SyncOp = 'new' | 'renew' | 'delete' | 'flags';
const OPS: SyncOp[] = ['new', 'renew', 'delete', 'flags'];

export interface SyncOps {
  pull: Set<SyncOp>;
  push: Set<SyncOp>;
}

/**
 * `Sync` as mbsync reads it: direction flags (Pull, Push) and type flags (New, ReNew, Delete,
 * Flags) select rows and columns of a matrix, compound flags (PullNew, PushFlags, ...) select
 * single cells; a cell asserted twice is an error. All/Full = everything, None = nothing.
 */
export function parseSyncOps(args: string[]): SyncOps {
  const ops: SyncOps = { pull: new Set(), push: new Set() };
  const dirs = new Set<'pull' | 'push'>();
  const types = new Set<SyncOp>();
  const cells: [keyof SyncOps, SyncOp][] = [];
  let all = false;
  for (const arg of args) {
    const v = arg.toLowerCase();
    const compound = /^(pull|push)(new|renew|delete|flags)$/.exec(v);
    if (v === 'all' || v === 'full') all = true;
    else if (v === 'none' || v === 'noop') continue;
    else if (v === 'pull' || v === 'push') dirs.add(v);
    else if ((OPS as string[]).includes(v)) types.add(v as SyncOp);
    else if (compound) cells.push([compound[1] as keyof SyncOps, compound[2] as SyncOp]);
    else throw new Error(`invalid Sync value '${arg}'`);
  }
  if (all) return { pull: new Set(OPS), push: new Set(OPS) };
  if (cells.length === 0) {
    if (dirs.size === 0 && types.size === 0) return ops;
    for (const dir of dirs.size ? dirs : (['pull', 'push'] as const)) {
      for (const op of types.size ? types : OPS) ops[dir].add(op);
    }
    return ops;
  }
  for (const dir of dirs) for (const op of OPS) cells.push([dir, op]);
  for (const op of types) for (const dir of ['pull', 'push'] as const) cells.push([dir, op]);
  for (const [dir, op] of cells) {
    if (ops[dir].has(op)) throw new Error(`Sync selects ${dir} ${op} twice`);
    ops[dir].add(op);
  }
  return ops;
}

/** `SSLVersions`/`TLSVersions` → the lowest enabled version; `+X`/`-X` adjust mbsync's default set. */
export function parseMinTlsVersion(args: string[]): { min: string; unsupported: string[] } {
  const known = ['SSLv3', 'TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];
  const relative = args.every((a) => a.startsWith('+') || a.startsWith('-'));
  const enabled = new Set(relative ? known.slice(1) : []);
  for (const arg of args) {
    const name = arg.replace(/^[+-]/, '');
    const canonical = known.find((k) => k.toLowerCase() === name.toLowerCase());
    if (!canonical) throw new Error(`unknown TLS version '${arg}'`);
    if (arg.startsWith('-')) enabled.delete(canonical);
    else enabled.add(canonical);
  }
  const usable = known.slice(1).filter((k) => enabled.has(k));
  if (usable.length === 0) throw new Error('no usable TLS version left (SSLv3 is not supported)');
  return { min: usable[0]!, unsupported: enabled.has('SSLv3') ? ['SSLv3'] : [] };
}
