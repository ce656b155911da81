import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const APP_DIR = resolve(import.meta.dirname, '..');
export const DIST = join(APP_DIR, 'dist');

function newest(dir: string): number {
  let t = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    t = Math.max(t, s.isDirectory() ? newest(p) : s.mtimeMs);
  }
  return t;
}

/** Builds the app (vite build) unless dist/ is newer than every source file. */
export function ensureBuilt(log: (line: string) => void = () => {}): string {
  const index = join(DIST, 'index.html');
  const sources = Math.max(newest(join(APP_DIR, 'src')), statSync(join(APP_DIR, 'index.html')).mtimeMs);
  if (existsSync(index) && statSync(index).mtimeMs > sources) return DIST;
  log('building the console app (vite build)');
  execFileSync(
    process.execPath,
    [join(APP_DIR, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: APP_DIR,
      stdio: 'inherit',
    },
  );
  return DIST;
}
