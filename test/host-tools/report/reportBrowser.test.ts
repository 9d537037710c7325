// The report opened in headless Chromium over file://: no console errors, nothing fetched, and
// every plot drawn (coloured series pixels on its canvas). Saves test-artifacts/report.png.
import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { Browser, Page } from 'puppeteer-core';
import { launchChromium, openReport, plotStates } from './reportInBrowser';
import {
  ASYMMETRIC_RUN, FATIGUE_RUN, logSessionRecording, reportTmpDir, runLumbarpod, STEADY_RUN, syntheticRecording, WALK_WITH_A_FEW_RUNNING_STEPS, walkingRecording,
} from './reportFixtures';

const ARTIFACTS = path.resolve(__dirname, '..', '..', '..', 'test-artifacts');

async function textOf(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => el.textContent || '');
}

async function attributeOf(page: Page, selector: string, name: string): Promise<string | null> {
  return page.$eval(selector, (el, attribute) => el.getAttribute(attribute), name);
}

/** `lumbarpod report` of the recording in `dir` written to `name` in the test's directory: its path and what the command printed */
async function writtenReport(dir: string, name: string): Promise<{ out: string; cli: { status: number; stdout: string; stderr: string } }> {
  const out = path.join(reportTmpDir(), name);
  const cli = await runLumbarpod('report', dir, '--out', out);
  expect(cli.status, cli.stderr).to.equal(0);
  return { out, cli };
}

