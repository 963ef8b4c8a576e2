// Reads an mbsyncrc unchanged into mailkeep accounts (one per Channel). Pure: no file or
// process access. Anything that would write to the server is ignored with a warning.
import type { AccountConfig, TlsMode } from './types.js';
import { ConfigError } from './errors.js';
import { lexMbsyncrc } from './mbsyncrc-lexer.js';
import { expandPath, tildify, type PathEnv } from './paths.js';
import { resolveChannels } from './mbsyncrc-resolve.js';
import type {
  ChannelOptions, ChannelSection, GroupSection, ImapAccountFields, MappingEntry, Section, StoreRef,
} from './mbsyncrc-sections.js';
import {
  parseBool, parseInteger, parseMinTlsVersion, parseSide, parseSize, parseSyncOps, type SyncOps,
} from './mbsyncrc-values.js';

export type { MappingEntry } from './mbsyncrc-sections.js';

export interface MbsyncrcOptions extends PathEnv {
  /** The file's path, used in messages (shortened to `~/...`). */
  path: string;
  /** Base for relative local paths (mbsync uses the working directory); default `home`. */
  cwd?: string;
}

export interface ParsedMbsyncrc {
  accounts: AccountConfig[];
  groups: Record<string, string[]>;
  warnings: string[];
  mapping: MappingEntry[];
}

interface Line {
  line: number;
  keyword: string;
  args: string[];
  text: string;
}

type Outcome = MappingEntry['outcome'];

const SECTION_KEYWORDS: Record<string, Section['kind']> = {
  imapaccount: 'imap-account',
  imapstore: 'imap-store',
  maildirstore: 'maildir-store',
  channel: 'channel',
  group: 'group',
};

/** Lines whose value is never shown: a password, or a command that may spell one out (`PassCmd "echo pw"`). */
const SECRET_KEYWORDS = new Set(['pass', 'passcmd']);
const NOT_SUPPORTED = new Set(['tunnel', 'usekeychain', 'clientcertificate', 'clientkey']);
const HARMLESS = new Set([
  'cipherstring', 'disableextension', 'disableextensions', 'usenamespace', 'pathdelimiter', 'subscribedonly',
  'trash', 'trashnewonly', 'trashremotenew', 'mapinbox', 'altmap', 'infodelimiter', 'fsync', 'fielddelimiter',
  'bufferlimit', 'expireunread',
]);

