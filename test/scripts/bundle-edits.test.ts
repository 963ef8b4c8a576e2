// The bundle's edits (scripts/bundle-edits.js) answer as the code they edit does: string-width's
// fast path, ansi-tokenize's cells back to text, and libmime's charset decoding.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { runInThisContext } from 'node:vm';
import { styledCharsFromTokens, styledCharsToString, tokenize, type StyledChar } from '@alcalzone/ansi-tokenize';
import stringWidth from 'string-width';

interface Edit {
  file: RegExp;
  from: string;
  to: string;
}
const EDITS_URL = new URL('../../scripts/bundle-edits.js', import.meta.url).href;
const { ONE_COLUMN, EDITS } = (await import(EDITS_URL)) as { ONE_COLUMN: RegExp; EDITS: Edit[] };

/** A dependency's module with the bundle's edits made, loaded from a copy beside nothing (its imports made absolute). */
async function editedModule<T>(file: string, t: { after: (fn: () => void) => void }): Promise<T> {
  const edits = EDITS.filter((edit) => edit.file.test(file));
  assert.ok(edits.length > 0, `an edit for ${file}`);
  let text = readFileSync(file, 'utf8');
  for (const edit of edits) {
    assert.ok(text.includes(edit.from), `${edit.from} in ${file}`);
    text = text.replace(edit.from, () => edit.to);
  }
  const dir = pathToFileURL(path.dirname(file)).href;
  text = text.replace(/from "\.\/([^"]+)"/g, (_, name: string) => `from "${dir}/${name}"`);
  const tmp = mkdtempSync(path.join(tmpdir(), 'mailkeep-edit-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const copy = path.join(tmp, path.basename(file));
  writeFileSync(copy, text);
  return (await import(pathToFileURL(copy).href)) as T;
}

const oneColumnCharacters = (): string[] => {
  const found: string[] = [];
  for (let code = 0; code < 0x10000; code++) {
    const character = String.fromCharCode(code);
    if (ONE_COLUMN.test(character)) found.push(character);
  }
  return found;
};

test('every character the fast path takes is one column wide to string-width, alone and between others', () => {
  const characters = oneColumnCharacters();
  assert.ok(characters.length > 1000);
  const wrong = characters.filter((c) => stringWidth(c) !== 1 || stringWidth(`a${c}b`) !== 3);
  assert.deepEqual(wrong, []);
});

test('strings of such characters are as wide as they are long', () => {
  const characters = oneColumnCharacters();
  for (let i = 0; i < 2000; i++) {
    const text = Array.from(
      { length: 1 + (i % 12) },
      (_, j) => characters[(i * 7919 + j * 104729) % characters.length],
    ).join('');
    assert.equal(stringWidth(text), text.length, JSON.stringify(text));
  }
});

test('the fast path leaves out what is not one column: combining marks, soft hyphens, wide and zero-width text', () => {
  for (const text of ['e\u0301', 'a\u00ADb', '李雷', 'a\u200Db', '✓', 'Ж\u0483'])
    assert.equal(ONE_COLUMN.test(text), false, text);
  assert.equal(ONE_COLUMN.test('Jürgen Müller, Мария Иванова, Ζωή'), true);
});

const SGR = ['1', '2', '3', '4', '7', '22', '23', '24', '27', '31', '32', '39', '41', '49', '38;5;208', '0', ''];

/** Lines of text with styles switched on and off at random places, as Ink's frames carry them. */
function styledLines(count: number): string[] {
  let seed = 7;
  const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  return Array.from({ length: count }, () => {
    let line = '';
    for (let i = 0; i < 40; i++) line += next(3) ? 'abcdé李 '[next(8)] : `\u001B[${SGR[next(SGR.length)]}m`;
    return line;
  });
}

test("cells back to text: the edited ansi-tokenize writes what the original does, lines mixed as Ink's frames mix them", async (t) => {
  const require = createRequire(import.meta.url);
  const file = path.join(
    path.dirname(require.resolve('@alcalzone/ansi-tokenize/package.json')),
    'build',
    'styledChars.js',
  );
  const edited = await editedModule<{ styledCharsToString: (chars: StyledChar[]) => string }>(file, t);
  const rows = styledLines(400).map((line) => styledCharsFromTokens(tokenize(line)));
  for (let i = 0; i < rows.length; i++) {
    // A frame's row holds cells of several writes and blank cells between them.
    const blank: StyledChar = { type: 'char', value: ' ', fullWidth: false, styles: [] };
    const row = [...rows[i]!.slice(0, 20), blank, blank, ...rows[(i * 31) % rows.length]!.slice(5)];
    assert.equal(
      edited.styledCharsToString(row),
      styledCharsToString(row),
      JSON.stringify(row.map((c) => c.value).join('')),
    );
  }
  assert.ok(rows.some((row) => styledCharsToString(row).includes('\u001B[')));
});

interface Charset {
  decode(bytes: Buffer, charset: string): string;
  createDecodeStream(charset: string): NodeJS.ReadWriteStream;
}

/** libmime's CommonJS charset.js, with the bundle's edits made when `edited` (run with its own require). */
function libmimeCharset(edited: boolean): Charset {
  const file = path.join(path.dirname(createRequire(import.meta.url).resolve('libmime')), 'charset.js');
  const load = createRequire(file);
  if (!edited) return load(file) as Charset;
  let text = readFileSync(file, 'utf8');
  const edits = EDITS.filter((edit) => edit.file.test(file));
  assert.equal(edits.length, 3);
  for (const edit of edits) {
    assert.ok(text.includes(edit.from), `${edit.from} in ${file}`);
    text = text.replace(edit.from, () => edit.to);
  }
  const module = { exports: {} };
  const run = runInThisContext(`(function (exports, require, module) {\n${text}\n})`, { filename: file }) as (
    exports: object,
    require: NodeJS.Require,
    module: { exports: object },
  ) => void;
  run(module.exports, load, module);
  return module.exports as Charset;
}

async function decodeInPieces(charset: Charset, bytes: Buffer, name: string, size: number): Promise<string> {
  const stream = charset.createDecodeStream(name);
  const out: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve) => stream.on('end', resolve));
  for (let at = 0; at < bytes.length; at += size) stream.write(bytes.subarray(at, at + size));
  stream.end();
  await ended;
  return Buffer.concat(out).toString('utf8');
}

