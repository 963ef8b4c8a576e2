// The bench's progress lines, on stderr (stdout carries the report).
export const log = (text: string) => process.stderr.write(`bench: ${text}\n`);
