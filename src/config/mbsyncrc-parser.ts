// Reads an mbsyncrc unchanged into mailkeep accounts (one per Channel). Pure: no file or
// process access. Anything that would write to the server is ignored with a warning.
import path from 'node:path';
import type { AccountConfig } from './types.js';
import { ConfigError } from './errors.js';
import { lexMbsyncrc } from './mbsyncrc-lexer.js';
import { tildify, type PathEnv } from './paths.js';
import { resolveChannels } from './mbsyncrc-resolve.js';
import { ACCOUNT_KEYWORDS } from './mbsyncrc-account-keywords.js';
import { applyChannelKeyword, CHANNEL_OPTION_KEYWORDS } from './mbsyncrc-channel-keywords.js';
import { applyKeyword, lineContext, type Line, type LineContext } from './mbsyncrc-context.js';
import type { ChannelOptions, GroupSection, MappingEntry, Section } from './mbsyncrc-sections.js';
import { applyImapStoreKeyword, GROUP_KEYWORDS, MAILDIR_STORE_KEYWORDS } from './mbsyncrc-store-keywords.js';

export type { MappingEntry } from './mbsyncrc-sections.js';

export interface MbsyncrcOptions extends PathEnv {
  /** The file's path, used in messages (shortened to `~/...`) and as the base of relative paths. */
  path: string;
}

export interface ParsedMbsyncrc {
  accounts: AccountConfig[];
  groups: Record<string, string[]>;
  warnings: string[];
  mapping: MappingEntry[];
}

/** Each section's keyword (case-insensitive), as mbsync spells it, and its note in the import report. */
const SECTION_KINDS: Record<Section['kind'], { label: string; note: string }> = {
  'imap-account': { label: 'IMAPAccount', note: 'server login settings' },
  'imap-store': { label: 'IMAPStore', note: 'server side of a channel' },
  'maildir-store': { label: 'MaildirStore', note: 'local Maildir side of a channel' },
  channel: { label: 'Channel', note: 'one mailkeep account' },
  group: { label: 'Group', note: 'channel group' },
};
const SECTION_KEYWORDS = new Map(
  Object.entries(SECTION_KINDS).map(([kind, { label }]) => [label.toLowerCase(), kind as Section['kind']]),
);

const NOT_SUPPORTED = new Set(['usekeychain', 'clientcertificate', 'clientkey', 'requirecram']);
const HARMLESS = new Set([
  'cipherstring',
  'disableextension',
  'disableextensions',
  'pathdelimiter',
  'subscribedonly',
  'trash',
  'trashnewonly',
  'trashremotenew',
  'mapinbox',
  'infodelimiter',
  'fsync',
  'bufferlimit',
  'usesslv2',
  'usesslv3',
]);

export function parseMbsyncrc(text: string, opts: MbsyncrcOptions): ParsedMbsyncrc {
  const file = tildify(opts.path, opts.home);
  const mapping: MappingEntry[] = [];
  const warnings: string[] = [];
  // Relative local paths start at the file's directory, as in isync 1.5 (config.c expand_strdup); 1.4
  // took mbsync's working directory, the same for ~/.mbsyncrc run from home.
  const base = path.dirname(path.resolve(opts.home, opts.path));
  const ctx = lineContext(file, opts, base, { mapping, warnings });
  const { sections, globals } = readSections(text, ctx);
  const warn = (line: number, message: string) => warnings.push(`${file}:${line}: ${message}`);
  const accounts = resolveChannels(sections, globals, { file, pathEnv: opts, warn });
  return { accounts, groups: resolveGroups(sections, warn), warnings, mapping };
}

/** The sections in file order, and the channel options written before any section. */
function readSections(text: string, ctx: LineContext): { sections: Section[]; globals: ChannelOptions } {
  const sections: Section[] = [];
  const globals: ChannelOptions = {};
  let current: Section | undefined;
  for (const item of lexMbsyncrc(text, ctx.file)) {
    if (item.kind === 'blank') {
      if (current) checkSection(current, ctx.file);
      current = undefined;
      continue;
    }
    const key = item.keyword.toLowerCase();
    const sectionKind = SECTION_KEYWORDS.get(key);
    if (current) {
      if (applySectionKeyword(current, item, ctx)) continue;
      if (sectionKind) {
        ctx.fail(item, `${item.keyword} starts a new section: end ${sectionLabel(current)} with an empty line first`);
      }
    } else if (sectionKind) {
      current = openSection(sectionKind, item, sections, ctx);
      continue;
    } else if (key === 'fielddelimiter') {
      globals.fieldDelimiter = ctx.value(item, parseFieldDelimiter);
      ctx.record(item, 'mapped', `mbsync's state files are named with '${globals.fieldDelimiter}'`);
      continue;
    } else if (applyKeyword(CHANNEL_OPTION_KEYWORDS, { options: globals, isGlobal: true }, item, ctx)) {
      // mbsync refuses them there: they would apply to the channels above too.
      if (sections.length) ctx.fail(item, `${item.keyword}: global options must come before the first section`);
      continue;
    }
    if (NOT_SUPPORTED.has(key)) ctx.record(item, 'warning', 'not supported by mailkeep; ignored');
    else if (HARMLESS.has(key)) ctx.record(item, 'ignored', 'not needed by mailkeep');
    // As in mbsync: a misspelt keyword (`Patern *`) must not quietly change what is backed up.
    else ctx.fail(item, `${item.keyword}: unknown keyword${current ? ` in ${sectionLabel(current)}` : ''}`);
  }
  if (current) checkSection(current, ctx.file);
  return { sections, globals };
}

