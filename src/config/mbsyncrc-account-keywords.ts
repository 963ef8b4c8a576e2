// The connection keywords of an IMAPAccount (also valid inline in an IMAPStore).
import type { KeywordHandler, KeywordTable } from './mbsyncrc-context.js';
import type { ImapAccountFields } from './mbsyncrc-sections.js';
import { parseBool, parseInteger, parseMinTlsVersion } from './mbsyncrc-values.js';
import type { TlsMode } from './types.js';

const tlsType: KeywordHandler<ImapAccountFields> = (fields, at, ctx) => {
  fields.tls = ctx.value(at, parseTls);
  ctx.record(at, 'mapped', `tls: ${fields.tls}`);
};

const tlsVersions: KeywordHandler<ImapAccountFields> = (fields, at, ctx) => {
  const args = ctx.some(at);
  let parsed: ReturnType<typeof parseMinTlsVersion>;
  try {
    parsed = parseMinTlsVersion(args);
  } catch (error) {
    return ctx.fail(at, `${at.keyword}: ${(error as Error).message}`);
  }
  fields.minTlsVersion = parsed.min;
  if (parsed.unsupported.length) ctx.record(at, 'warning', `SSLv3 is not supported; minimum TLS: ${parsed.min}`);
  else ctx.record(at, 'mapped', `minimum TLS: ${parsed.min}`);
};

export const ACCOUNT_KEYWORDS: KeywordTable<ImapAccountFields> = {
  host(fields, at, ctx) {
    fields.host = ctx.one(at);
    ctx.record(at, 'mapped', `host: ${fields.host}`);
  },
  port(fields, at, ctx) {
    fields.port = ctx.value(at, (v) => parseInteger(v, 1, 65535));
    ctx.record(at, 'mapped', `port: ${fields.port}`);
  },
  user(fields, at, ctx) {
    fields.user = ctx.one(at);
    ctx.record(at, 'mapped', `user: ${fields.user}`);
  },
  usercmd(fields, at, ctx) {
    fields.userCommand = ctx.one(at).replace(/^\+/, '');
    ctx.record(at, 'mapped', 'user: from command');
  },
  pass(fields, at, ctx) {
    fields.password = { kind: 'plain', password: ctx.one(at) };
    ctx.record(at, 'warning', 'password copied as plain text (prefer PassCmd)');
  },
  passcmd(fields, at, ctx) {
    fields.password = { kind: 'command', command: ctx.one(at).replace(/^\+/, '') };
    ctx.record(at, 'mapped', 'password: from command');
  },
  ssltype: tlsType,
  tlstype: tlsType,
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
  authmechs(fields, at, ctx) {
    // In listed order; `*` stands for any other the server offers, in its place (`XOAUTH2 *`).
    const mechs = ctx.some(at).map((m) => m.toUpperCase());
    fields.authMechs = mechs.every((m) => m === '*') ? [] : mechs;
    ctx.record(at, 'mapped', `auth: ${fields.authMechs.join(' ') || 'any'}`);
  },
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
