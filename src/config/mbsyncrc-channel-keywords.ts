// The keywords of a Channel: its stores and patterns, and the options that may also stand before
// any section as defaults for all channels.
import {
  applyKeyword,
  type KeywordHandler,
  type KeywordTable,
  type Line,
  type LineContext,
  type Outcome,
} from './mbsyncrc-context.js';
import type { ChannelOptions, ChannelSection, StoreRef } from './mbsyncrc-sections.js';
import {
  parseBool,
  parseExpireSide,
  parseInteger,
  parseSides,
  parseSize,
  parseSyncOpsForEitherMbsync,
  type Side,
  type SyncOps,
} from './mbsyncrc-values.js';

/** Options of one channel, or the global defaults (whose notes say so). */
export interface ChannelOptionTarget {
  options: ChannelOptions;
  isGlobal: boolean;
}

const scopeOf = (target: ChannelOptionTarget) => (target.isGlobal ? 'default for all channels: ' : '');

/** mbsync adds up repeated Sync, Expunge, Create and Remove lines: each is read with the ones before it. */
function argsSoFar(target: ChannelOptionTarget, at: Line, ctx: LineContext): string[] {
  const key = at.keyword.toLowerCase();
  const args = [...(target.options.argsSoFar?.[key] ?? []), ...ctx.some(at)];
  (target.options.argsSoFar ??= {})[key] = args;
  return args;
}

function sidesSoFar(target: ChannelOptionTarget, at: Line, ctx: LineContext): Side {
  try {
    return parseSides(argsSoFar(target, at, ctx));
  } catch (error) {
    return ctx.fail(at, `${at.keyword}: ${(error as Error).message}`);
  }
}

function syncSoFar(target: ChannelOptionTarget, at: Line, ctx: LineContext) {
  try {
    return parseSyncOpsForEitherMbsync(argsSoFar(target, at, ctx));
  } catch (error) {
    return ctx.fail(at, (error as Error).message);
  }
}

function expungeSide(option: 'expunge' | 'expungeSolo'): KeywordHandler<ChannelOptionTarget> {
  return (target, at, ctx) => {
    const side = sidesSoFar(target, at, ctx);
    const scope = scopeOf(target);
    target.options[option] = side;
    const mirrorToo = side === 'both' ? '; deletions: mirror' : '';
    const entry =
      side === 'far' || side === 'both'
        ? ctx.record(at, 'warning', `${scope}never expunges on the server (pull-only)${mirrorToo}`)
        : ctx.record(at, 'mapped', `${scope}deletions: ${side === 'near' ? 'mirror' : 'keep'}`);
    if (!target.isGlobal) (target.options.expungeEntries ??= []).push(entry);
  };
}

