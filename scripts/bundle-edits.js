// Edits to dependencies that scripts/bundle.js makes in the bundle: each takes a cost that every
// start paid (Ink's before the first frame; libmime's in the index worker and the pager). The
// build fails if an edit finds its text nowhere (a dependency update would lose it unseen).

/** Text of one column per character in string-width: printable Latin, Greek and Cyrillic without combining marks. */
export const ONE_COLUMN =
  /^[\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0377\u037A-\u037F\u0384-\u038A\u038C\u038E-\u03A1\u03A3-\u0482\u048A-\u052F]*$/;

/** Each: in the file whose path matches `file`, the text `from` becomes `to`. */
export const EDITS = [
  {
    // Yoga (Ink's layout) fetches its WebAssembly from a data: URL, which first loads all of
    // Node's fetch (undici): ~50 ms. With no fetch in its scope it decodes the same bytes itself.
    file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    from: 'var loadYoga = (() => {',
    to: 'const fetch = undefined;\nvar loadYoga = (() => {',
  },
  {
    // string-width tests every non-ASCII grapheme against /^\p{RGI_Emoji}$/v, which V8 takes
    // ~60 ms to compile on first use. An RGI emoji always holds a non-ASCII character and one
    // with the Emoji property: only such a grapheme needs the full test (same answers).
    file: /string-width[\\/]index\.js$/,
    from: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    to: `let fullRgiEmojiRegex;
const rgiEmojiRegex = {
  test: (text) =>
    /[^\\x00-\\x7F]/.test(text) && /\\p{Emoji}/u.test(text) && (fullRgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(text),
};`,
  },
  {
    // string-width's fast path takes printable ASCII alone: any other line (a name with an umlaut,
    // a Cyrillic subject) went through grapheme segmentation, the most of a first frame's CPU.
    // Latin, Greek and Cyrillic letters without combining marks are one column each (as
    // test/scripts/bundle-edits.test.ts checks against string-width itself).
    file: /string-width[\\/]index\.js$/,
    from: '\tif (/^[\\u0020-\\u007E]*$/.test(string)) {',
    to: `\tif (/^[\\u0020-\\u007E]*$/.test(string) || (ambiguousIsNarrow && ${ONE_COLUMN}.test(string))) {`,
  },
  {
    // Ink turns every line of a frame into cells and back into text, finding the codes between
    // each two neighbouring cells (three Sets and five arrays per cell: ~a third of a first
    // frame's drawing). Neighbours of the same style need none: the diff of equal styles is empty.
    file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
    from: `        else {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }`,
    to: `        else if (!sameStyles(chars[i - 1].styles, char.styles)) {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }`,
  },
  {
    file: /@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/,
    from: 'export function styledCharsToString(chars) {',
    to: `const sameStyles = (a, b) =>
    a.length === b.length && a.every((code, i) => code.code === b[i].code && code.endCode === b[i].endCode);
export function styledCharsToString(chars) {`,
  },
  // libmime builds iconv-lite's GBK codec (its tables: ~60 ms) and loads all of iconv-lite's
  // encodings (~30 ms) when it loads, for two lookups that only decoding a non-UTF-8 stream makes.
  // The byte-order one is made on first use instead, and the double-byte one needs no codec built
  // (the same objects, so the same answers).
  ...[
    { dir: 'esm', iconv: 'iconv' },
    { dir: 'cjs', iconv: 'iconv_lite_1.default' },
  ].flatMap(({ dir, iconv }) => {
    const file = new RegExp(`libmime[\\\\/]dist[\\\\/]${dir}[\\\\/]charset\\.js$`);
    return [
      {
        file,
        from: `const DBCS_DECODER = ${iconv}.getCodec('gbk').decoder;`,
        // The class every double-byte codec's decoder is, read without building a codec (the codec
        // being looked up has loaded iconv-lite's encodings): asking GBK for it built its tables.
        to: `const isDbcsDecoder = (decoder) => decoder === ${iconv}.encodings._dbcs.prototype.decoder;`,
      },
      {
        file,
        from: `const BYTE_ORDER_GUESSING = new Map([
    [${iconv}.getCodec('utf-16'), 200],
    [${iconv}.getCodec('utf-32'), 400]
]);`,
        to: `let byteOrderGuessing;
const BYTE_ORDER_GUESSING = {
    get: (codec) =>
        (byteOrderGuessing ??= new Map([[${iconv}.getCodec('utf-16'), 200], [${iconv}.getCodec('utf-32'), 400]])).get(codec),
};`,
      },
    ];
  }),
  {
    file: /libmime[\\/]dist[\\/](esm|cjs)[\\/]charset\.js$/,
    from: 'if (codec.decoder === DBCS_DECODER) {',
    to: 'if (isDbcsDecoder(codec.decoder)) {',
  },
];
