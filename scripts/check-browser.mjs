// Fails early, and says how to fix it, when the browser the tests need is missing.
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && process.env.ETWLAB_NO_INSTALL !== '1') {
    console.log(`Chromium is missing at ${chromium}; installing Debian's chromium package (you are root)…`);
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  }
  if (!existsSync(chromium)) {
    console.error(
      `The browser tests need Chromium at ${chromium}.\n` +
        'Install it with:  sudo apt-get install -y chromium\n' +
        '(or point CHROMIUM_PATH at another Chromium build). `npx playwright install` is not needed.',
    );
    process.exit(1);
  }
}
