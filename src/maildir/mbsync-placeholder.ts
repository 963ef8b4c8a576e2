// mbsync 1.5's stand-in for a message over MaxSize (isync sync_msg_cvt.c, copy_msg_convert with
// `minimal`): the original's header with `[placeholder] ` before its Subject (or a Subject
// `[placeholder] (No Subject)` added) and an X-TUID line, then a fixed text as the whole body.
// The original's \Flagged is not carried (flagging a placeholder asks mbsync for the real message);
// a line of the body says it instead. Pure.

const SUBJECT = /^subject: ?\[placeholder\] /im;
const BODY =
  /^Having a size of (\d+(?:\.\d)?)([KM])iB, this message is over the MaxSize limit\.\r?\nFlag it and sync again \(Sync mode (?:ReNew|Upgrade)\) to fetch its real contents\.\r?\n(\r?\nThe original message is flagged as important\.\r?\n)?$/;
const ENDING = /(contents|important)\.\r?\n$/;
const MIB = 1048576;

/** The bytes are a placeholder mbsync wrote, word for word as it writes one, not a message. */
export function isMbsyncPlaceholder(bytes: Buffer): boolean {
  return mbsyncPlaceholderSize(bytes) !== undefined;
}

/**
 * The server size a placeholder states its message has (`%dKiB` under 1,024,000 bytes, else
 * `%.1fMiB`, rounded either way at a tie), as a range; undefined when the bytes are no placeholder.
 */
export function mbsyncPlaceholderSize(bytes: Buffer): { min: number; max: number } | undefined {
  // Most files are messages: their last bytes rule them out without reading them as text.
  if (!ENDING.test(bytes.subarray(-16).toString('latin1'))) return undefined;
  const text = bytes.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  if (end === null || !SUBJECT.test(text.slice(0, end.index + 1))) return undefined;
  const stated = BODY.exec(text.slice(end.index + end[0].length));
  if (stated === null) return undefined;
  const amount = Number(stated[1]);
  if (stated[2] === 'K') return { min: amount * 1024, max: amount * 1024 + 1023 };
  return { min: Math.max(1024000, Math.ceil((amount - 0.05) * MIB)), max: Math.floor((amount + 0.05) * MIB) };
}
