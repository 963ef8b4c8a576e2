// mbsync 1.5's stand-in for a message over MaxSize (isync sync_msg_cvt.c, copy_msg_convert with
// `minimal`): the original's header with `[placeholder] ` before its Subject (or a Subject
// `[placeholder] (No Subject)` added) and an X-TUID line, then a fixed text as the whole body.
// The original's \Flagged is not carried (flagging a placeholder asks mbsync for the real message);
// a line of the body says it instead. Pure.

const SUBJECT = /^subject: ?\[placeholder\] /im;
const BODY =
  /^Having a size of \d+(\.\d)?[KM]iB, this message is over the MaxSize limit\.\r?\nFlag it and sync again \(Sync mode (ReNew|Upgrade)\) to fetch its real contents\.\r?\n(\r?\nThe original message is flagged as important\.\r?\n)?$/;

/** The bytes are a placeholder mbsync wrote, word for word as it writes one, not a message. */
export function isMbsyncPlaceholder(bytes: Buffer): boolean {
  const text = bytes.toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  if (end === null) return false;
  return SUBJECT.test(text.slice(0, end.index + 1)) && BODY.test(text.slice(end.index + end[0].length));
}
