// Where mailkeep is installed and which version it is. Found by walking up from this module to the
// package.json named mailkeep, so it holds for the bundle (dist/bundle/), tsc's dist/ and src/ (tests) alike.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let found: { root: string; version: string } | undefined;

function findPackage(): { root: string; version: string } {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'mailkeep') return { root: dir, version: pkg.version ?? '0.0.0' };
    }
    if (dirname(dir) === dir) throw new Error('mailkeep: its package.json is missing');
  }
}

/** The folder holding mailkeep's package.json (and bin/, dist/). */
export function packageRoot(): string {
  found ??= findPackage();
  return found.root;
}

export function packageVersion(): string {
  found ??= findPackage();
  return found.version;
}