/** mbsync's FieldDelimiter: one punctuation character (config.c load_config). */
function parseFieldDelimiter(value: string): string {
  if (!/^[!-/:-@[-`{-~]$/.test(value)) throw new Error(`must be one punctuation character, found '${value}'`);
  return value;
}

function applySectionKeyword(section: Section, at: Line, ctx: LineContext): boolean {
  switch (section.kind) {
    case 'imap-account':
      return applyKeyword(ACCOUNT_KEYWORDS, section.fields, at, ctx);
    case 'imap-store':
      return applyImapStoreKeyword(section, at, ctx);
    case 'maildir-store':
      return applyKeyword(MAILDIR_STORE_KEYWORDS, section, at, ctx);
    case 'channel':
      return applyChannelKeyword(section, at, ctx);
    case 'group':
      return applyKeyword(GROUP_KEYWORDS, section, at, ctx);
  }
}

function openSection(kind: Section['kind'], at: Line, sections: Section[], ctx: LineContext): Section {
  const name = at.args[0];
  if (!name) return ctx.fail(at, `${at.keyword} needs a name`);
  const earlier = sections.find((s) => s.kind === kind && s.name === name);
  // mbsync takes a Group's first definition and ignores another; a second Channel or store of one
  // name would make two accounts (or folders) of one name, which mailkeep refuses.
  if (earlier && kind === 'group') {
    ctx.record(at, 'warning', `'${name}' is defined again; the first (line ${earlier.line}) is used, as in mbsync`);
  } else if (earlier) {
    ctx.fail(at, `${at.keyword} '${name}' is defined twice`);
  }
  if (kind !== 'group' && at.args.length > 1) ctx.fail(at, `${at.keyword} takes one name, found extra '${at.args[1]}'`);
  const base = { name, line: at.line };
  const section: Section =
    kind === 'imap-account' || kind === 'imap-store'
      ? { kind, ...base, fields: {} }
      : kind === 'group'
        ? { kind, ...base, channels: at.args.slice(1).map((spec) => ({ spec, line: at.line })) }
        : { kind, ...base };
  sections.push(section);
  ctx.record(at, 'mapped', SECTION_KINDS[kind].note);
  return section;
}

function sectionLabel(section: Section): string {
  return `${SECTION_KINDS[section.kind].label} ${section.name}`;
}

/** Required fields, checked when a section ends (as mbsync does). */
function checkSection(section: Section, file: string): void {
  const fail = (message: string) => {
    throw new ConfigError(file, section.line, `${sectionLabel(section)}: ${message}`);
  };
  if (section.kind === 'imap-store' && section.account && Object.keys(section.fields).length) {
    fail('has both Account and account settings (Host, User, ...); mbsync refuses it too');
  }
  if (section.kind === 'imap-account' || (section.kind === 'imap-store' && !section.account)) {
    const { host, user, userCommand, tunnel, tls, legacyImaps } = section.fields;
    if (!host && !tunnel)
      fail(section.kind === 'imap-store' ? 'needs an Account, a Host or a Tunnel' : 'has no Host or Tunnel');
    // Through a Tunnel, TLS (not the default there) checks the certificate against Host.
    if (tunnel && !host && ((tls !== undefined && tls !== 'none') || legacyImaps))
      fail("needs Host with Tunnel and SSLType IMAPS or STARTTLS, to check the server's certificate");
    // A Tunnel to the server's imap binary is logged in already (PREAUTH): no User needed.
    if (!user && !userCommand && !tunnel) fail('has no User or UserCmd');
  }
  if (section.kind === 'maildir-store' && section.subFolders === 'maildir++' && section.path) {
    fail('Path cannot be set with SubFolders Maildir++ (folders live under Inbox)');
  }
  if (section.kind === 'channel') {
    if (!section.far) fail('has no Far (Master) store');
    if (!section.near) fail('has no Near (Slave) store');
  }
}

/** Group name → its channel specs; a spec naming no Channel is warned about. */
function resolveGroups(sections: Section[], warn: (line: number, message: string) => void): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const group of sections.filter((s): s is GroupSection => s.kind === 'group')) {
    if (Object.hasOwn(groups, group.name)) continue;
    groups[group.name] = group.channels.map((c) => c.spec);
    for (const { spec, line } of group.channels) {
      const channel = spec.split(':')[0]!;
      if (!sections.some((s) => s.kind === 'channel' && s.name === channel)) {
        warn(line, `Group ${group.name}: unknown Channel '${channel}'`);
      }
    }
  }
  return groups;
}
