// The Web Bluetooth dashboard (dist/web, built by scripts/build-web.ts) in real headless
// Chromium, opened from file://, with a fake navigator.bluetooth bridged to the simulated pod
// running the real sim bundle on a synthetic run (3 s standing, then 30 s at 172 spm): it
// connects, shows the cadence and metrics the pod sent, survives a lost link by reconnecting
// and subscribing again, downloads the session, logs no error and asks the network for nothing.
import { expect } from 'chai';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { LUMBARPOD_REPLY_UUID, LUMBARPOD_STEP_UUID, LUMBARPOD_SUMMARY_UUID } from '../../../firmware/protocol/bleUuids';
import { HEADER_VERSION_OFFSET, MSG_STATUS, PROTOCOL_VERSION } from '../../../firmware/protocol/messageIds';
import { FLASH_LOG_FILE } from '../../../firmware/device/flashLog';
import { decodeMessage, Message, MessageByName } from '../../../firmware/protocol/codec';
import { KIND_RUNNING, KIND_WALKING, SIDE_LEFT, SIDE_RIGHT, STEP_UNCALIBRATED } from '../../../firmware/core/stepRecord';
import { RSC_MEASUREMENT_UUID } from '../../../firmware/protocol/rscService';
import { logEntriesDecode, logOnlyMessage } from '../../../host-tools/protocol/logEntries';
import { normalizeBleUuid } from '../../../host-tools/sim/simNrf';
import { imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';
import { generateSynthetic, SyntheticRun } from '../../../host-tools/synthetic/generate';
import { STEP_CSV_COLUMNS } from '../../../host-tools/web/liveSession';
import { summaryTrusts } from '../../../host-tools/web/qualityWords';
import { STEP_STALE_MS } from '../../../host-tools/web/liveStaleness';
import { buildWebOnce } from '../../../scripts/build-web';
import { simBundleSource } from '../../e2e/simPodHelpers';
import { LOG_FULL_WORDS } from '../../../host-tools/report/recordingIssues';
import { escapeHtml } from '../../../host-tools/report/reportFormat';
import { expectReportOpensOffline } from '../report/reportInBrowser';
import { installFakeWebBluetooth } from './fakeWebBluetooth';
import { SIM_DEVICE_NAME, SimBleBridge } from './simBleBridge';

const root = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.join(root, 'test-artifacts');
const RATE_HZ = 104;
/** the simulated runner stands 3 s, runs, and stands still from here on (pod time) */
const RUN_ENDS_MS = 48000;

type StepMessage = MessageByName<'step'>;

function lastStep(bridge: SimBleBridge): StepMessage {
  const steps = bridge.deliveredOn(LUMBARPOD_STEP_UUID);
  expect(steps.length, 'step notifications that reached the page').to.be.greaterThan(0);
  const m = decodeMessage(steps[steps.length - 1].bytes);
  if (m.type !== 'step') throw new Error('step characteristic carried ' + m.type);
  return m;
}

function lastRscCadence(bridge: SimBleBridge): number {
  const rsc = bridge.deliveredOn(RSC_MEASUREMENT_UUID);
  expect(rsc.length, 'RSC notifications that reached the page').to.be.greaterThan(0);
  return rsc[rsc.length - 1].bytes[3];
}

async function shown(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el.textContent || '').trim());
}

async function untrusted(page: Page, selector: string): Promise<boolean> {
  return page.$eval(selector, (el) => el.classList.contains('untrusted'));
}

async function linkState(page: Page): Promise<string> {
  return page.$eval('#link-state', (el) => el.getAttribute('data-state') || '');
}

