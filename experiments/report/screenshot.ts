import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

/** Debian's chromium and the flags it needs here: headless, no sandbox (root), no network chatter. */
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A PNG of the top of a report (for the README), taken with playwright-core and Debian's chromium.
 * Skipped, with a note, when chromium is not installed: the report itself does not need it.
 */
export async function screenshotReport(html: string, png: string, log: (line: string) => void): Promise<void> {
  if (!existsSync(CHROMIUM)) {
    log(`no screenshot: ${CHROMIUM} is not installed (apt-get install chromium)`);
    return;
  }
  // playwright-core is a dev dependency: loaded only here, only when a screenshot is asked for.
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    log('no screenshot: playwright-core is not installed (npm install --save-dev playwright-core)');
    return;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1150, height: 1500 } });
    await page.goto(pathToFileURL(html).href);
    await page.screenshot({ path: png });
  } finally {
    await browser.close();
  }
}
