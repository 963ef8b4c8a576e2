// Whether a session asks for COMPRESS=DEFLATE (pure). Deflate trades CPU on both ends for bytes
// on the line: across a network line (tens of Mbit/s) the bytes are what costs, so it is used
// wherever offered; to a server on this machine the line is free and the CPU is not, so it is
// left off. A loopback address that is slow to answer is a tunnel to a distant server: compressed.

/** A server answering within this is on this machine (or next to it), not across a network line. */
export const LOCAL_ANSWER_MS = 20;

/** A loopback server that answers quickly runs on this machine; a slow one is a tunnel to a distant one. */
export function onThisMachine(loopback: boolean, answerMs: number): boolean {
  return loopback && answerMs < LOCAL_ANSWER_MS;
}

export interface CompressChoice {
  use: boolean;
  /** The rule that decided, for --verbose. */
  why: string;
}

export function chooseCompression(options: {
  /** The account's `compress:` (false also with --no-compress); undefined: by the rule. */
  setting: boolean | undefined;
  offered: boolean;
  /** The peer is a loopback address. */
  loopback: boolean;
  /**
   * The quicker of the server's first answers (the greeting after TLS, the login): at least one
   * round trip, plus the server's own work, which a busy machine stretches.
   */
  answerMs: number;
}): CompressChoice {
  const { setting, offered, loopback, answerMs } = options;
  if (setting === false) return { use: false, why: 'COMPRESS off (compress: false or --no-compress)' };
  if (!offered) return { use: false, why: 'COMPRESS off (the server does not offer COMPRESS=DEFLATE)' };
  if (setting === true) return { use: true, why: 'COMPRESS=DEFLATE on (compress: true)' };
  const answered = `, answered in ${Math.round(answerMs)} ms`;
  if (onThisMachine(loopback, answerMs))
    return {
      use: false,
      why: `COMPRESS off: the server is on this machine (loopback${answered}; compress: true overrides)`,
    };
  const where = loopback ? `a loopback tunnel${answered}` : 'a network server';
  return { use: true, why: `COMPRESS=DEFLATE on (${where}; --no-compress or compress: false turns it off)` };
}
