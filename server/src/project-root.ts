/**
 * The project's root folder, where package.json is. Files read at run time (holiday calendar, the H5 build)
 * are found from here, so the same code works run through tsx (server/src/…) and compiled (dist/server/src/…).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PROJECT_ROOT = findRoot(__dirname);

/** A path inside the project, e.g. projectPath('config', 'holidays.json'). */
export function projectPath(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}
