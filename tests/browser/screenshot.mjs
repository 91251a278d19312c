// Screenshots of pages as people see them, at a desktop width (1280 px) and a phone's
// (320 px), for looking at by eye and for docs/screenshots.
//
//   node screenshot.mjs OUT_DIR name=/path [name=/path ...]
//
// Environment: OPCC_URL (the running server), and OPCC_EMAIL with OPCC_PASSWORD to sign in
// first (optional); CHROMIUM_PATH (default /usr/bin/chromium).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [outDir, ...shots] = process.argv.slice(2);
const base = process.env.OPCC_URL;
if (!outDir || !base || shots.length === 0) {
  console.error('usage: OPCC_URL=... node screenshot.mjs OUT_DIR name=/path ...');
  process.exit(2);
}
await mkdir(outDir, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  for (const width of [1280, 320]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    if (process.env.OPCC_EMAIL) {
      await page.goto(new URL('/login', base).href);
      await page.fill('input[name=email]', process.env.OPCC_EMAIL);
      await page.fill('input[name=password]', process.env.OPCC_PASSWORD || '');
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
    }
    for (const shot of shots) {
      // Split at the first '=' only: a path may have a query.
      const at = shot.indexOf('=');
      const [name, path] = [shot.slice(0, at), shot.slice(at + 1)];
      const resp = await page.goto(new URL(path, base).href, { waitUntil: 'load' });
      if (!resp || resp.status() >= 400) {
        throw new Error(`${path}: HTTP ${resp ? resp.status() : 'no response'}`);
      }
      const file = join(outDir, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: true });
      console.log(file);
    }
    await context.close();
  }
} finally {
  await browser.close();
}
