import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPathInside } from '../../src/maildir/path-inside.js';

test("a path is inside a directory when it is the directory or below it; '..' and what is under it are not", () => {
  const cases: [string, string, boolean][] = [
    ['/m', '/m', true],
    ['/m/', '/m', true],
    ['/m/Work', '/m', true],
    ['/m/Work/cur', '/m/', true],
    ['/m/..Sub', '/m', true],
    ['/m/..', '/m', false],
    ['/m/../other', '/m', false],
    ['/', '/m', false],
    ['/other', '/m', false],
    ['/mail', '/m', false],
    ['/m-gmail', '/m', false],
    ['/m/a/../b', '/m/b', true],
    ['/anything', '/', true],
  ];
  for (const [file, dir, inside] of cases) assert.equal(isPathInside(file, dir), inside, `${file} in ${dir}`);
});

test('relative paths are taken from the working directory', () => {
  assert.equal(isPathInside('Mail/..Sub', 'Mail'), true);
  assert.equal(isPathInside('Mail', process.cwd()), true);
  assert.equal(isPathInside('..', process.cwd()), false);
});