/** waits (real time) for the page's link state, running the pod a little meanwhile */
async function untilLinkState(page: Page, bridge: SimBleBridge, state: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while ((await linkState(page)) !== state) {
    if (Date.now() > end) throw new Error(`link state stayed ${await linkState(page)}, wanted ${state} (detail: ${await shown(page, '#link-detail')})`);
    await bridge.runPod(50);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** waits (real time) until the element's text matches, running the pod a little meanwhile */
async function untilShown(page: Page, bridge: SimBleBridge, selector: string, pattern: RegExp, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pattern.test(await shown(page, selector))) {
    if (Date.now() > end) throw new Error(`${selector} shows '${await shown(page, selector)}', wanted ${pattern}`);
    await bridge.runPod(50);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** waits (real time) until the button is enabled, running the pod a little meanwhile */
async function untilEnabled(page: Page, bridge: SimBleBridge, selector: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (await page.$eval(selector, (b) => (b as unknown as { disabled: boolean }).disabled)) {
    if (Date.now() > end) throw new Error(`${selector} stayed disabled`);
    await bridge.runPod(50);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function downloaded(dir: string, suffix: string, timeoutMs = 10000): Promise<string> {
  const end = Date.now() + timeoutMs;
  // Chromium may give a download its name before it has written all of it (an empty file was read
  // once on a loaded machine): the file counts once it has bytes and the same size twice running
  let lastSize = -1;
  for (;;) {
    const done = fs.readdirSync(dir).filter((f) => f.endsWith(suffix));
    if (done.length === 1) {
      const size = fs.statSync(path.join(dir, done[0])).size;
      if (size > 0 && size === lastSize) return path.join(dir, done[0]);
      lastSize = size;
    }
    if (Date.now() > end) throw new Error(`no whole download ending ${suffix} in ${dir}: ${fs.readdirSync(dir).join(', ')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The dashboard (dist/web) open in headless Chromium, with a fake Web Bluetooth bridged to the
 * simulated pod (booted, advertising) fed `run`; console errors and requests are collected into
 * the arrays given, downloads go to `downloadDir`.
 */
async function dashboardOn(
  run: SyntheticRun, consoleErrors: string[], requests: string[], storageCapacityBytes?: number,
): Promise<{ browser: Browser; page: Page; sim: PodSimulator; bridge: SimBleBridge; downloadDir: string }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const [bundle, built] = await Promise.all([simBundleSource(), buildWebOnce()]);
  const sim = new PodSimulator({ bundleSource: bundle, recording: imuSourceFromSynthetic(run), ...(storageCapacityBytes !== undefined ? { storageCapacityBytes } : {}) });
  sim.runFor(100); // booted and advertising
  const downloadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-dashboard-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 1000 });
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  const cdp = await browser.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: downloadDir });
  const bridge = new SimBleBridge(sim, page);
  await bridge.install();
  await page.evaluateOnNewDocument(installFakeWebBluetooth);
  await page.goto(pathToFileURL(built.htmlPath).href, { waitUntil: 'load' });
  return { browser, page, sim, bridge, downloadDir };
}

describe('web dashboard (host-tools/web)', function () {
  this.timeout(180000);

  it('typechecks with its own tsconfig (DOM library, no Node types)', () => {
    const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'host-tools', 'web', 'tsconfig.json'), '--noEmit'], { cwd: root, encoding: 'utf8' });
    expect(result.stdout + result.stderr).to.equal('');
    expect(result.status).to.equal(0);
  });

  it('builds into dist/web as index.html, one script and one sheet that load nothing from elsewhere', async () => {
    const built = await buildWebOnce();
    expect(fs.readdirSync(built.dir).sort()).to.include.members(['dashboard.css', 'dashboard.js', 'index.html']);
    const html = fs.readFileSync(built.htmlPath, 'utf8');
    const js = fs.readFileSync(path.join(built.dir, 'dashboard.js'), 'utf8');
    // relative references only: the page opens from file:// with no server
    expect(html).to.match(/<script src="dashboard\.js"/);
    expect(html).to.not.match(/(src|href)="(https?:)?\/\//);
    expect(js).to.not.match(/\b(import\(|require\()/);
    // the shared protocol decoder and uPlot are inside the bundle
    expect(js).to.include('summaryForm');
    expect(fs.readFileSync(path.join(built.dir, 'dashboard.css'), 'utf8')).to.include('.uplot');
  });

  describe('in headless Chromium with a fake Web Bluetooth bridged to the simulated pod', () => {
    let browser: Browser;
    let page: Page;
    let sim: PodSimulator;
    let bridge: SimBleBridge;
    let downloadDir: string;
    const consoleErrors: string[] = [];
    const requests: string[] = [];
    let stepsBeforeDrop = 0;

    before(async function () {
      this.timeout(120000);
      const run = generateSynthetic({
        sampleRateHz: RATE_HZ, seed: 5,
        segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: RUN_ENDS_MS / 1000 - 3, cadenceSpm: 172 }],
      });
      ({ browser, page, sim, bridge, downloadDir } = await dashboardOn(run, consoleErrors, requests));
    });

    after(async () => {
      if (browser) await browser.close();
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    });

    it('connects to the pod chosen by its RSC service and asks it for its status', async () => {
      expect(await linkState(page)).to.equal('idle');
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      expect(bridge.requestOptions, 'requestDevice options').to.deep.equal({
        filters: [{ services: ['0x1814'] }],
        optionalServices: ['6c700001-3f2a-4c8e-9b1d-5e0a7c4f2b10', '0x180f'],
      });
      expect(await shown(page, '#link-detail')).to.equal(SIM_DEVICE_NAME);
      // the getStatus write reaches the pod, whose reply and status come back on the reply characteristic
      await untilShown(page, bridge, '[data-quality="pod"]', /firmware \d+\.\d+, 104 Hz, recording/, 10000);
      expect(await shown(page, '[data-metric="batteryPct"]')).to.equal(String(sim.batteryPercent));
    });

    it('shows the cadence of the last RSC measurement and the metrics of the last step message', async () => {
      await bridge.runPod(15000);
      const step = lastStep(bridge);
      const rscCadence = lastRscCadence(bridge);
      expect(rscCadence).to.be.within(160, 185);
      expect(await shown(page, '[data-metric="cadenceRsc"]')).to.equal(String(rscCadence));
      expect(await shown(page, '[data-metric="runningRsc"]')).to.equal('running');
      expect(await shown(page, '[data-metric="cadenceStep"]')).to.equal(String(step.cadenceSpm));
      expect(await shown(page, '[data-metric="contactMs"]')).to.equal(String(step.contactMs));
      expect(await shown(page, '[data-metric="voMm"]')).to.equal(String(step.voMm));
      expect(await shown(page, '[data-metric="rotationDeg"]')).to.equal((step.rotationCdeg / 100).toFixed(1));
      expect(await shown(page, '[data-metric="leanDeg"]')).to.equal((step.leanCdeg / 100).toFixed(1));
      expect(await shown(page, '[data-metric="steps"]')).to.equal(String(step.index));
      for (const metric of ['dropLeftDeg', 'dropRightDeg']) {
        expect(await shown(page, `[data-metric="${metric}"]`), metric).to.match(/^\d+\.\d$/);
      }
      // one window summarised by now (10 s windows): its medians and balance are on the page
      expect(bridge.deliveredOn(LUMBARPOD_SUMMARY_UUID).length, 'summary + summaryForm notifications').to.be.at.least(2);
      expect(await shown(page, '[data-window="index"]')).to.equal('1');
      expect(await shown(page, '[data-window="gctBalanceLeftPct"]')).to.match(/^\d+\.\d$/);
      expect(await shown(page, '[data-quality="window"]')).to.match(/^1 \(\d+–\d+ s\): /);
      expect(await shown(page, '[data-quality="step"]')).to.not.equal('–');
      // a cell is styled untrusted exactly when the pod's quality bits say so: the lean of a step
      // after a standing calibration is trusted (one before it: the run below); each window cell
      // follows its summary trust bit
      expect(await untrusted(page, '[data-metric="leanDeg"]'), 'step lean').to.equal(false);
      const summaries = bridge.deliveredOn(LUMBARPOD_SUMMARY_UUID).map((d) => decodeMessage(d.bytes)).filter((m): m is MessageByName<'summary'> => m.type === 'summary');
      const quality = summaries[summaries.length - 1].quality;
      const trustOfCell: { [cell: string]: string } = {
        cadenceSpm: 'cadence', contactMs: 'contact', voMm: 'vo', dropLeftDeg: 'drop', rotationDeg: 'rotation', leanDeg: 'lean', gctBalanceLeftPct: 'balance',
      };
      const untrustedCells = Object.keys(trustOfCell).filter((cell) => !summaryTrusts(quality, trustOfCell[cell]));
      // the first window has no lean drift yet (no baseline of the run's first minutes): the pod's 0 there is not measured
      expect(summaryTrusts(quality, 'leanDrift'), 'the first window trusts lean drift not yet').to.equal(false);
      expect(await shown(page, '[data-window="leanDriftDeg"]'), 'lean drift').to.equal('–');
      for (const cell of Object.keys(trustOfCell)) {
        expect(await untrusted(page, `[data-window="${cell}"]`), cell).to.equal(untrustedCells.indexOf(cell) >= 0);
      }
      // every plot has drawn its canvas
      expect(await page.$$eval('.plot canvas', (c) => c.length)).to.equal(4);
      // after each window the page asks for the pod's status again: one at connect, one per window since
      const statuses = (): number => bridge.deliveredOn(LUMBARPOD_REPLY_UUID).filter((d) => d.bytes[1] === MSG_STATUS).length;
      const end = Date.now() + 10000;
      while (statuses() < 2 && Date.now() < end) {
        await bridge.runPod(50);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(statuses(), 'status messages: at connect and after the window').to.be.at.least(2);
      expect(await shown(page, '[data-quality="pod"]')).to.match(/log room about \d+ min of activity/);
    });

    it('shows reconnecting after the link drops, then live data again after reconnecting and subscribing anew', async () => {
      stepsBeforeDrop = bridge.deliveredOn(LUMBARPOD_STEP_UUID).length;
      const attemptsBefore = bridge.connectAttempts;
      bridge.inRange = false;
      sim.bleDisconnect();
      await untilLinkState(page, bridge, 'reconnecting', 5000);
      // the pod stays out of range through the first attempts (at once, then 1 s later)
      const end = Date.now() + 10000;
      while (bridge.connectAttempts < attemptsBefore + 2) {
        if (Date.now() > end) throw new Error('the page did not retry the connection');
        await bridge.runPod(100);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(await linkState(page)).to.equal('reconnecting');
      // in a runner's words: what happened, that the page keeps trying and when, what to do; the
      // time to the next attempt counts down (4 s, then 8 s are the delays: a 1-3 after a 4 is the count)
      const waiting = (seconds: string) => new RegExp(`^Lost the link to the pod: it may be out of range or switched off\\. Trying again in ${seconds}\u00a0s, and on until it answers\\. Bring the phone closer and check that the pod is on\\.$`);
      await untilShown(page, bridge, '#link-detail', waiting('4'), 10000);
      await untilShown(page, bridge, '#link-detail', waiting('[1-3]'), 5000);
      expect(await shown(page, '#link-detail')).not.to.contain('Error');
      // the browser's error stays for whoever looks into the link: in the tooltip and the event list
      expect(await page.$eval('#link-detail', (el) => (el as unknown as { title: string }).title)).to.match(/^NetworkError: Connection attempt failed\. \(attempt \d+\)$/);
      expect(await page.$eval('#events', (el) => el.textContent || '')).to.contain('reconnecting: NetworkError: Connection attempt failed.; attempt');
      // the values on screen are the last ones received, and say so
      expect(await shown(page, '#stale-note')).to.equal('the link to the pod is down: these are the last values received');
      expect(await page.$eval('#cards', (el) => el.classList.contains('stale'))).to.equal(true);
      // long enough away for the pod to summarise a window nobody hears
      await bridge.runPod(12000);
      expect(bridge.deliveredOn(LUMBARPOD_STEP_UUID).length, 'nothing arrives without a link').to.equal(stepsBeforeDrop);
      bridge.inRange = true;
      await untilLinkState(page, bridge, 'connected', 15000);
      expect(sim.blePeer.connected).to.equal(true);
      await bridge.runPod(10000);
      expect(bridge.deliveredOn(LUMBARPOD_STEP_UUID).length, 'steps after the reconnect').to.be.greaterThan(stepsBeforeDrop + 20);
      const step = lastStep(bridge);
      expect(await shown(page, '[data-metric="cadenceRsc"]')).to.equal(String(lastRscCadence(bridge)));
      expect(await shown(page, '[data-metric="cadenceStep"]')).to.equal(String(step.cadenceSpm));
      expect(await shown(page, '[data-metric="steps"]')).to.equal(String(step.index));
      expect(await page.$eval('#stale-note', (el) => (el as unknown as { hidden: boolean }).hidden), 'current again').to.equal(true);
      expect(await page.$eval('#cards', (el) => el.classList.contains('stale'))).to.equal(false);
      // the steps the pod sent while nobody listened show as missed (their seq numbers skipped);
      // the window summaries made meanwhile are read back from its log
      expect(await shown(page, '[data-quality="pod"]')).to.match(/(^|, )\d+ live updates? did not arrive \(the pod keeps its window summaries in its log, to read later\)/);
      expect(await shown(page, '[data-quality="pod"]')).to.match(/[1-9]\d* windows? read back from the pod's log/);
      // the pod's state in words a runner reads, not its flag names
      expect(await shown(page, '[data-quality="pod"]')).to.contain('forward direction found').and.not.to.match(/forward known|ble connected/);
      expect(sim.crashes, 'pod crashes').to.deep.equal([]);
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
    });

    it('downloads the session as NDJSON of decoded messages and the steps as CSV', async () => {
      await page.click('#download-ndjson');
      const ndjson = fs.readFileSync(await downloaded(downloadDir, '.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      const steps = bridge.deliveredOn(LUMBARPOD_STEP_UUID).map((d) => decodeMessage(d.bytes) as StepMessage);
      const stepLines = ndjson.filter((l) => l.type === 'step');
      expect(stepLines.map((l) => l.index)).to.deep.equal(steps.map((s) => s.index));
      expect(stepLines[0]).to.include({ source: 'step', cadenceSpm: steps[0].cadenceSpm, contactMs: steps[0].contactMs });
      expect(ndjson.filter((l) => l.type === 'rscMeasurement').length).to.equal(bridge.deliveredOn(RSC_MEASUREMENT_UUID).length);
      expect(ndjson.some((l) => l.type === 'summaryForm')).to.equal(true);
      expect(ndjson.filter((l) => l.type === 'link').map((l) => l.state)).to.include.members(['connecting', 'connected', 'reconnecting']);
      expect(ndjson.some((l) => l.type === 'sequenceGap' && l.messageType === 'step')).to.equal(true);
      // every window the pod summarised, live or read back from its log, once each
      const summarySeqs = ndjson.filter((l) => l.type === 'summary').map((l) => l.seq as number);
      expect(summarySeqs.slice().sort((a, b) => a - b), JSON.stringify(summarySeqs)).to.deep.equal(summarySeqs.map((_, i) => i));
      expect(ndjson.some((l) => l.type === 'summary' && l.fromLog === true)).to.equal(true);
      // those read back are no loss: each gap of summaries says them recovered, and the Pod line's
      // live updates that did not arrive are the rest of the gaps (steps, RSC-less types), as record counts them
      const gaps = ndjson.filter((l) => l.type === 'sequenceGap');
      const summaryGaps = gaps.filter((l) => l.messageType === 'summary' || l.messageType === 'summaryForm');
      expect(summaryGaps.length, 'gaps of the windows made while the link was down').to.be.greaterThan(0);
      expect(summaryGaps.map((l) => l.recovered), JSON.stringify(summaryGaps)).to.deep.equal(summaryGaps.map((l) => l.missing));
      const missed = gaps.reduce((n, l) => n + l.missing - (l.recovered ?? 0), 0);
      expect(await shown(page, '[data-quality="pod"]')).to.match(new RegExp(`(^|, )${missed} live updates? did not arrive`));

      await page.click('#download-csv');
      const csv = fs.readFileSync(await downloaded(downloadDir, '-steps.csv'), 'utf8').trim().split('\n');
      expect(csv[0]).to.equal(STEP_CSV_COLUMNS.join(','));
      expect(csv.length - 1).to.equal(steps.length);
      const last = csv[csv.length - 1].split(',');
      const col = (name: string) => Number(last[STEP_CSV_COLUMNS.indexOf(name)]);
      const s = steps[steps.length - 1];
      expect([col('index'), col('tMs'), col('cadenceSpm'), col('dropCdeg'), col('quality')]).to.deep.equal([s.index, s.tMs, s.cadenceSpm, s.dropCdeg, s.quality]);
    });

    it('reads the pod\'s whole log over BLE (runs made without a phone), downloads it by session and clears it on the pod', async () => {
      const logged = (): Message[] => {
        // the file's erased rest ends the log
        return logEntriesDecode(sim.storage.fileBytes(FLASH_LOG_FILE) ?? new Uint8Array(0)).messages;
      };
      // the run is over and the pod stands still: its windows have no steps and are not logged, so
      // the log cannot grow between the read and the clear (which the page would refuse)
      await bridge.runPod(Math.max(0, RUN_ENDS_MS + 10000 - sim.nowMs));
      expect(sim.nowMs, 'past the run and one window more').to.be.at.least(RUN_ENDS_MS + 10000);
      await untilEnabled(page, bridge, '#log-read', 5000);
      await page.click('#log-read');
      await untilShown(page, bridge, '#log-state', /^\d+ windows in 1 session: session 1 \(\d{4}-\d\d-\d\d \d\d:\d\d\): \d+ windows \(\d+ min\), running \d+ spm$/, 20000);
      await page.click('#log-download');
      const lines = fs.readFileSync(await downloaded(downloadDir, '-pod-log.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      // what the pod holds in its flash, entry by entry (it logs on while it runs: the read has the
      // first ones), and first the clock the page gave the pod on connecting, which dates the
      // session, and the recording's rate, which labels it: neither is a line of it
      const held = logged();
      expect(held.slice(0, 2).map((m) => m.type)).to.deep.equal(['clock', 'recordingInfo']);
      expect((held[0] as Extract<Message, { type: 'clock' }>).epochS * 1000, 'the page\'s clock').to.be.within(Date.now() - 600000, Date.now());
      expect((held[1] as Extract<Message, { type: 'recordingInfo' }>).rateHz).to.equal(104);
      const stored = held.filter((m) => !logOnlyMessage(m));
      expect(lines.length, 'summary and summaryForm of at least two windows').to.be.at.least(4);
      expect(lines.map((l) => [l.session, l.boot])).to.deep.equal(lines.map(() => [1, 0]));
      expect(lines.map(({ session, boot, wallTimeMs, ...m }) => m)).to.deep.equal(JSON.parse(JSON.stringify(stored.slice(0, lines.length))));
      // each window at the wall time a clock the page gave the pod says (it gives one on every
      // connection, and the simulated pod's clock runs faster than the page's, so they differ)
      const clockOffsetsMs = held.filter((m): m is Extract<Message, { type: 'clock' }> => m.type === 'clock').map((c) => c.epochS * 1000 + c.epochMs - c.deviceTimeMs);
      const offsetsMs = lines.map((l) => l.wallTimeMs - l.deviceTimeMs);
      expect(clockOffsetsMs).to.include(offsetsMs[0]);
      expect(offsetsMs).to.deep.equal(lines.map(() => offsetsMs[0]));
      expect(await shown(page, '#log-state')).to.match(new RegExp(`^${lines.length / 2} windows in 1 session`));
      // the session's report, made in the page by the report code of `lumbarpod report`, opens offline with its plots
      await page.click('#log-reports button[data-session="0"]');
      const reportFile = await downloaded(downloadDir, '-pod-log-session-1-report.html');
      const reportHtml = fs.readFileSync(reportFile, 'utf8');
      expect(reportHtml).to.contain('pod log session 1').and.contain('Cadence').and.contain('lower back');
      const report = await expectReportOpensOffline(browser, reportFile, 5);
      expect(report.plots.some((plot) => plot.colouredPixels > 150), 'a series drawn').to.equal(true);
      await report.page.close();
      // cleared on the pod, once confirmed
      page.once('dialog', (dialog) => void dialog.accept());
      await page.click('#log-clear');
      const end = Date.now() + 10000;
      while (!(await page.$eval('#events', (el) => el.textContent || '')).includes('log is cleared') && Date.now() < end) {
        await bridge.runPod(50);
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await page.$eval('#events', (el) => el.textContent || '')).to.include('the pod\'s log is cleared');
      expect(logged().filter((m) => !logOnlyMessage(m)).length, 'at most the window logged since').to.be.at.most(2);
      // what was read stays shown, and said to be all there is of the log now
      expect(await shown(page, '#log-state')).to.match(new RegExp(`^${lines.length / 2} windows in 1 session: session 1 .*, running \\d+ spm; the log is cleared now$`));
    });

    it('dims the cards once the runner has stopped, saying how long since the last step, while the link stays up; RSC says stopped', async () => {
      // the run is over (the test before ran the pod past it): no step comes while the pod stands
      expect(sim.nowMs, 'past the run').to.be.at.least(RUN_ENDS_MS);
      const stepsBefore = bridge.deliveredOn(LUMBARPOD_STEP_UUID).length;
      await untilShown(page, bridge, '#stale-note', /^no step for \d+ s: these are the last values received$/, 10000);
      expect(await linkState(page)).to.equal('connected');
      expect(bridge.deliveredOn(LUMBARPOD_STEP_UUID).length, 'no step meanwhile').to.equal(stepsBefore);
      const ageS = Number((await shown(page, '#stale-note')).match(/\d+/)![0]);
      expect(ageS, 'the note\'s age, s').to.be.at.least(STEP_STALE_MS / 1000);
      expect(await page.$eval('#cards', (el) => el.classList.contains('stale'))).to.equal(true);
      // the values stay as the last step left them
      expect(await shown(page, '[data-metric="steps"]')).to.equal(String(lastStep(bridge).index));
      // the pod tells a watch the runner stopped, and the RSC card says it in words
      await untilShown(page, bridge, '[data-metric="runningRsc"]', /^stopped$/, 10000);
      expect(await shown(page, '[data-metric="cadenceRsc"]')).to.equal('0');
      expect(lastRscCadence(bridge)).to.equal(0);
    });

    it('closes the link on Disconnect and does not reconnect', async () => {
      const attempts = bridge.connectAttempts;
      await page.click('#disconnect');
      await untilLinkState(page, bridge, 'disconnected', 5000);
      expect(sim.blePeer.connected, 'the pod saw the link close').to.equal(false);
      await new Promise((r) => setTimeout(r, 1500)); // longer than the second reconnect delay
      await bridge.runPod(200);
      expect(bridge.connectAttempts).to.equal(attempts);
      expect(await linkState(page)).to.equal('disconnected');
      expect(await page.$eval('#connect', (b) => (b as unknown as { disabled: boolean }).disabled)).to.equal(false);
    });

    it('says so, and offers no Connect, in a browser without Web Bluetooth', async () => {
      const bare = await browser.newPage();
      const errors: string[] = [];
      bare.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      bare.on('pageerror', (e) => errors.push(String(e)));
      await bare.evaluateOnNewDocument(() => {
        const g = globalThis as unknown as { Navigator: { prototype: object } };
        Object.defineProperty(g.Navigator.prototype, 'bluetooth', { configurable: true, get: () => undefined });
      });
      await bare.goto(pathToFileURL((await buildWebOnce()).htmlPath).href, { waitUntil: 'load' });
      expect(await linkState(bare)).to.equal('unavailable');
      expect(await bare.$eval('#no-bluetooth', (el) => el.hasAttribute('hidden'))).to.equal(false);
      expect(await bare.$eval('#connect', (b) => (b as unknown as { disabled: boolean }).disabled)).to.equal(true);
      expect(errors).to.deep.equal([]);
      await bare.close();
    });

    it('fits a phone 320 px wide: nothing wider than the screen, each plot inside its box', async () => {
      const phone = await browser.newPage();
      await phone.setViewport({ width: 320, height: 640 });
      await phone.goto(pathToFileURL((await buildWebOnce()).htmlPath).href, { waitUntil: 'load' });
      expect(await phone.$eval('html', (html) => html.scrollWidth), 'page width').to.equal(320);
      const plots = await phone.$$eval('.plot', (boxes) => boxes.map((box) => {
        const chart = box.querySelector('.uplot');
        return { insideWidth: box.clientWidth - 8, chartWidth: chart ? chart.getBoundingClientRect().width : Infinity };
      }));
      expect(plots.length).to.equal(4);
      for (const p of plots) expect(p.chartWidth, JSON.stringify(p)).to.be.at.most(p.insideWidth);
      await phone.close();
    });

    it('lays the cards out two a row on a phone 390 or 320 px wide, cadence across both, the widest values inside their cards', async () => {
      for (const width of [390, 320]) {
        const phone = await browser.newPage();
        await phone.setViewport({ width, height: 844 });
        await phone.goto(pathToFileURL((await buildWebOnce()).htmlPath).href, { waitUntil: 'load' });
        // values as wide as a run gives them
        await phone.$$eval('[data-metric], [data-window]', (cells) => {
          for (const cell of cells) cell.textContent = /Deg$/.test(cell.getAttribute('data-metric') || cell.getAttribute('data-window') || '') ? '-12.3' : '188.8';
        });
        expect(await phone.$eval('html', (html) => html.scrollWidth), `page width at ${width} px`).to.equal(width);
        const cards = await phone.$$eval('#cards .card', (boxes) => boxes.map((box) => {
          const r = box.getBoundingClientRect();
          return { title: (box.querySelector('h2') || box).textContent, left: Math.round(r.left), top: Math.round(r.top), width: r.width, overflow: box.scrollWidth - box.clientWidth };
        }));
        const gridWidth = await phone.$eval('#cards', (grid) => grid.getBoundingClientRect().width);
        expect(cards[0].title).to.equal('Cadence');
        expect(cards[0].width, 'cadence across the row').to.equal(gridWidth);
        const rest = cards.slice(1);
        for (const card of rest) {
          expect(card.width, `${card.title} at ${width} px`).to.be.below(gridWidth / 2);
          expect(card.overflow, `${card.title} overflows at ${width} px`).to.equal(0);
        }
        // two a row: the second card of each pair beside the first
        for (let i = 0; i + 1 < rest.length; i += 2) {
          expect(rest[i + 1].top, `${rest[i].title} and ${rest[i + 1].title}`).to.equal(rest[i].top);
          expect(rest[i + 1].left).to.be.above(rest[i].left);
        }
        // each side of a pair on one line, the pair breaking between them if it must
        const sides = await phone.$$eval('.pair .side', (els) => els.map((el) => {
          // the text, value and unit of one line end within a few px of each other; a second line 20 px lower
          const bottoms = Array.from(el.getClientRects() as ArrayLike<{ bottom: number }>).map((r) => r.bottom);
          return Math.max(...bottoms) - Math.min(...bottoms) < 10 ? 1 : 2;
        }));
        expect(sides).to.deep.equal([1, 1, 1, 1]);
        await phone.close();
      }
    });

    it('logs no console error and requests nothing but its own files', async () => {
      expect(consoleErrors).to.deep.equal([]);
      expect(requests.filter((u) => !/^(file|blob|data):/.test(u)), 'requests off this machine').to.deep.equal([]);
      expect(requests.some((u) => u.endsWith('/dashboard.js'))).to.equal(true);
    });
  });

  describe('in headless Chromium, a runner who runs, walks, then runs again', () => {
    let browser: Browser | undefined;
    let downloadDir: string | undefined;
    after(async () => {
      if (browser) await browser.close();
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    });

    it('shows no measured 0 for what the pod leaves unmeasured: walking steps\' lean and drop (the drop held from the last running steps, and labelled so until running resumes), a window without running, a window half lost', async function () {
      this.timeout(120000);
      const run = generateSynthetic({
        sampleRateHz: RATE_HZ, seed: 7,
        segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 22, cadenceSpm: 170 }, { kind: 'walking', durationS: 20 }, { kind: 'running', durationS: 15, cadenceSpm: 170 }],
      });
      const opened = await dashboardOn(run, [], []);
      ({ browser, downloadDir } = opened);
      const { page, bridge } = opened;
      // the second half of window 2 is lost on the air
      bridge.lose = (characteristic, bytes) => {
        const m = characteristic === normalizeBleUuid(LUMBARPOD_SUMMARY_UUID) ? decodeMessage(bytes) : undefined;
        return m !== undefined && m.type === 'summaryForm' && m.index === 2;
      };
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      await bridge.runPod(21000);
      expect(await shown(page, '[data-window="index"]')).to.equal('2');
      expect(await shown(page, '[data-window="voMm"]'), 'the first half came').to.match(/^\d+$/);
      expect(await shown(page, '[data-metric="kind"]'), 'still running').to.equal('running');
      expect(await page.$eval('#drop-held', (el) => (el as unknown as { hidden: boolean }).hidden), 'the drop of the step now, unlabelled').to.equal(true);
      // the cells of the lost half do not keep window 1's values under window 2's number
      for (const cell of ['dropLeftDeg', 'dropRightDeg', 'rotationDeg', 'leanDeg', 'leanDriftDeg', 'gctBalanceLeftPct', 'gctBalanceRightPct']) {
        expect(await shown(page, `[data-window="${cell}"]`), cell).to.equal('–');
      }

      await bridge.runPod(12000);
      const steps = bridge.deliveredOn(LUMBARPOD_STEP_UUID).map((d) => decodeMessage(d.bytes) as StepMessage);
      const last = steps[steps.length - 1];
      expect(last.kind, 'walking by now').to.equal(KIND_WALKING);
      // a walking step's lean and drop are 0 for not measured: the lean is not shown, the drop
      // of each side is its last running stance's
      expect(last.leanCdeg).to.equal(0);
      expect(await shown(page, '[data-metric="leanDeg"]')).to.equal('–');
      const lastRunning = (side: number): StepMessage => steps.filter((st) => st.kind === KIND_RUNNING && st.side === side).pop() as StepMessage;
      expect(await shown(page, '[data-metric="dropLeftDeg"]')).to.equal((lastRunning(SIDE_LEFT).dropCdeg / 100).toFixed(1));
      expect(await shown(page, '[data-metric="dropRightDeg"]')).to.equal((lastRunning(SIDE_RIGHT).dropCdeg / 100).toFixed(1));
      // and says so, where every other step cell shows a dash
      expect(await page.$eval('#drop-held', (el) => (el as unknown as { hidden: boolean }).hidden), 'the drop labelled').to.equal(false);
      expect(await shown(page, '#drop-held')).to.equal('last running steps (none measured while walking)');

      // window 4 (30-40 s) has walking steps only
      await bridge.runPod(Math.max(0, 40500 - opened.sim.nowMs));
      expect(await shown(page, '[data-window="index"]')).to.equal('4');
      const summaries = bridge.deliveredOn(LUMBARPOD_SUMMARY_UUID).map((d) => decodeMessage(d.bytes)).filter((m): m is MessageByName<'summary'> => m.type === 'summary');
      expect(summaries[summaries.length - 1]).to.include({ index: 4, runningSteps: 0 });
      // its cadence is its walking cadence
      expect(summaries[summaries.length - 1].walkingCadenceSpm).to.be.within(90, 130);
      expect(await shown(page, '[data-window="cadenceSpm"]')).to.equal(`${summaries[summaries.length - 1].walkingCadenceSpm} walking`);
      // and the Quality line says the running metrics were not measured, not that they are doubtful
      const walkingTrusted = summaryTrusts(summaries[summaries.length - 1].quality, 'walkingCadence');
      expect(await shown(page, '[data-quality="window"]')).to.equal('4 (30–40 s): walking only: the running metrics are not measured' + (walkingTrusted ? '' : '; walking cadence not trustworthy'));
      expect(await untrusted(page, '[data-quality="window"]')).to.equal(!walkingTrusted);
      for (const cell of ['dropLeftDeg', 'dropRightDeg', 'rotationDeg', 'leanDeg', 'gctBalanceLeftPct']) {
        expect(await shown(page, `[data-window="${cell}"]`), cell).to.equal('–');
        // its trust bit is clear, but a dash holds no value to doubt
        expect(await untrusted(page, `[data-window="${cell}"]`), `${cell} styled doubtful`).to.equal(false);
      }

      // the runner runs again (from 45 s): the drop is the step's own again, unlabelled
      await bridge.runPod(Math.max(0, 47000 - opened.sim.nowMs));
      await untilShown(page, bridge, '[data-metric="kind"]', /^running$/, 10000);
      expect(await page.$eval('#drop-held', (el) => (el as unknown as { hidden: boolean }).hidden), 'the label dropped').to.equal(true);

      // the pod restarts (its link drops with it): the page says so once it is back, as the
      // restarted error went out before any host was linked to hear it
      opened.sim.reboot();
      await bridge.runPod(1000);
      await untilLinkState(page, bridge, 'connected', 15000);
      await untilShown(page, bridge, '#events', /the pod restarted: its steps and windows count from 1 again/, 10000);
      const events = await page.$$eval('#events li', (lis) => lis.map((li) => li.textContent || ''));
      expect(events.filter((e) => e.includes('the pod restarted')).length, 'once').to.equal(1);
    });
  });

  describe('in headless Chromium, a coach who turns from one runner\'s pod to another\'s', () => {
    let browser: Browser | undefined;
    let downloadDir: string | undefined;
    after(async () => {
      if (browser) await browser.close();
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    });

    it('shows none of the first runner\'s numbers as the second\'s: the cards start empty and the Pod line counts none of the first pod\'s missed notifications, then they fill from the second pod', async function () {
      this.timeout(120000);
      const first = generateSynthetic({ sampleRateHz: RATE_HZ, seed: 9, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 30, cadenceSpm: 176 }] });
      const opened = await dashboardOn(first, [], []);
      ({ browser, downloadDir } = opened);
      const { page, bridge } = opened;
      // two of the first runner's steps are lost on the air
      bridge.lose = (characteristic, bytes) => {
        const m = characteristic === normalizeBleUuid(LUMBARPOD_STEP_UUID) ? decodeMessage(bytes) : undefined;
        return m !== undefined && m.type === 'step' && (m.index === 10 || m.index === 11);
      };
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      await bridge.runPod(22000);
      expect(await shown(page, '[data-metric="cadenceStep"]'), 'the first runner\'s cadence').to.match(/^1[78]\d$/);
      expect(await shown(page, '[data-window="index"]')).to.equal('2');
      expect(await shown(page, '[data-quality="pod"]'), 'the first pod\'s losses').to.match(/(^|, )2 live updates did not arrive/);
      await page.click('#disconnect');
      await untilLinkState(page, bridge, 'disconnected', 5000);
      bridge.lose = () => false;
      const firstPodSteps = bridge.deliveredOn(LUMBARPOD_STEP_UUID).length;

      // the second runner stands at the start line, then walks off at 110 spm
      const second = generateSynthetic({ sampleRateHz: RATE_HZ, seed: 10, segments: [{ kind: 'standing', durationS: 8 }, { kind: 'walking', durationS: 20, cadenceSpm: 110 }] });
      const other = new PodSimulator({ bundleSource: await simBundleSource(), recording: imuSourceFromSynthetic(second), batteryPercent: 41 });
      other.runFor(100);
      bridge.usePod(other, 'sim-pod-2', 'LumbarPod sim 2');
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      await untilShown(page, bridge, '[data-metric="batteryPct"]', /^41$/, 5000);
      expect(other.nowMs, 'the second runner still stands').to.be.below(6000);
      expect(bridge.deliveredOn(LUMBARPOD_STEP_UUID).length, 'no step of the second pod yet').to.equal(firstPodSteps);
      for (const cell of ['cadenceRsc', 'runningRsc', 'cadenceStep', 'contactMs', 'flightMs', 'voMm', 'dropLeftDeg', 'dropRightDeg', 'rotationDeg', 'leanDeg', 'steps', 'side', 'kind']) {
        expect(await shown(page, `[data-metric="${cell}"]`), cell).to.equal('–');
      }
      for (const cell of ['index', 'steps', 'cadenceSpm', 'contactMs', 'voMm', 'dropLeftDeg', 'dropRightDeg', 'rotationDeg', 'leanDeg']) {
        expect(await shown(page, `[data-window="${cell}"]`), `window ${cell}`).to.equal('–');
      }
      expect(await shown(page, '[data-quality="step"]')).to.equal('–');
      expect(await shown(page, '[data-quality="window"]')).to.equal('–');
      expect(await page.$eval('#stale-note', (el) => (el as unknown as { hidden: boolean }).hidden), 'nothing on the cards to call old').to.equal(true);
      expect(await shown(page, '[data-quality="pod"]'), 'the second pod has lost nothing').not.to.match(/did not arrive/);

      // its own steps fill them
      await bridge.runPod(14000 - other.nowMs);
      await untilShown(page, bridge, '[data-metric="kind"]', /^walking$/, 5000);
      expect(Number(await shown(page, '[data-metric="cadenceStep"]')), 'the second runner\'s walking cadence').to.be.within(100, 120);
      expect(Number(await shown(page, '[data-metric="steps"]')), 'its step count').to.be.below(20);
      expect(await shown(page, '[data-quality="pod"]'), 'nor since its steps came').to.match(/^firmware \d+\.\d+, 104 Hz/).and.not.to.match(/did not arrive/);
    });
  });

  describe('in headless Chromium, a pod on a run started without standing still', () => {
    let browser: Browser | undefined;
    let downloadDir: string | undefined;
    after(async () => {
      if (browser) await browser.close();
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    });

    it('styles the lean of its steps untrusted and says why: no standing calibration has given the upright yet', async function () {
      this.timeout(120000);
      const run = generateSynthetic({ sampleRateHz: RATE_HZ, seed: 6, segments: [{ kind: 'running', durationS: 20, cadenceSpm: 168 }] });
      const opened = await dashboardOn(run, [], []);
      ({ browser, downloadDir } = opened);
      const { page, bridge } = opened;
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      await bridge.runPod(8000);
      const step = lastStep(bridge);
      expect(step.quality & STEP_UNCALIBRATED, 'the pod flags the step uncalibrated').to.not.equal(0);
      expect(await shown(page, '[data-metric="leanDeg"]')).to.equal((step.leanCdeg / 100).toFixed(1));
      expect(await untrusted(page, '[data-metric="leanDeg"]'), 'step lean').to.equal(true);
      expect(await page.$eval('[data-metric="leanDeg"]', (el) => (el as unknown as { title: string }).title)).to.equal('not calibrated (no standing start: lean against an estimated upright)');
      // the other step cells carry no doubt of their own
      expect(await untrusted(page, '[data-metric="cadenceStep"]'), 'cadence').to.equal(false);
    });
  });

  describe('in headless Chromium, a pod that is not recording', () => {
    let browser: Browser | undefined;
    let downloadDir: string | undefined;
    after(async () => {
      if (browser) await browser.close();
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    });

    it('says the pod is not recording and that its button starts it, then says when its button stops it mid-run', async function () {
      this.timeout(120000);
      const run = generateSynthetic({ sampleRateHz: RATE_HZ, seed: 11, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 60, cadenceSpm: 170 }] });
      const consoleErrors: string[] = [];
      const opened = await dashboardOn(run, consoleErrors, []);
      ({ browser, downloadDir } = opened);
      const { page, bridge, sim } = opened;
      // the pod recording since its boot is stopped by its button before the runner connects
      sim.pressButton();
      sim.runFor(500);
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      await untilShown(page, bridge, '#stale-note', /^the pod is not recording: press its button to start a recording$/, 10000);
      expect(await shown(page, '[data-quality="pod"]')).to.not.match(/recording/);
      expect(await page.$eval('#cards', (el) => el.classList.contains('stale'))).to.equal(true);

      // its button starts a recording: the steps come, and the note goes
      sim.pressButton();
      await untilShown(page, bridge, '[data-metric="kind"]', /^running$/, 15000);
      expect(await page.$eval('#stale-note', (el) => (el as unknown as { hidden: boolean }).hidden), 'current again').to.equal(true);

      // its button stops it mid-run: the pod closes its window, the status asked after it says it stopped
      await bridge.runPod(5000);
      sim.pressButton();
      await untilShown(page, bridge, '#stale-note', /^the pod stopped recording \(its button\): these are the last values received; press its button to start a new recording$/, 15000);
      expect(await linkState(page)).to.equal('connected');
      expect(consoleErrors).to.deep.equal([]);
    });
  });

  describe('in headless Chromium, a pod whose log filled on a run made without a phone', () => {
    let browser: Browser | undefined;
    let downloadDir: string | undefined;
    after(async () => {
      if (browser) await browser.close();
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    });

    it('says the end of the session is missing because the log was full, in the Pod log, its download and its report, and goes on saying it after the log is cleared', async function () {
      this.timeout(120000);
      // a 2 KB Storage holds about 45 windows of this run: its 15 minutes (90 windows) outlast it
      const runS = 900;
      const run = generateSynthetic({ sampleRateHz: RATE_HZ, seed: 4, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: runS, cadenceSpm: 170 }] });
      const consoleErrors: string[] = [];
      const opened = await dashboardOn(run, consoleErrors, [], 2048);
      ({ browser, downloadDir } = opened);
      const { page, bridge, sim } = opened;
      const downloads = downloadDir;
      // the run alone, then the pod stands still: nothing is logged while the page reads and clears
      sim.runFor((runS + 5) * 1000);
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      await untilEnabled(page, bridge, '#log-read', 5000);
      await page.click('#log-read');
      const fullRead = / windows in 1 session: session 1: .*, running \d+ spm\. The pod's log is full: the end of session 1 is missing \(what the pod measured after its log filled was not kept\)\. Clear the log once it is downloaded, to make room for the next run$/;
      await untilShown(page, bridge, '#log-state', fullRead, 20000);
      const windowsRead = Number(/^(\d+) windows/.exec(await shown(page, '#log-state'))![1]);
      expect(windowsRead, 'windows the log held, of the run\'s 90').to.be.above(20).and.below(80);

      const reportHtml = async (): Promise<string> => {
        await page.click('#log-reports button[data-session="0"]');
        const file = await downloaded(downloads, '-pod-log-session-1-report.html');
        const html = fs.readFileSync(file, 'utf8');
        fs.rmSync(file);
        return html;
      };
      const issueListed = `<ul class="issues"><li>${escapeHtml(LOG_FULL_WORDS)}</li></ul>`;
      expect(await reportHtml()).to.contain(issueListed);

      page.once('dialog', (dialog) => void dialog.accept());
      await page.click('#log-clear');
      await untilShown(page, bridge, '#events', /the pod's log is cleared/, 10000);
      await untilShown(page, bridge, '#log-state', /; the log is cleared now$/, 5000);
      expect(await shown(page, '#log-state')).to.match(new RegExp(`^${windowsRead} windows in 1 session: session 1: .*, running \\d+ spm\\. The pod's log was full: the end of session 1 is missing \\(what the pod measured after its log filled was not kept\\); the log is cleared now$`));
      expect(await page.$eval('#log-clear', (b) => (b as unknown as { disabled: boolean }).disabled), 'nothing left to clear').to.equal(true);
      expect(await reportHtml()).to.contain(issueListed);
      await page.click('#log-download');
      const lines = fs.readFileSync(await downloaded(downloads, '-pod-log.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines[lines.length - 1]).to.deep.equal({ type: 'logFull', session: 1 });
      expect(lines.filter((l) => l.type === 'summary').length).to.equal(windowsRead);
      expect(consoleErrors).to.deep.equal([]);
    });
  });

  describe('in headless Chromium, a pod whose button starts a new recording mid-run', () => {
    let browser: Browser | undefined;
    let downloadDir: string | undefined;
    after(async () => {
      if (browser) await browser.close();
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    });

    it('says so once in the event list, not that the pod restarted, and marks it in the session download', async function () {
      this.timeout(120000);
      const run = generateSynthetic({ sampleRateHz: RATE_HZ, seed: 8, segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 30, cadenceSpm: 170 }] });
      const opened = await dashboardOn(run, [], []);
      ({ browser, downloadDir } = opened);
      const { page, bridge, sim } = opened;
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      await bridge.runPod(12000);
      sim.pressButton();
      await bridge.runPod(500);
      sim.pressButton();
      await bridge.runPod(8000);
      const steps = bridge.deliveredOn(LUMBARPOD_STEP_UUID).map((d) => decodeMessage(d.bytes) as StepMessage);
      expect(steps.some((st, i) => i > 0 && st.index < steps[i - 1].index), 'the steps count from 1 again').to.equal(true);
      await untilShown(page, bridge, '#events', /the pod started a new recording/, 10000);
      const events = await page.$$eval('#events li', (lis) => lis.map((li) => li.textContent || ''));
      expect(events.filter((e) => e.includes('the pod started a new recording')).length, 'once').to.equal(1);
      expect(events.filter((e) => e.includes('the pod restarted')), 'no restart of the pod').to.deep.equal([]);
      await page.click('#download-ndjson');
      const lines = fs.readFileSync(await downloaded(downloadDir as string, '.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.filter((l) => l.type === 'restart').map((l) => l.recordingRestarted)).to.deep.equal([true]);
    });
  });

  describe('in headless Chromium, a pod whose messages are of another protocol version', () => {
    let browser: Browser | undefined;
    let downloadDir: string | undefined;
    after(async () => {
      if (browser) await browser.close();
      if (downloadDir) fs.rmSync(downloadDir, { recursive: true, force: true });
    });

    it('says once in the event list to update its firmware, not a line for every notification it cannot read', async function () {
      this.timeout(120000);
      const run = generateSynthetic({ sampleRateHz: RATE_HZ, seed: 6, segments: [{ kind: 'running', durationS: 20, cadenceSpm: 168 }] });
      const opened = await dashboardOn(run, [], []);
      ({ browser, downloadDir } = opened);
      const { page, bridge } = opened;
      // the LumbarPod service's messages carry protocol version 1 (the RSC bytes have no version)
      const lumbarpod = [LUMBARPOD_STEP_UUID, LUMBARPOD_SUMMARY_UUID, LUMBARPOD_REPLY_UUID].map((uuid) => normalizeBleUuid(uuid));
      bridge.alter = (characteristic, bytes) => {
        if (lumbarpod.indexOf(characteristic) < 0 || bytes.length <= HEADER_VERSION_OFFSET) return bytes;
        const older = Uint8Array.from(bytes);
        older[HEADER_VERSION_OFFSET] = PROTOCOL_VERSION - 1;
        return older;
      };
      await page.click('#connect');
      await untilLinkState(page, bridge, 'connected', 10000);
      await bridge.runPod(8000);
      expect(bridge.deliveredOn(LUMBARPOD_STEP_UUID).length, 'steps the page could not read').to.be.above(5);
      const events = await page.$$eval('#events li', (lis) => lis.map((li) => li.textContent || ''));
      expect(events.filter((e) => /protocol version/.test(e))).to.have.length(1);
      expect(events.filter((e) => /protocol version/.test(e))[0]).to.contain('the pod speaks another protocol version than this page: update its firmware on the setup page');
      expect(events.filter((e) => /undecodable/.test(e))).to.deep.equal([]);
    });
  });
});
