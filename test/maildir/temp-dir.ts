// A temp directory per test file, removed after the tests whether they pass or fail.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';

export async function useTempDir(prefix: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `mailkeep-${prefix}-`));
  after(() => fs.rm(dir, { recursive: true, force: true }));
  return dir;
}
