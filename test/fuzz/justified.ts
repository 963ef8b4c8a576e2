// Every class of difference between mailkeep's parser and imapflow's that the fuzzer may meet, with
// why it is right (DIFFERENCES.md is the same table for readers). A class not listed fails the run.

/** The justification of a class of difference, if it has one. */
export function justification(kind: string): string | undefined {
  if (/^both parse, .* differs \(NUL in the line\)$/.test(kind))
    return JUSTIFIED['both parse, a field differs (NUL in the line)'];
  // Whatever imapflow makes of a line that starts with `+` (+* STATUS, +* LIST, +[, +M29 NO).
  if (/^both parse, kind continuation\/[\w-]+ differs$/.test(kind))
    return JUSTIFIED['both parse, kind continuation/X differs'];
  return JUSTIFIED[kind];
}

export const JUSTIFIED: Record<string, string> = {
  'ours refuses, imapflow parses: UID N out of range':
    'UID 0 or above 2^32-1 is not a UID (RFC 3501 §2.3.1.1); it would end up in file names and state.',
  'ours refuses, imapflow parses: lists nested deeper than N':
    'No real response nests 100 lists; the limit keeps recursion bounded (imapflow allows more).',
  'ours refuses, imapflow parses: expected a FETCH item':
    'A FETCH item name of other characters than letters, digits, dots, dashes (+ section) is broken; guessing would misread what follows.',
  'ours refuses, imapflow parses: bad completion word':
    "A tagged line must end in OK, NO or BAD (RFC 3501 §7.1); anything else leaves the command's result unknown.",
  'ours refuses, imapflow parses: expected a number':
    'Numbers (UID, RFC822.SIZE) must be digits; imapflow keeps the atom as text.',
  'ours refuses, imapflow parses: expected (':
    'FLAGS, MODSEQ and the FETCH item list must be lists; imapflow reads a lone atom.',
  'ours refuses, imapflow parses: expected an atom':
    'A value is missing where the grammar needs one (mutated spacing); imapflow skips it.',
  'ours refuses, imapflow parses: response ended early':
    'A LIST/STATUS without its name: imapflow reports a NIL name, mailkeep refuses the line.',
  'ours refuses, imapflow parses: FETCH without (':
    'A FETCH line cut by a bare LF: its first half is no FETCH; imapflow returns it empty.',
  'ours refuses, imapflow parses: control character in an atom':
    'CTLs are in no atom (RFC 3501); a bare CR inside one is a broken line.',
  'ours refuses, imapflow parses: FLAGS holds a non-atom':
    'A flag is an atom (RFC 3501 flag-keyword); a string or list in FLAGS costs that message only.',
  'ours refuses, imapflow parses: unterminated section':
    'A FETCH item BODY[ without its ] is broken; names with [ elsewhere (mailbox names) are atoms.',
  'ours refuses, imapflow parses: literal inside a quoted string':
    'A quoted string holds no CRLF (RFC 3501 §4.3), so a {n} line end inside one is a cut line; imapflow inlines the literal.',
  'both parse, a field differs (NUL in the line)':
    'A NUL is no IMAP text (RFC 3501 CHAR8 excludes it): in a line it becomes U+FFFD (the framer marks literals with NUL); bodies come as literals, byte-exact.',
  'both parse, continuation.text differs':
    'A line ending in {n} is read with its literal (the framer cannot know before the line ends); text never holds one, garbage either way.',
  'both parse, status.text differs': 'The same for the free text of a status response.',
  'both parse, tagged.text differs': 'The same for the free text of a tagged response.',
  'both parse, kind continuation/X differs':
    'A line starting with + is a continuation (RFC 3501 §7.5), with or without the space after it, whatever follows (+* STATUS, +* LIST, +* 12 FETCH, +[, +M29 NO); imapflow reads it as that response or a tag.',
  'both parse, list.name differs':
    'A mailbox name is an astring: BODY[] is the name BODY[] (mailkeep backs it up as listed); imapflow reads a section and keeps BODY.',
  'both parse, fetch.flags differs':
    'A flag with a backslash inside (\\Fl\\Flagged, malformed): mailkeep keeps one odd keyword, imapflow splits it in two.',
  'both parse, data.name differs':
    'An untagged response neither side uses (* UID ALL 1:3, garbage) is named by its first atom; imapflow joins UID to the word after it, as in its UID FETCH.',
  'both parse, status-data.name differs':
    'A STATUS name like Body[o]ld is an atom for mailkeep (any listed name is backed up); imapflow reads a section.',
  'both parse, fetch.sections differs':
    'A section name is taken as written, nested parentheses included; mailkeep looks up only the sections it asked for.',
  'ours refuses, imapflow parses: expected a string':
    'A LIST delimiter or name that is a list is no string; imapflow shifts the values.',
  'imapflow refuses, ours parses data':
    'Responses mailkeep does not use (ID, ESEARCH, CAPABILITY, FLAGS, ...) are read only as far as their name.',
  'imapflow refuses, ours parses list':
    'Mailbox names with [ or ] (Body[old, BODY[, Foo]Bar) are atoms (Dovecot sends them so); imapflow reads a section.',
  'imapflow refuses, ours parses status-data':
    'The same names in STATUS; and items mailkeep does not use are not checked.',
  'imapflow refuses, ours parses fetch':
    'Items mailkeep does not use (BODYSTRUCTURE, X-GM-LABELS) are skipped as values, spacing quirks included; imapflow parses their structure.',
  'imapflow refuses, ours parses continuation':
    "A continuation's text is the SASL challenge, taken as is (base64 or free text).",
  'imapflow refuses, ours parses tagged':
    'A tag with 8-bit bytes is read as a tag; the connection then refuses it as an unknown tag.',
  'imapflow refuses, ours parses status': 'The text after a status response code is free text, taken as is.',
  'both parse, list.flags differs':
    'A literal inside a LIST flag list is no flag (flags are atoms): mailkeep drops it, imapflow keeps its text.',
  'both parse, tagged.code differs':
    'A literal inside a [response code] (not allowed there): the code is garbage either way.',
  'both parse, status.code differs': 'The same for an untagged status response code.',
  'framing: ours stream error (server sent a response longer than N bytes) / imapflow more responses':
    'Our line limit counts a whole response (all its lines around literals); imapflow counts each line: both bound memory.',
  'framing: ours no stream error / imapflow more responses':
    'A literal announced as {n} followed by a stray CR before its CRLF ({4}\\r\\r\\n: a server that doubles CRs) is read as the literal, whose bytes are then awaited; imapflow refuses the line.',
  'framing: ours more responses / imapflow stream error (LineTooLarge)':
    'The other side of the same limit: a line just under the limit whose response is split by literals.',
};
