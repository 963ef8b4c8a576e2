// One error type for every config problem: a single line that names the file (and line) at fault.

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  readonly line: number | undefined;

  /** `file` is the display path (already `~`-shortened); the message reads `file:line: text`. */
  constructor(file: string, line: number | undefined, text: string) {
    super(line === undefined ? `${file}: ${text}` : `${file}:${line}: ${text}`);
    this.file = file;
    this.line = line;
  }
}
