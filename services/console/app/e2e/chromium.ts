import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { chromium } from 'playwright-core';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function onPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter))
    for (const name of NAMES) {
      const p = join(dir, name);
      if (dir && existsSync(p)) return p;
    }
  return undefined;
}

/**
 * A Chromium for the browser tests: `CHROMIUM_PATH`, else the first on PATH; else, when running as root
 * with apt, Debian's `chromium` and `fonts-noto-cjk` (so Chinese renders) are installed; else Playwright's
 * own build (`playwright-core install chromium`).
 */
export function findChromium(log: (line: string) => void = () => {}): string {
  const given = process.env.CHROMIUM_PATH;
  if (given && existsSync(given)) return given;
  const found = onPath();
  if (found) return found;
  const root = process.getuid?.() === 0;
  if (root && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0) {
    log('installing chromium and fonts-noto-cjk with apt-get');
    execFileSync('apt-get', ['update'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-noto-cjk'], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    const installed = onPath() ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
    if (installed) return installed;
  }
  log('installing Playwright chromium');
  execFileSync(
    process.execPath,
    [join(import.meta.dirname, '../node_modules/playwright-core/cli.js'), 'install', 'chromium'],
    {
      stdio: 'inherit',
    },
  );
  return chromium.executablePath();
}

// `node e2e/chromium.ts`: find (or install) it and print its path, as `./fivesoc test` does before vitest.
if (import.meta.filename === process.argv[1]) console.log(findChromium((l) => console.error(l)));