export const CHANNEL_OPTION_KEYWORDS: KeywordTable<ChannelOptionTarget> = {
  sync(target, at, ctx) {
    const { ops, deletionsDiffer } = syncSoFar(target, at, ctx);
    target.options.ops = ops;
    const [outcome, note] = describeSync(ops, deletionsDiffer);
    ctx.record(at, outcome, scopeOf(target) + note);
  },
  expunge: expungeSide('expunge'),
  // isync 1.5: with Sync Gone, ExpungeSolo Near mirrors the server's expunges (man page).
  expungesolo: expungeSide('expungeSolo'),
  create(target, at, ctx) {
    const side = sidesSoFar(target, at, ctx);
    if (side === 'far' || side === 'both') ctx.record(at, 'warning', 'never creates folders on the server (pull-only)');
    else ctx.record(at, side === 'near' ? 'mapped' : 'ignored', 'local folders are always created as needed');
  },
  remove(target, at, ctx) {
    const side = sidesSoFar(target, at, ctx);
    if (side === 'far' || side === 'both') ctx.record(at, 'warning', 'never removes folders on the server (pull-only)');
    else ctx.record(at, 'ignored', 'local folders are kept when they vanish on the server');
  },
  copyarrivaldate(target, at, ctx) {
    target.options.copyArrivalDate = ctx.value(at, parseBool);
    ctx.record(at, 'mapped', `${scopeOf(target)}arrival dates: ${target.options.copyArrivalDate ? 'on' : 'off'}`);
  },
  maxsize(target, at, ctx) {
    if (target.isGlobal) ctx.fail(at, 'MaxSize is no global option (mbsync refuses it too); set it in a Channel');
    target.options.maxSize = ctx.value(at, parseSize);
    ctx.record(at, 'mapped', `${scopeOf(target)}max message size: ${target.options.maxSize ?? 'unlimited'}`);
  },
  maxmessages(_target, at, ctx) {
    ctx.value(at, (v) => parseInteger(v, 0, Number.MAX_SAFE_INTEGER));
    ctx.record(at, 'ignored', 'a backup keeps every message');
  },
  // isync 1.5: which side MaxMessages expires; mailkeep expires nothing on either.
  expireside(target, at, ctx) {
    if (ctx.value(at, parseExpireSide) === 'far') {
      ctx.record(at, 'warning', `${scopeOf(target)}never expires messages on the server (pull-only)`);
    } else ctx.record(at, 'ignored', 'a backup keeps every message');
  },
  expireunread(_target, at, ctx) {
    ctx.value(at, parseBool);
    ctx.record(at, 'ignored', 'a backup keeps every message');
  },
  syncstate(target, at, ctx) {
    // Kept only to find mbsync's state when adopting its Maildir; mbsync uses it as a prefix.
    const where = ctx.one(at);
    target.options.syncState = where === '*' ? where : ctx.localPath(at, where) + (where.endsWith('/') ? '/' : '');
    ctx.record(at, 'mapped', "read once to continue mbsync's backup; mailkeep keeps its own state");
  },
};

const farStore = (channel: ChannelSection, at: Line, ctx: LineContext) => {
  const far = (channel.far = storeRef(at, ctx));
  // A prefix with Patterns, the one mailbox without; Patterns may come later in the section.
  ctx.record(at, 'mapped', `server: store ${far.store}${far.box ? `, box ${far.box}` : ''}`);
};
const nearStore = (channel: ChannelSection, at: Line, ctx: LineContext) => {
  const near = (channel.near = storeRef(at, ctx));
  ctx.record(at, 'mapped', `local: store ${near.store}${near.box ? `, box ${near.box}` : ''}`);
};
const patterns = (channel: ChannelSection, at: Line, ctx: LineContext) => {
  const added = ctx.some(at);
  channel.patterns = [...(channel.patterns ?? []), ...added];
  ctx.record(at, 'mapped', `folders: ${added.join(' ')}`);
};

const CHANNEL_KEYWORDS: KeywordTable<ChannelSection> = {
  far: farStore,
  master: farStore,
  near: nearStore,
  slave: nearStore,
  pattern: patterns,
  patterns,
};

export function applyChannelKeyword(channel: ChannelSection, at: Line, ctx: LineContext): boolean {
  return (
    applyKeyword(CHANNEL_KEYWORDS, channel, at, ctx) ||
    applyKeyword(CHANNEL_OPTION_KEYWORDS, { options: channel, isGlobal: false }, at, ctx)
  );
}

function storeRef(at: Line, ctx: LineContext): StoreRef {
  const m = /^:([^:]+):(.*)$/.exec(ctx.one(at));
  if (!m) return ctx.fail(at, `${at.keyword}: expected :store: or :store:mailbox, found '${at.args[0]}'`);
  return { store: m[1]!, box: m[2]!, line: at.line };
}

function describeSync(ops: SyncOps, deletionsDiffer: boolean): [Outcome, string] {
  const pulled = [...ops.pull].filter((op) => op !== 'renew' && op !== 'old');
  const parts = [`pulls ${pulled.length ? pulled.join(', ') : 'nothing'}`];
  if (!ops.pull.has('new')) parts.push('new messages are always fetched');
  if (deletionsDiffer) parts.push('deletions not pulled: mbsync 1.4 and 1.5 read All/Full differently here');
  if (ops.push.size) parts.push('push ignored (pull-only)');
  const warn = ops.push.size || !ops.pull.has('new') || deletionsDiffer;
  return [warn ? 'warning' : 'mapped', parts.join('; ')];
}