export function parseMbsyncrc(text: string, opts: MbsyncrcOptions): ParsedMbsyncrc {
  const file = tildify(opts.path, opts.home);
  const cwd = opts.cwd ?? opts.home;
  const mapping: MappingEntry[] = [];
  const warnings: string[] = [];
  const sections: Section[] = [];
  const globals: ChannelOptions = {};
  let current: Section | undefined;

  const fail = (at: { line: number }, message: string): never => {
    throw new ConfigError(file, at.line, message);
  };
  const record = (at: Line, outcome: Outcome, note: string): MappingEntry => {
    const shown = SECRET_KEYWORDS.has(at.keyword.toLowerCase()) ? `${at.keyword} ********` : at.text;
    const entry = { line: at.line, text: shown, outcome, note };
    mapping.push(entry);
    if (outcome === 'warning') warnings.push(`${file}:${at.line}: ${at.keyword}: ${note}`);
    return entry;
  };
  const one = (at: Line): string => {
    if (at.args.length === 0) fail(at, `${at.keyword} needs a value`);
    if (at.args.length > 1) {
      const extra = SECRET_KEYWORDS.has(at.keyword.toLowerCase()) ? 'found more (quote a value with spaces)' : `found extra '${at.args[1]}'`;
      fail(at, `${at.keyword} takes one value, ${extra}`);
    }
    return at.args[0]!;
  };
  const value = <T>(at: Line, parse: (v: string) => T): T => {
    try {
      return parse(one(at));
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      return fail(at, `${at.keyword}: ${(error as Error).message}`);
    }
  };
  const localPath = (at: Line, value = one(at)) => {
    // mbsync looks `~user` up in the password database; taken literally it would be a folder named `~user`.
    if (/^~[^/]/.test(value)) fail(at, `${at.keyword}: '${value.split('/')[0]}' paths (another user's home) are not supported; write the full path`);
    return expandPath(value, opts, cwd);
  };

  function accountField(fields: ImapAccountFields, at: Line): boolean {
    switch (at.keyword.toLowerCase()) {
      case 'host':
        fields.host = one(at);
        record(at, 'mapped', `host: ${fields.host}`);
        return true;
      case 'port':
        fields.port = value(at, (v) => parseInteger(v, 1, 65535));
        record(at, 'mapped', `port: ${fields.port}`);
        return true;
      case 'user':
        fields.user = one(at);
        record(at, 'mapped', `user: ${fields.user}`);
        return true;
      case 'usercmd':
        fields.userCommand = one(at).replace(/^\+/, '');
        record(at, 'mapped', 'user: from command');
        return true;
      case 'pass':
        fields.password = { kind: 'plain', password: one(at) };
        record(at, 'warning', 'password copied as plain text (prefer PassCmd)');
        return true;
      case 'passcmd':
        fields.password = { kind: 'command', command: one(at).replace(/^\+/, '') };
        record(at, 'mapped', 'password: from command');
        return true;
      case 'ssltype':
      case 'tlstype':
        fields.tls = value(at, parseTls);
        record(at, 'mapped', `tls: ${fields.tls}`);
        return true;
      case 'sslversions':
      case 'tlsversions': {
        if (at.args.length === 0) fail(at, `${at.keyword} needs a value`);
        let parsed: ReturnType<typeof parseMinTlsVersion>;
        try {
          parsed = parseMinTlsVersion(at.args);
        } catch (error) {
          return fail(at, `${at.keyword}: ${(error as Error).message}`);
        }
        fields.minTlsVersion = parsed.min;
        if (parsed.unsupported.length) record(at, 'warning', `SSLv3 is not supported; minimum TLS: ${parsed.min}`);
        else record(at, 'mapped', `minimum TLS: ${parsed.min}`);
        return true;
      }
      case 'certificatefile':
        fields.certificateFile = localPath(at);
        record(at, 'mapped', `trust certificates in ${fields.certificateFile}`);
        return true;
      case 'systemcertificates':
        fields.systemCertificates = value(at, parseBool);
        record(at, 'mapped', `system certificates: ${fields.systemCertificates ? 'yes' : 'no'}`);
        return true;
      case 'authmechs':
        if (at.args.length === 0) fail(at, `${at.keyword} needs a value`);
        fields.authMechs = at.args.includes('*') ? [] : at.args.map((m) => m.toUpperCase());
        record(at, 'mapped', `auth: ${fields.authMechs.join(' ') || 'any'}`);
        return true;
      case 'pipelinedepth':
        fields.pipelineDepth = value(at, (v) => parseInteger(v, 1, 1_000_000));
        record(at, 'mapped', `concurrency: at most ${fields.pipelineDepth} connection(s)`);
        return true;
      case 'timeout':
        fields.timeoutSeconds = value(at, (v) => parseInteger(v, 0, 86_400));
        record(at, 'mapped', `timeout: ${fields.timeoutSeconds ? `${fields.timeoutSeconds} s` : 'none'}`);
        return true;
      default:
        return false;
    }
  }

  function channelOption(target: ChannelOptions, at: Line, isGlobal: boolean): boolean {
    const scope = isGlobal ? 'default for all channels: ' : '';
    switch (at.keyword.toLowerCase()) {
      case 'sync': {
        if (at.args.length === 0) fail(at, 'Sync needs a value');
        try {
          target.ops = parseSyncOps(at.args);
        } catch (error) {
          return fail(at, (error as Error).message);
        }
        const [outcome, note] = describeSync(target.ops);
        record(at, outcome, scope + note);
        return true;
      }
      case 'expunge': {
        const side = value(at, parseSide);
        target.expunge = side;
        const entry = side === 'far' || side === 'both'
          ? record(at, 'warning', `${scope}never expunges on the server (pull-only)${side === 'both' ? '; deletions: mirror' : ''}`)
          : record(at, 'mapped', `${scope}deletions: ${side === 'near' ? 'mirror' : 'keep'}`);
        if (!isGlobal) target.expungeEntry = entry;
        return true;
      }
      case 'create': {
        const side = value(at, parseSide);
        if (side === 'far' || side === 'both') record(at, 'warning', 'never creates folders on the server (pull-only)');
        else record(at, side === 'near' ? 'mapped' : 'ignored', 'local folders are always created as needed');
        return true;
      }
      case 'remove': {
        const side = value(at, parseSide);
        if (side === 'far' || side === 'both') record(at, 'warning', 'never removes folders on the server (pull-only)');
        else record(at, 'ignored', 'local folders are kept when they vanish on the server');
        return true;
      }
      case 'copyarrivaldate':
        target.copyArrivalDate = value(at, parseBool);
        record(at, 'mapped', `${scope}arrival dates: ${target.copyArrivalDate ? 'on' : 'off'}`);
        return true;
      case 'maxsize':
        target.maxSize = value(at, parseSize);
        record(at, 'mapped', `${scope}max message size: ${target.maxSize ?? 'unlimited'}`);
        return true;
      case 'maxmessages':
        value(at, (v) => parseInteger(v, 0, Number.MAX_SAFE_INTEGER));
        record(at, 'ignored', 'a backup keeps every message');
        return true;
      case 'syncstate': {
        // Kept only to find mbsync's state when adopting its Maildir; mbsync uses it as a prefix.
        const where = one(at);
        target.syncState = where === '*' ? where : localPath(at, where) + (where.endsWith('/') ? '/' : '');
        record(at, 'mapped', "read once to continue mbsync's backup; mailkeep keeps its own state");
        return true;
      }
      default:
        return false;
    }
  }

  function storeRef(at: Line): StoreRef {
    const m = /^:([^:]+):(.*)$/.exec(one(at));
    if (!m) return fail(at, `${at.keyword}: expected :store: or :store:mailbox, found '${at.args[0]}'`);
    return { store: m[1]!, box: m[2]!, line: at.line };
  }

  function channelField(channel: ChannelSection, at: Line): boolean {
    switch (at.keyword.toLowerCase()) {
      case 'far':
      case 'master':
        channel.far = storeRef(at);
        record(at, 'mapped', `server: store ${channel.far.store}${channel.far.box ? `, prefix ${channel.far.box}` : ''}`);
        return true;
      case 'near':
      case 'slave':
        channel.near = storeRef(at);
        record(at, 'mapped', `local: store ${channel.near.store}${channel.near.box ? `, under ${channel.near.box}` : ''}`);
        return true;
      case 'pattern':
      case 'patterns':
        if (at.args.length === 0) fail(at, `${at.keyword} needs a value`);
        channel.patterns = [...(channel.patterns ?? []), ...at.args];
        record(at, 'mapped', `folders: ${at.args.join(' ')}`);
        return true;
      default:
        return channelOption(channel, at, false);
    }
  }

  function sectionField(section: Section, at: Line): boolean {
    const key = at.keyword.toLowerCase();
    switch (section.kind) {
      case 'imap-account':
        return accountField(section.fields, at);
      case 'imap-store':
        if (key === 'account') {
          section.account = { name: one(at), line: at.line };
          record(at, 'mapped', `uses IMAPAccount ${section.account.name}`);
          return true;
        }
        if (key === 'path') {
          section.path = one(at);
          record(at, 'mapped', `server folder prefix: ${section.path}`);
          return true;
        }
        if (key === 'flatten') {
          one(at);
          record(at, 'warning', 'Flatten on the server side is not supported; server folders keep their hierarchy');
          return true;
        }
        if (key === 'maxsize') {
          value(at, parseSize);
          record(at, 'ignored', 'only the local side limits what is fetched');
          return true;
        }
        return accountField(section.fields, at);
      case 'maildir-store':
        if (key === 'path') {
          section.path = localPath(at);
          record(at, 'mapped', `local path: ${section.path}`);
        } else if (key === 'inbox') {
          section.inbox = localPath(at);
          record(at, 'mapped', `inbox: ${section.inbox}`);
        } else if (key === 'subfolders') {
          section.subFolders = value(at, parseSubFolders);
          record(at, 'mapped', `subfolders: ${section.subFolders}`);
        } else if (key === 'flatten') {
          section.flatten = one(at);
          record(at, 'mapped', `flatten with '${section.flatten}'`);
        } else if (key === 'maxsize') {
          section.maxSize = value(at, parseSize);
          record(at, 'mapped', `max message size: ${section.maxSize ?? 'unlimited'}`);
        } else return false;
        return true;
      case 'channel':
        return channelField(section, at);
      case 'group':
        if (key !== 'channel' && key !== 'channels') return false;
        if (at.args.length === 0) fail(at, `${at.keyword} needs a value`);
        section.channels.push(...at.args.map((spec) => ({ spec, line: at.line })));
        record(at, 'mapped', `group ${section.name}: ${at.args.join(' ')}`);
        return true;
    }
  }

  function openSection(kind: Section['kind'], at: Line): Section {
    const name = at.args[0];
    if (!name) return fail(at, `${at.keyword} needs a name`);
    if (sections.some((s) => s.kind === kind && s.name === name)) fail(at, `${at.keyword} '${name}' is defined twice`);
    if (kind !== 'group' && at.args.length > 1) fail(at, `${at.keyword} takes one name, found extra '${at.args[1]}'`);
    const base = { name, line: at.line };
    const section: Section =
      kind === 'imap-account' ? { kind, ...base, fields: {} }
      : kind === 'imap-store' ? { kind, ...base, fields: {} }
      : kind === 'maildir-store' ? { kind, ...base }
      : kind === 'channel' ? { kind, ...base }
      : { kind, ...base, channels: at.args.slice(1).map((spec) => ({ spec, line: at.line })) };
    sections.push(section);
    record(at, 'mapped', SECTION_NOTES[kind]);
    return section;
  }

  for (const item of lexMbsyncrc(text, file)) {
    if (item.kind === 'blank') {
      if (current) checkSection(current, file);
      current = undefined;
      continue;
    }
    const key = item.keyword.toLowerCase();
    const sectionKind = SECTION_KEYWORDS[key];
    if (current) {
      if (sectionField(current, item)) continue;
      if (sectionKind) fail(item, `${item.keyword} starts a new section: end ${sectionLabel(current)} with an empty line first`);
    } else if (sectionKind) {
      current = openSection(sectionKind, item);
      continue;
    } else if (channelOption(globals, item, true)) continue;
    if (NOT_SUPPORTED.has(key)) record(item, 'warning', 'not supported by mailkeep; ignored');
    else if (HARMLESS.has(key)) record(item, 'ignored', 'not needed by mailkeep');
    else record(item, 'warning', `unknown keyword${current ? ` in ${sectionLabel(current)}` : ''}; ignored`);
  }
  if (current) checkSection(current, file);

  const accounts = resolveChannels(sections, globals, { file, pathEnv: opts, warn: (line, message) => warnings.push(`${file}:${line}: ${message}`) });
  const groups: Record<string, string[]> = {};
  for (const group of sections.filter((s): s is GroupSection => s.kind === 'group')) {
    groups[group.name] = group.channels.map((c) => c.spec);
    for (const { spec, line } of group.channels) {
      const channel = spec.split(':')[0]!;
      if (!sections.some((s) => s.kind === 'channel' && s.name === channel)) {
        warnings.push(`${file}:${line}: Group ${group.name}: unknown Channel '${channel}'`);
      }
    }
  }
  return { accounts, groups, warnings, mapping };
}

