// LIST on the fake IMAP server: its patterns (one, or LIST-EXTENDED's several), and LIST-STATUS.
import { statusOf } from './fake-imap-mailboxes.js';
import type { FakeImapContext } from './fake-imap-types.js';
import type { ScriptedConnection } from './scripted-server.js';

export function list({ profile, mailboxes }: FakeImapContext, c: ScriptedConnection, tag: string, rest: string) {
  const withStatus = /RETURN \(STATUS/i.test(rest);
  if (withStatus && profile.refusesListStatus) return c.write(`${tag} BAD Unknown argument\r\n`);
  if (/^""\s+\(/.test(rest) && profile.refusesPatternList) return c.write(`${tag} BAD Invalid pattern\r\n`);
  const matches = listPatternsMatcher(rest, profile.delimiter);
  for (const m of mailboxes.filter((x) => !x.unlisted && matches(x.name))) {
    c.write(`* LIST (${(m.attributes ?? []).join(' ')}) "${profile.delimiter}" ${m.listed}\r\n`);
    if (withStatus)
      c.write(m.statusRefused ? `* NO ${m.statusRefused}\r\n` : `* STATUS ${m.listed} ${statusOf(profile, m)}\r\n`);
  }
  return c.write(`${tag} OK LIST completed\r\n`);
}

/** The LIST's patterns (`"" "a*"` or, LIST-EXTENDED, `"" ("a*" "INBOX")`) as a test of a name. */
function listPatternsMatcher(args: string, delimiter: string): (name: string) => boolean {
  const patterns = [
    ...(/^""\s+(\([^)]*\)|"[^"]*"|\S+)/.exec(args)?.[1] ?? '"*"').matchAll(/"([^"]*)"|([^\s()"]+)/g),
  ].map((m) => m[1] ?? m[2]!);
  const regexes = patterns.map((pattern) => {
    const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
    const body = escaped.replaceAll('*', '.*').replaceAll('%', `[^${delimiter === '\\' ? '\\\\' : delimiter}]*`);
    return new RegExp(`^${body}$`, /^INBOX/i.test(pattern) ? 'i' : '');
  });
  return (name) => regexes.some((r) => r.test(name));
}
