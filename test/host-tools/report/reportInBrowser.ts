// A report opened in real headless Chromium (Debian's chromium, the flags the project uses) over
// file://, with what each plot drew read back from its canvas. Shared by the report's browser
// test, the CLI end-to-end test and the dashboard's report of a session from the pod's log.
import { expect } from 'chai';
import * as fs from 'fs';
import { pathToFileURL } from 'url';
import puppeteer, { Browser, Page } from 'puppeteer-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export interface PlotState {
  id: string;
  drawn: boolean;
  empty: boolean;
  canvases: number;
  /** canvas pixels with a clear hue: series, not the black axes or grey grid */
  colouredPixels: number;
}

/** the DOM as far as plotStates uses it: this file is type-checked without the DOM library */
interface PageDom {
  document: {
    querySelectorAll(selector: string): ArrayLike<{
      id: string;
      getAttribute(name: string): string | null;
      querySelector(selector: string): { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } } | null;
      querySelectorAll(selector: string): ArrayLike<unknown>;
    }>;
  };
}

/** what each <figure class="chart"> shows, read from its canvas (runs in the page) */
function plotStatesInPage(): PlotState[] {
  const dom = globalThis as unknown as PageDom;
  const figures = dom.document.querySelectorAll('figure.chart');
  const out: PlotState[] = [];
  for (let f = 0; f < figures.length; f++) {
    const figure = figures[f];
    const canvas = figure.querySelector('canvas');
    let coloured = 0;
    if (canvas !== null) {
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < pixels.length; i += 4) {
        const r = pixels[i];
        const g = pixels[i + 1];
        const b = pixels[i + 2];
        if (pixels[i + 3] > 64 && Math.max(r, g, b) - Math.min(r, g, b) > 40) coloured++;
      }
    }
    out.push({
      id: figure.id, drawn: figure.getAttribute('data-drawn') === '1', empty: figure.getAttribute('data-empty') === '1',
      canvases: figure.querySelectorAll('canvas').length, colouredPixels: coloured,
    });
  }
  return out;
}

export function plotStates(page: Page): Promise<PlotState[]> {
  return page.evaluate(plotStatesInPage);
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
}

/** a laptop's page; a test of the page on a phone gives the phone's */
export const LAPTOP_VIEWPORT = { width: 1200, height: 900 };

/**
 * opens the report, collecting console errors and requests, and waits until every plot is drawn;
 * `beforeLoad` runs on the new page before the report is loaded (to watch what it does)
 */
export async function openReport(
  browser: Browser, htmlFile: string, consoleErrors: string[], requests: string[], viewport: { width: number; height: number } = LAPTOP_VIEWPORT,
  beforeLoad?: (page: Page) => Promise<unknown>,
): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport(viewport);
  if (beforeLoad !== undefined) await beforeLoad(page);
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(pathToFileURL(htmlFile).href, { waitUntil: 'load' });
  await page.waitForSelector('body[data-charts]', { timeout: 10000 });
  // uPlot draws on its own commit after the constructor: wait until each figure says so
  await page.waitForFunction("document.querySelectorAll('figure.chart:not([data-drawn]):not([data-empty])').length === 0", { timeout: 10000 });
  return page;
}

/**
 * Opens the report offline and checks what every report must do there: at least `leastPlots`
 * plots, each drawn or saying it is empty, no console error, nothing requested but the file.
 * Returns the page (to be closed by the caller) and its plots.
 */
export async function expectReportOpensOffline(browser: Browser, htmlFile: string, leastPlots: number): Promise<{ page: Page; plots: PlotState[] }> {
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const page = await openReport(browser, htmlFile, consoleErrors, requests);
  const plots = await plotStates(page);
  expect(plots.length, 'plots').to.be.at.least(leastPlots);
  for (const plot of plots) expect(plot.drawn || plot.empty, `${plot.id} drawn or said empty`).to.equal(true);
  expect(consoleErrors).to.deep.equal([]);
  expect(requests.every((url) => url.startsWith('file:')), requests.join(' ')).to.equal(true);
  return { page, plots };
}
