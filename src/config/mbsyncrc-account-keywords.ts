// The connection keywords of an IMAPAccount (also valid inline in an IMAPStore).
import type { KeywordHandler, KeywordTable, Line, LineContext } from './mbsyncrc-context.js';
import type { ImapAccountFields } from './mbsyncrc-sections.js';
import { parseBool, parseInteger, parseMinTlsVersion, TLS_DEFAULTS } from './mbsyncrc-values.js';
import type { TlsMode } from './types.js';

/** mbsync refuses the pre-1.2 TLS options (UseIMAPS, RequireSSL, UseTLSv1.x) beside SSLType/SSLVersions. */
const noLegacyTls = (fields: ImapAccountFields, at: Line, ctx: LineContext) => {
  if (fields.legacyTlsLine !== undefined)
    ctx.fail(at, `${at.keyword} cannot be combined with line ${fields.legacyTlsLine} (UseIMAPS, RequireSSL, UseTLS*)`);
};

const tlsType: KeywordHandler<ImapAccountFields> = (fields, at, ctx) => {
  noLegacyTls(fields, at, ctx);
  fields.tls = ctx.value(at, parseTls);
  ctx.record(at, 'mapped', `tls: ${fields.tls}`);
};

const tlsVersions: KeywordHandler<ImapAccountFields> = (fields, at, ctx) => {
  noLegacyTls(fields, at, ctx);
  const args = ctx.some(at);
  const since15 = at.keyword.toLowerCase() === 'tlsversions';
  let parsed: ReturnType<typeof parseMinTlsVersion>;
  try {
    parsed = parseMinTlsVersion(args, since15 ? TLS_DEFAULTS.mbsync15 : TLS_DEFAULTS.mbsync14);
  } catch (error) {
    return ctx.fail(at, `${at.keyword}: ${(error as Error).message}`);
  }
  fields.minTlsVersion = parsed.min;
  if (parsed.unsupported.length) ctx.record(at, 'warning', `SSLv3 is not supported; minimum TLS: ${parsed.min}`);
  else ctx.record(at, 'mapped', `minimum TLS: ${parsed.min}`);
};

/** `UseIMAPS`, `RequireSSL`, `UseTLSv1.x` (before mbsync 1.2): only `UseIMAPS yes` changes what mailkeep does. */
const legacyTls: KeywordHandler<ImapAccountFields> = (fields, at, ctx) => {
  const on = ctx.value(at, parseBool);
  if (fields.tls !== undefined || fields.minTlsVersion !== undefined)
    ctx.fail(at, `${at.keyword} cannot be combined with SSLType, SSLVersions or an imaps: Host`);
  fields.legacyTlsLine ??= at.line;
  const imaps = at.keyword.toLowerCase() === 'useimaps' && on;
  if (imaps) fields.legacyImaps = true;
  ctx.record(at, imaps ? 'mapped' : 'ignored', imaps ? 'tls: imaps' : 'old TLS option; mailkeep uses TLS 1.2 or newer');
};

const authMechs: KeywordHandler<ImapAccountFields> = (fields, at, ctx) => {
  // In listed order; `*` stands for any other the server offers, in its place (`XOAUTH2 *`).
  const mechs = ctx.some(at).map((m) => m.toUpperCase());
  fields.authMechs = mechs.every((m) => m === '*') ? [] : mechs;
  ctx.record(at, 'mapped', `auth: ${fields.authMechs.join(' ') || 'any'}`);
};

export const ACCOUNT_KEYWORDS: KeywordTable<ImapAccountFields> = {
  host(fields, at, ctx) {
    // mbsync still reads the old URL notation: `imaps:host` (IMAPS), `imap:host`, `//host`.
    const url = /^(imaps?:)?(\/\/)?(.*)$/.exec(ctx.one(at))!;
    fields.host = url[3]!;
    if (url[1] === 'imaps:') fields.tls = 'imaps';
    ctx.record(at, 'mapped', `host: ${fields.host}${url[1] === 'imaps:' ? '; tls: imaps' : ''}`);
  },
  tunnel(fields, at, ctx) {
    fields.tunnel = ctx.one(at);
    ctx.record(at, 'mapped', `tunnel: ${fields.tunnel}`);
  },
  port(fields, at, ctx) {
    fields.port = ctx.value(at, (v) => parseInteger(v, 1, 65535));
    ctx.record(at, 'mapped', `port: ${fields.port}`);
  },
  user(fields, at, ctx) {
    if (fields.userCommand !== undefined) ctx.fail(at, 'User and UserCmd cannot both be given (mbsync refuses it too)');
    fields.user = ctx.one(at);
    ctx.record(at, 'mapped', `user: ${fields.user}`);
  },
  usercmd(fields, at, ctx) {
    if (fields.user !== undefined) ctx.fail(at, 'User and UserCmd cannot both be given (mbsync refuses it too)');
    fields.userCommand = ctx.one(at).replace(/^\+/, '');
    ctx.record(at, 'mapped', 'user: from command');
  },
  pass(fields, at, ctx) {
    if (fields.password?.kind === 'command')
      ctx.fail(at, 'Pass and PassCmd cannot both be given (mbsync refuses it too)');
    fields.password = { kind: 'plain', password: ctx.one(at) };
    ctx.record(at, 'warning', 'password copied as plain text (prefer PassCmd)');
  },
  passcmd(fields, at, ctx) {
    if (fields.password?.kind === 'plain')
      ctx.fail(at, 'Pass and PassCmd cannot both be given (mbsync refuses it too)');
    fields.password = { kind: 'command', command: ctx.one(at).replace(/^\+/, '') };
    ctx.record(at, 'mapped', 'password: from command');
  },
  ssltype: tlsType,
  tlstype: tlsType,
  sslversion: tlsVersions,
  sslversions: tlsVersions,
  tlsversions: tlsVersions,
  certificatefile(fields, at, ctx) {
    fields.certificateFile = ctx.localPath(at);
    ctx.record(at, 'mapped', `trust certificates in ${fields.certificateFile}`);
  },
  systemcertificates(fields, at, ctx) {
    fields.systemCertificates = ctx.value(at, parseBool);
    ctx.record(at, 'mapped', `system certificates: ${fields.systemCertificates ? 'yes' : 'no'}`);
  },
  authmech: authMechs,
  authmechs: authMechs,
  useimaps: legacyTls,
  requiressl: legacyTls,
  usetlsv1: legacyTls,
  'usetlsv1.1': legacyTls,
  'usetlsv1.2': legacyTls,
  'usetlsv1.3': legacyTls,
  pipelinedepth(fields, at, ctx) {
    fields.pipelineDepth = ctx.value(at, (v) => parseInteger(v, 1, 1_000_000));
    ctx.record(at, 'mapped', `concurrency: at most ${fields.pipelineDepth} connection(s)`);
  },
  timeout(fields, at, ctx) {
    fields.timeoutSeconds = ctx.value(at, (v) => parseInteger(v, 0, 86_400));
    ctx.record(at, 'mapped', `timeout: ${fields.timeoutSeconds ? `${fields.timeoutSeconds} s` : 'none'}`);
  },
};

function parseTls(v: string): TlsMode {
  switch (v.toLowerCase()) {
    case 'imaps':
      return 'imaps';
    case 'starttls':
      return 'starttls';
    case 'none':
      return 'none';
    default:
      throw new Error(`invalid value '${v}' (use IMAPS, STARTTLS or None)`);
  }
}
