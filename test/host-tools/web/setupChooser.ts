// The set-up page's Connect as a runner presses it: @espruino-tools/uart opens its own chooser
// (Web Bluetooth or Web Serial), and one is picked from it.
import { ElementHandle, Page } from 'puppeteer-core';

/** Connect pressed and Web Bluetooth chosen in the library's own chooser */
export async function chooseWebBluetooth(page: Page): Promise<void> {
  await chooseLink(page, 'Web Bluetooth');
}

/** Connect pressed and `link` chosen in the library's own chooser */
export async function chooseLink(page: Page, link: 'Web Bluetooth' | 'Web Serial'): Promise<void> {
  await page.click('#setup-connect');
  // (globalThis: this file is type-checked with the Node tests, which have no DOM library)
  type Div = { querySelector(s: string): { textContent: string | null } | null };
  const choice = await page.waitForFunction((name: string) => {
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Div> } }).document;
    return Array.from(doc.querySelectorAll('div')).find((d) => d.querySelector(':scope > .esp-tools-name')?.textContent === name);
  }, { timeout: 5000 }, link);
  await (choice as ElementHandle).click();
}
