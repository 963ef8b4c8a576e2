import assert from 'node:assert/strict';
import { linkSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { labelIndex, labelsOfFile } from '../../src/reader/message-labels.js';
import { makeTempDir, writeMaildir } from './make-maildir.js';

const tmp = makeTempDir();
after(tmp.cleanup);
const folder = (name: string) => ({ name, path: join(tmp.path, name.replaceAll('/', '_')) });
const [all, inbox, work, other] = [folder('[Gmail]/All Mail'), folder('INBOX'), folder('Work'), folder('Other')];
const raw = 'From: a@example.org\r\nSubject: linked\r\n\r\nbody\r\n';
const [stored] = writeMaildir(all.path, [{ raw, flags: 'S' }]);
const [alone] = writeMaildir(other.path, [{ raw: 'From: b\r\n\r\nalone\r\n', flags: '' }]);
writeMaildir(inbox.path, []);
writeMaildir(work.path, []);
// Links named as mailkeep names them: the size in `,S=`.
const name = (uid: number) => `1700000001.M${uid}P1Q${uid}.host,V=1,UID=${uid},S=${raw.length}:2,S`;
linkSync(stored!, join(inbox.path, 'cur', name(7)));
linkSync(stored!, join(work.path, 'new', name(9)));
const folders = [inbox, work, all, other];

test("a message linked into three folders has those three labels, in the folders' order", () => {
  // The fixture's file has no `,S=`: found through the links that have one, and the file itself.
  assert.deepEqual(labelsOfFile(join(inbox.path, 'cur', name(7)), folders), ['INBOX', 'Work']);
  const index = labelIndex(folders);
  assert.deepEqual(index(stored!, all.name), ['INBOX', 'Work', '[Gmail]/All Mail']);
});

test('a message with one link has no labels to show; ~y sees its own folder', () => {
  assert.deepEqual(labelsOfFile(alone!, folders), []);
  assert.deepEqual(labelIndex(folders)(alone!, 'Other'), ['Other']);
  assert.deepEqual(labelsOfFile(join(tmp.path, 'gone'), folders), []);
});