const SECTION_NOTES: Record<Section['kind'], string> = {
  'imap-account': 'server login settings',
  'imap-store': 'server side of a channel',
  'maildir-store': 'local Maildir side of a channel',
  channel: 'one mailkeep account',
  group: 'channel group',
};

function sectionLabel(section: Section): string {
  const label = { 'imap-account': 'IMAPAccount', 'imap-store': 'IMAPStore', 'maildir-store': 'MaildirStore', channel: 'Channel', group: 'Group' };
  return `${label[section.kind]} ${section.name}`;
}

/** Required fields, checked when a section ends (as mbsync does). */
function checkSection(section: Section, file: string): void {
  const fail = (message: string) => {
    throw new ConfigError(file, section.line, `${sectionLabel(section)}: ${message}`);
  };
  if (section.kind === 'imap-account' || (section.kind === 'imap-store' && !section.account)) {
    const { host, user, userCommand } = section.fields;
    if (!host) fail(section.kind === 'imap-store' ? 'needs an Account or a Host' : 'has no Host');
    if (!user && !userCommand) fail('has no User or UserCmd');
  }
  if (section.kind === 'maildir-store' && section.subFolders === 'maildir++' && section.path) {
    fail('Path cannot be set with SubFolders Maildir++ (folders live under Inbox)');
  }
  if (section.kind === 'channel') {
    if (!section.far) fail('has no Far (Master) store');
    if (!section.near) fail('has no Near (Slave) store');
  }
}

function parseTls(v: string): TlsMode {
  switch (v.toLowerCase()) {
    case 'imaps': return 'imaps';
    case 'starttls': return 'starttls';
    case 'none': return 'none';
    default: throw new Error(`invalid value '${v}' (use IMAPS, STARTTLS or None)`);
  }
}

function parseSubFolders(v: string): 'verbatim' | 'maildir++' | 'legacy' {
  const style = v.toLowerCase();
  if (style === 'verbatim' || style === 'maildir++' || style === 'legacy') return style;
  throw new Error(`invalid value '${v}' (use Verbatim, Maildir++ or Legacy)`);
}

function describeSync(ops: SyncOps): [Outcome, string] {
  const pulled = [...ops.pull].filter((op) => op !== 'renew');
  const parts = [`pulls ${pulled.length ? pulled.join(', ') : 'nothing'}`];
  if (!ops.pull.has('new')) parts.push('new messages are always fetched');
  if (ops.push.size) parts.push('push ignored (pull-only)');
  return [ops.push.size || !ops.pull.has('new') ? 'warning' : 'mapped', parts.join('; ')];
}
