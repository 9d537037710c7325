// The report opened in headless Chromium over file://: no console errors, nothing fetched, and
// every plot drawn (coloured series pixels on its canvas). Saves test-artifacts/report.png.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { FATIGUE_RUN, reportTmpDir, runLumbarpod, syntheticRecording, walkingRecording } from './reportFixtures';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts');

interface PlotState {
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

function plotStates(page: Page): Promise<PlotState[]> {
  return page.evaluate(plotStatesInPage);
}

async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => el.textContent || '');
}

async function attributeOf(page: Page, selector: string, name: string): Promise<string | null> {
  return page.$eval(selector, (el, attribute) => el.getAttribute(attribute), name);
}

describe('report in headless Chromium', () => {
  let browser: Browser;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  before(async function () {
    this.timeout(120000);
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    });
  });

  after(async () => {
    if (browser) await browser.close();
  });

  async function open(htmlFile: string): Promise<Page> {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 900 });
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    page.on('requestfailed', (r) => consoleErrors.push(`request failed: ${r.url()}`));
    page.on('request', (r) => requests.push(r.url()));
    const url = pathToFileURL(htmlFile).href;
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForSelector('body[data-charts]', { timeout: 10000 });
    // uPlot draws on its own commit after the constructor: wait until each figure says so
    await page.waitForFunction("document.querySelectorAll('figure.chart:not([data-drawn]):not([data-empty])').length === 0", { timeout: 10000 });
    return page;
  }

  it('draws every plot of a running report with no console errors and nothing fetched', async () => {
    const dir = await syntheticRecording('fatigue', FATIGUE_RUN);
    const out = path.join(reportTmpDir(), 'fatigue-report.html');
    const cli = await runLumbarpod('report', dir, '--out', out);
    expect(cli.status, cli.stderr).to.equal(0);
    requests.length = 0;
    consoleErrors.length = 0;
    const page = await open(out);
    const states = await plotStates(page);
    expect(states.length).to.equal(17);
    expect(await attributeOf(page, 'body', 'data-charts')).to.equal('17');
    for (const state of states) {
      expect(state.drawn, state.id).to.equal(true);
      expect(state.empty, state.id).to.equal(false);
      expect(state.canvases, state.id).to.equal(1);
      expect(state.colouredPixels, `${state.id}: coloured series pixels`).to.be.greaterThan(150);
    }
    // the legends carry the series names
    const legend = await textOf(page, '#chart-drop .u-legend');
    expect(legend).to.contain('left median').and.contain('right median');
    expect(consoleErrors).to.deep.equal([]);
    expect(requests).to.deep.equal([pathToFileURL(out).href]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    expect(fs.statSync(path.join(ARTIFACTS, 'report.png')).size).to.be.greaterThan(10000);
    await page.close();
  });

  it('opens a walking-only report and draws its walking cadence plot', async () => {
    const dir = await walkingRecording();
    const out = path.join(reportTmpDir(), 'walking-report.html');
    const cli = await runLumbarpod('report', dir, '--out', out);
    expect(cli.status, cli.stderr).to.equal(0);
    consoleErrors.length = 0;
    const page = await open(out);
    const states = await plotStates(page);
    expect(states.map((s) => s.id)).to.deep.equal(['chart-walking-cadence']);
    expect(states[0].drawn).to.equal(true);
    expect(states[0].colouredPixels).to.be.greaterThan(20);
    expect(await textOf(page, '#insight-walking')).to.contain('no running steps');
    expect(consoleErrors).to.deep.equal([]);
    await page.close();
  });
});