describe('report in headless Chromium', () => {
  let browser: Browser;
  const consoleErrors: string[] = [];
  const requests: string[] = [];

  before(async function () {
    this.timeout(120000);
    browser = await launchChromium();
  });

  after(async () => {
    if (browser) await browser.close();
  });

  /** the report in a new page, with the console errors and requests of that page alone */
  function open(htmlFile: string): Promise<Page> {
    consoleErrors.length = 0;
    requests.length = 0;
    return openReport(browser, htmlFile, consoleErrors, requests);
  }

  it('draws every plot of a running report with no console errors and nothing fetched', async () => {
    const dir = await syntheticRecording('fatigue', FATIGUE_RUN);
    const { out } = await writtenReport(dir, 'fatigue-report.html');
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

  it('fits a phone\'s screen, 390 and 320 px wide: the page does not scroll sideways and every plot is drawn whole inside it', async () => {
    const dir = await syntheticRecording('fatigue', FATIGUE_RUN);
    const { out } = await writtenReport(dir, 'fatigue-phone-report.html');
    for (const viewport of [{ width: 390, height: 844 }, { width: 320, height: 640 }]) {
      consoleErrors.length = 0;
      const page = await openReport(browser, out, consoleErrors, [], viewport);
      const layout = await page.evaluate(() => {
        const dom = globalThis as unknown as {
          document: {
            documentElement: { scrollWidth: number; clientWidth: number };
            querySelectorAll(selector: string): ArrayLike<{ id: string; getBoundingClientRect(): { left: number; right: number } }>;
          };
        };
        const pageWidth = dom.document.documentElement.clientWidth;
        const outside: string[] = [];
        for (const selector of ['.insight', 'figure.chart', 'figure.chart canvas', 'table.lr']) {
          const found = dom.document.querySelectorAll(selector);
          for (let i = 0; i < found.length; i++) {
            const box = found[i].getBoundingClientRect();
            if (box.left < 0 || box.right > pageWidth + 0.5) outside.push(`${selector}#${found[i].id} ${Math.round(box.left)}-${Math.round(box.right)}`);
          }
        }
        return { scrollWidth: dom.document.documentElement.scrollWidth, pageWidth, outside };
      });
      expect(layout.pageWidth, `${viewport.width} px`).to.equal(viewport.width);
      expect(layout.scrollWidth, `${viewport.width} px: page width with its content`).to.equal(viewport.width);
      expect(layout.outside, `${viewport.width} px: beyond the page's right edge`).to.deep.equal([]);
      const states = await plotStates(page);
      expect(states.length).to.equal(17);
      for (const state of states) expect(state.colouredPixels, `${viewport.width} px ${state.id}`).to.be.greaterThan(150);
      expect(consoleErrors).to.deep.equal([]);
      await page.close();
    }
  });

  it('draws a metric that holds steady flat, not blown up to the plot\'s height, and a drifting one across it', async () => {
    // the fatigue run: rotation holds at 12° (its steps vary by hundredths of a degree), lean
    // grows by 0.6°/min over 5 min
    const dir = await syntheticRecording('fatigue', FATIGUE_RUN);
    const { out } = await writtenReport(dir, 'fatigue-flat-report.html');
    const page = await open(out);
    // the share of the canvas's height between its highest and lowest coloured (series) pixel
    const seriesHeightShare = (id: string) => page.$eval(`#${id} canvas`, (element) => {
      const canvas = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let top = canvas.height;
      let bottom = -1;
      for (let i = 0; i < pixels.length; i += 4) {
        const r = pixels[i];
        const g = pixels[i + 1];
        const b = pixels[i + 2];
        if (pixels[i + 3] > 64 && Math.max(r, g, b) - Math.min(r, g, b) > 40) {
          const row = Math.floor(i / 4 / canvas.width);
          top = Math.min(top, row);
          bottom = Math.max(bottom, row);
        }
      }
      return bottom < 0 ? 0 : (bottom - top + 1) / canvas.height;
    });
    expect(await seriesHeightShare('chart-rotation'), 'steady rotation').to.be.below(0.2);
    expect(await seriesHeightShare('chart-lean'), 'drifting lean').to.be.above(0.4);
    expect(consoleErrors).to.deep.equal([]);
    await page.close();
  });

  it('draws the histograms of contact time, braking and rotation as solid bars, not a comb of empty bins', async () => {
    // the steady run: contact 250 or 251 ms, braking 0.384-0.388 m/s, rotation 12.12-12.15°, in
    // whole ms, mm/s and 0.01°; bins finer than that left most of each plot's width between its
    // bars empty
    const dir = await syntheticRecording('steady', STEADY_RUN);
    const { out } = await writtenReport(dir, 'steady-histograms-report.html');
    consoleErrors.length = 0;
    const page = await openReport(browser, out, consoleErrors, [], undefined, (p) => p.evaluateOnNewDocument(() => {
      const dom = globalThis as unknown as { drawnTexts: string[]; CanvasRenderingContext2D: { prototype: { fillText(text: string, x: number, y: number): void } } };
      dom.drawnTexts = [];
      const proto = dom.CanvasRenderingContext2D.prototype;
      const fillText = proto.fillText;
      proto.fillText = function (this: unknown, text: string, x: number, y: number) {
        dom.drawnTexts.push(String(text));
        return fillText.call(this, text, x, y);
      };
    }));
    // of the canvas columns from the first bar's left edge to the last bar's right edge, the
    // share with a bar in them (bars fill 92 % of a bin, so solid bars give about 0.9); an empty
    // bin still draws its bar's outline along the axis, a line a pixel or two high, not a bar
    const barCoverage = (id: string) => page.$eval(`#${id} canvas`, (element) => {
      const canvas = element as unknown as { width: number; height: number; getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } };
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      const colouredInColumn: number[] = new Array(canvas.width).fill(0);
      for (let i = 0; i < pixels.length; i += 4) {
        const r = pixels[i];
        const g = pixels[i + 1];
        const b = pixels[i + 2];
        if (pixels[i + 3] > 64 && Math.max(r, g, b) - Math.min(r, g, b) > 40) colouredInColumn[(i / 4) % canvas.width]++;
      }
      const columns = colouredInColumn.map((n) => n > 4);
      const first = columns.indexOf(true);
      const last = columns.lastIndexOf(true);
      if (first < 0) return 0;
      return columns.slice(first, last + 1).filter((c) => c).length / (last - first + 1);
    });
    for (const id of ['hist-contact', 'hist-braking', 'hist-rotation']) expect(await barCoverage(id), id).to.be.above(0.8);
    // the contact histogram's axis ticks fall on its whole-ms bins (250, 251), not between them
    const drawn = await page.evaluate(() => (globalThis as unknown as { drawnTexts: string[] }).drawnTexts);
    expect(drawn).to.include.members(['250', '251']);
    expect(drawn.filter((t) => /^25\d\.5$/.test(t)), 'half-ms ticks').to.deep.equal([]);
    expect(consoleErrors).to.deep.equal([]);
    await page.close();
  });

  it('writes every negative number with the minus sign its signed changes use: a lean baseline of a runner leaning back, the plots\' axes and legends', async () => {
    // 5 s standing (calibrated), then 4.5 min at 170 steps/min leaning back 3.1°: long enough
    // for the pod's drift, whose lean baseline is then about -3.1°
    const dir = await syntheticRecording('leaning-back', {
      segments: [{ kind: 'standing', durationS: 5 }, { kind: 'running', durationS: 270, cadenceSpm: 170, leanCdeg: -310 }],
    });
    const { out } = await writtenReport(dir, 'leaning-back-report.html');
    consoleErrors.length = 0;
    // the axes' numbers are drawn on the canvases: every text drawn is kept to be read back
    const page = await openReport(browser, out, consoleErrors, [], undefined, (p) => p.evaluateOnNewDocument(() => {
      const dom = globalThis as unknown as { drawnTexts: string[]; CanvasRenderingContext2D: { prototype: { fillText(text: string, x: number, y: number): void } } };
      dom.drawnTexts = [];
      const proto = dom.CanvasRenderingContext2D.prototype;
      const fillText = proto.fillText;
      proto.fillText = function (this: unknown, text: string, x: number, y: number) {
        dom.drawnTexts.push(String(text));
        return fillText.call(this, text, x, y);
      };
    }));
    // a hyphen as a sign: at the start or after a space or bracket, before a digit ("5-10 %" is a range)
    const hyphenSign = /(^|[\s(])-\d/;
    const drift = await textOf(page, '#insight-drift');
    expect(drift).to.match(/\(from −3\.[0-4]°\)/);
    expect(await textOf(page, '#insight-lean')).to.match(/lean of the pelvis −3\.[0-4]° relative to standing/);
    expect(await textOf(page, 'main'), 'page text').to.not.match(hyphenSign);
    // the drift plots span at least -1 to 1 and the lean plot sits near -3°: negative ticks
    const drawn = await page.evaluate(() => (globalThis as unknown as { drawnTexts: string[] }).drawnTexts);
    expect(drawn.filter((t) => t.startsWith('−')).length, drawn.join(' ')).to.be.above(3);
    expect(drawn.filter((t) => hyphenSign.test(t)), 'axis labels with a hyphen for a sign').to.deep.equal([]);
    // the legend's values at the cursor, over the middle of the lean plot
    const over = await page.$('#chart-lean .u-over');
    if (over === null) throw new Error('no plot area in the lean chart');
    // scrolled to and the pointer moved to its middle
    await over.hover();
    // uPlot sets the legend on its next animation frame
    await page.waitForFunction("!/^time--/.test(document.querySelector('#chart-lean .u-legend').textContent)", { timeout: 5000 });
    const legend = await textOf(page, '#chart-lean .u-legend');
    expect(legend).to.match(/−3\.\d/);
    expect(legend).to.not.match(hyphenSign);
    expect(consoleErrors).to.deep.equal([]);
    await page.close();
  });

  it('draws as many plots as report printed for a session from the pod\'s log, and says the per-step histograms have no data', async () => {
    const dir = await logSessionRecording('steady', STEADY_RUN);
    const { out, cli } = await writtenReport(dir, 'log-session-report.html');
    const printed = /, (\d+) plots,/.exec(cli.stdout);
    expect(printed, cli.stdout).to.not.equal(null);
    const page = await open(out);
    expect(await attributeOf(page, 'body', 'data-charts')).to.equal((printed as RegExpExecArray)[1]);
    const states = await plotStates(page);
    expect(states.filter((s) => s.drawn && s.colouredPixels > 20).length).to.equal(Number((printed as RegExpExecArray)[1]));
    const empty = states.filter((s) => s.empty);
    expect(empty.map((s) => s.id)).to.deep.equal(['hist-cadence', 'hist-vo', 'hist-contact', 'hist-braking', 'hist-drop', 'hist-rotation', 'hist-lean']);
    for (const state of empty) {
      expect(state.canvases, state.id).to.equal(0);
      expect(await textOf(page, `#${state.id} .plot`)).to.equal('No data for this plot in this recording.');
    }
    expect(consoleErrors).to.deep.equal([]);
    await page.close();
  });

  it('opens a walking-only report and draws its walking cadence plot', async () => {
    const dir = await walkingRecording();
    const { out } = await writtenReport(dir, 'walking-report.html');
    const page = await open(out);
    const states = await plotStates(page);
    expect(states.map((s) => s.id)).to.deep.equal(['chart-walking-cadence']);
    expect(states[0].drawn).to.equal(true);
    expect(states[0].colouredPixels).to.be.greaterThan(20);
    expect(await textOf(page, '#insight-walking')).to.contain('no running steps');
    expect(consoleErrors).to.deep.equal([]);
    await page.close();
  });

  it('shows a walk with a few running strides its walking cadence beside the too-few-running-steps note, and draws its walking plot', async () => {
    const dir = await syntheticRecording('walk-few-running', WALK_WITH_A_FEW_RUNNING_STEPS);
    const { out } = await writtenReport(dir, 'walk-few-running-report.html');
    const page = await open(out);
    const insightIds = await page.$$eval('.insight', (els) => els.map((el) => el.id));
    expect(insightIds).to.deep.equal(['insight-activity', 'insight-walking', 'insight-tooFewSteps']);
    // the generator walks at 110 steps/min
    expect(await textOf(page, '#insight-walking')).to.contain('walking cadence 110 steps/min');
    expect(await textOf(page, '#insight-tooFewSteps')).to.contain('at least 20 are needed');
    const states = await plotStates(page);
    expect(states.map((s) => s.id)).to.deep.equal(['chart-walking-cadence']);
    expect(states[0].colouredPixels).to.be.greaterThan(20);
    expect(consoleErrors).to.deep.equal([]);
    await page.close();
  });

  it('says a run without a standing calibration has no measured lean, and what its lean plot is against', async () => {
    // uncalibrated, the runner leaning 5°: the pod's pitch reads about -1° against the upright it
    // estimated from running, which the page must not give as a lean relative to the run's mean
    const dir = await syntheticRecording('asymmetric', ASYMMETRIC_RUN);
    const { out } = await writtenReport(dir, 'uncalibrated-report.html');
    const page = await open(out);
    const lean = await textOf(page, '#insight-lean');
    expect(lean).to.contain('Not measured: without standing still first');
    expect(lean).to.match(/against it the median reads −[01]\.\d°, which says nothing about your lean/);
    expect(lean).to.not.contain('relative to the run');
    expect(await textOf(page, '#chart-lean figcaption')).to.contain('from the mean force of the running steps: no standing calibration, so its level is not your lean');
    expect(await textOf(page, 'main')).to.not.contain('relative to the running mean');
    expect(consoleErrors).to.deep.equal([]);
    await page.close();
  });
});
