// Maildir file names: ours carry the server UID and UIDVALIDITY so a rescan re-adopts every file.
//   <sec>.M<usec>P<pid>Q<seq>.<host>,V=<uidvalidity>,UID=<uid>,S=<size>:2,<flags>
// `,UID=` rather than `,U=`: mbsync (and OfflineIMAP) use `,U=` for their own UIDs.
import { normalizeMaildirFlags } from './flags.js';

export interface UniqueNameParts {
  time: Date;
  seq: number;
  pid: number;
  host: string;
}

export interface MessageNameParts extends UniqueNameParts {
  uid: number;
  uidValidity: number;
  size: number;
  flags: string;
}

export interface ParsedMaildirName {
  /** Everything before the info separator (`:2,` / `!2,`): stable across flag changes. */
  base: string;
  /** Sorted Maildir letters (D F P R S T) from the info part; '' when absent. */
  flags: string;
  uid?: number;
  uidValidity?: number;
  /** `,S=` (exact size in bytes, Dovecot and mailkeep). */
  size?: number;
  /** `,U=` as written by mbsync (its near-side UID) or OfflineIMAP (its remote UID). */
  mbsyncUid?: number;
}

/** The djb unique part `<sec>.M<usec>P<pid>Q<seq>.<host>`, used alone for files in tmp/. */
export function formatUniqueName({ time, seq, pid, host }: UniqueNameParts): string {
  const ms = time.getTime();
  const sec = Math.floor(ms / 1000);
  const usec = (ms - sec * 1000) * 1000;
  return `${sec}.M${usec}P${pid}Q${seq}.${sanitizeHost(host)}`;
}

const UNIQUE_NAME = /^\d+\.M\d+P(\d+)Q\d+\.(.+)$/;

/** pid and (sanitized) host of a name formatUniqueName made; undefined for any other name. */
export function parseUniqueName(name: string): { pid: number; host: string } | undefined {
  const match = UNIQUE_NAME.exec(name);
  return match ? { pid: Number(match[1]), host: match[2]! } : undefined;
}

export function formatMessageName(parts: MessageNameParts): string {
  const base = `${formatUniqueName(parts)},V=${parts.uidValidity},UID=${parts.uid},S=${parts.size}`;
  return withInfo(base, parts.flags);
}

/** `base` + `:2,` + sorted flags: the name a file gets after a flag change. */
export function withInfo(base: string, flags: string): string {
  return `${base}:2,${normalizeMaildirFlags(flags)}`;
}

/** Maildir's rule: `/` and `:` may not appear in the host part; we also keep `,` `!` `\` out (our field separators). */
export function sanitizeHost(host: string): string {
  const cleaned = host.replace(/[^A-Za-z0-9._-]/gu, (ch) =>
    [...Buffer.from(ch)].map((byte) => `\\${byte.toString(8).padStart(3, '0')}`).join(''),
  );
  return cleaned === '' ? 'localhost' : cleaned;
}

const INFO_SEPARATOR = /[:!;]2,/;
/** The names mailkeep writes: matched at once, as a rescan reads every name of every folder. */
const OWN_NAME = /^([^,:!;]*,V=(\d{1,15}),UID=(\d{1,15}),S=(\d{1,15}))[:!;]2,/;

export function parseMaildirName(name: string): ParsedMaildirName {
  const own = OWN_NAME.exec(name);
  if (own !== null) {
    const uidValidity = Number(own[2]);
    const uid = Number(own[3]);
    if (uid > 0 && uidValidity > 0) {
      return {
        base: own[1]!,
        flags: normalizeMaildirFlags(name.slice(own[0].length)),
        uid,
        uidValidity,
        size: Number(own[4]),
      };
    }
  }
  const info = INFO_SEPARATOR.exec(name);
  const base = info ? name.slice(0, info.index) : name;
  const flags = info ? normalizeMaildirFlags(name.slice(info.index + 3)) : '';
  const parsed: ParsedMaildirName = { base, flags };
  for (const field of base.split(',').slice(1)) {
    const eq = field.indexOf('=');
    if (eq < 0) continue;
    const value = parseCount(field.slice(eq + 1));
    if (value === undefined) continue;
    switch (field.slice(0, eq)) {
      case 'UID':
        if (value > 0) parsed.uid = value;
        break;
      case 'V':
        if (value > 0) parsed.uidValidity = value;
        break;
      case 'S':
        parsed.size = value;
        break;
      case 'U':
        if (value > 0) parsed.mbsyncUid = value;
        break;
    }
  }
  return parsed;
}

function parseCount(text: string): number | undefined {
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}
