// Text from mail or from a server must never drive the terminal: a stray ESC can retitle the
// window, move the cursor or hide text; a bidi override can make "exe.txt" read "txt.exe".

export interface SanitizeOptions {
  /** Keep \n (and turn \t into spaces) instead of replacing them with a space. */
  keepNewlines?: boolean;
}

const TAB_WIDTH = 8;

// ESC-introduced sequences: OSC/DCS/SOS/PM/APC strings (to BEL or ST), CSI, then any 2-char escape.
// A string never ended loses only its introducer: what follows is text once the ESC is gone, and
// a stray one (or a C1 byte of a Latin-1 header, 0x9D in 'Caf\x9d au lait') hid the rest of the line.
const ESCAPE_SEQUENCE = /\u001b(?:[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)|\[[0-?]*[ -/]*[@-~]?|[ -/]*[0-~]?)/g;
// 8-bit C1 forms of OSC/DCS/SOS/PM/APC (strings ended by BEL or ST; none runs past the next
// introducer, so a text of many is read once) and CSI. An unended introducer goes as a control.
const C1_SEQUENCE =
  /[\u0090\u0098\u009d\u009e\u009f][^\u0007\u009c\u0090\u0098\u009d\u009e\u009f]*[\u0007\u009c]|\u009b[0-?]*[ -/]*[@-~]?/g;
const BIDI_CONTROLS = /[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_CHARS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// Half of a surrogate pair (a UTF-7 or UTF-16 word cut short): the terminal draws a U+FFFD Ink
// counts no cell, and SQLite stores it as three bytes read back as '���'.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function sanitizeForTerminal(s: string, options: SanitizeOptions = {}): string {
  let out = s
    .replace(LONE_SURROGATE, '\ufffd')
    .replace(ESCAPE_SEQUENCE, '')
    .replace(C1_SEQUENCE, '')
    .replace(BIDI_CONTROLS, '')
    .replace(/\r\n?/g, '\n');
  if (options.keepNewlines) {
    out = out.replace(CONTROL_CHARS, '');
    return out.includes('\t') ? out.split('\n').map(expandTabs).join('\n') : out;
  }
  return out.replace(/[\t\n]/g, ' ').replace(CONTROL_CHARS, '');
}

function expandTabs(line: string): string {
  let out = '';
  for (const ch of line) {
    out += ch === '\t' ? ' '.repeat(TAB_WIDTH - (out.length % TAB_WIDTH)) : ch;
  }
  return out;
}