test("libmime's charsets decode the same with the edits that make its codec lookups lazy", async () => {
  const iconv = createRequire(import.meta.url)('iconv-lite') as { encode(text: string, charset: string): Buffer };
  // [charset, text, the charset its bytes are in when the label does not say the byte order]
  const samples: [string, string, string?][] = [
    ['gbk', '中文邮件，附件'],
    ['gb18030', '中文 𠀀𠀁 邮件 𝄞'],
    ['big5', '中文郵件'],
    ['euc-kr', '한국어 메일'],
    ['utf-16', 'Grüße aus Zürich'],
    ['utf-16le', 'Grüße'],
    // No BOM, and no ASCII in its first 16 bytes: only the first 100 characters tell big-endian.
    ['utf-16', '中文中文中文中文 then mail in plain ASCII', 'utf-16be'],
    ['utf-32', 'Réunion ✓'],
    ['iso-8859-2', 'Zürich, Łódź'],
    ['windows-1251', 'Привет'],
  ];
  const [original, edited] = [libmimeCharset(false), libmimeCharset(true)];
  for (const [name, text, bytesIn] of samples) {
    const bytes = iconv.encode(text, bytesIn ?? name);
    assert.equal(edited.decode(bytes, name), original.decode(bytes, name), name);
    for (const size of [1, 2, 3, 5]) {
      const pieces = await decodeInPieces(original, bytes, name, size);
      assert.equal(pieces, text, `${name}: the original decodes it in ${size}-byte pieces`);
      assert.equal(await decodeInPieces(edited, bytes, name, size), pieces, `${name} in ${size}-byte pieces`);
    }
  }
});
