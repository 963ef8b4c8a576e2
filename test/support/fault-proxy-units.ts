// The fault proxy's edits of whole IMAP units on their way through: a line written anew, a
// capability taken out, a client command with the hostile LIST aliases mapped back.
import { encodeAstring, replaceLiteral, type ImapUnit } from './imap-stream.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function textUnit(text: string): ImapUnit {
  return { segments: [{ kind: 'line', data: Buffer.from(text, 'latin1') }] };
}

export function stripCapability(unit: ImapUnit, capability: string): ImapUnit {
  const token = new RegExp(` ${escapeRegExp(capability)}(?=[ \\]\\r])`, 'gi');
  return {
    segments: unit.segments.map((s) =>
      s.kind === 'line' && /CAPABILITY/i.test(s.data.toString('latin1'))
        ? { kind: 'line', data: Buffer.from(s.data.toString('latin1').replace(token, ''), 'latin1') }
        : s,
    ),
  };
}

/** Client commands go on with the hostile alias names mapped back and every literal non-synchronizing. */
export function forwardCommand(unit: ImapUnit, aliases: Map<string, string>): ImapUnit {
  const segments = unit.segments.map((s) => ({ ...s }));
  const out: ImapUnit = { segments };
  segments.forEach((s, i) => {
    if (s.kind === 'literal') {
      const real = aliases.get(s.data.toString('latin1'));
      if (real !== undefined) replaceLiteral(out, i, Buffer.from(real, 'latin1'));
    }
  });
  for (const s of segments) {
    if (s.kind !== 'line') continue;
    let text = s.data.toString('latin1');
    for (const [alias, real] of aliases) {
      const quoted = encodeAstring(alias);
      if (quoted.literal !== undefined) continue;
      // As a quoted string or as a bare atom between spaces / parentheses.
      const token = new RegExp(`${escapeRegExp(quoted.line)}|(?<=[ (])${escapeRegExp(alias)}(?=[ )\r])`, 'g');
      text = text.replace(token, encodeAstring(real).line);
    }
    s.data = Buffer.from(text.replace(/\{(\d+)\}\r\n$/, '{$1+}\r\n'), 'latin1');
  }
  return out;
}
