// JSON.stringify escapes only C0 controls; DEL, C1 controls (8-bit CSI/OSC to some terminals),
// bidi overrides and U+2028/U+2029 (line breaks to JavaScript before ES2019) would pass raw.
const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** JSON.stringify, with the characters above as \uXXXX escapes: safe to print to a terminal or log. */
export function safeJsonStringify(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
