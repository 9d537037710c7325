// The dashboard's set-up page (dist/web/setup.html, host-tools/web/setup.ts with
// @espruino-tools/core) in real headless Chromium, opened from file://, with a fake
// navigator.bluetooth bridged to the simulated pod's Nordic UART: the pod runs an older, marked
// firmware, running: the page restarts it into setup mode over the LumbarPod service, then connects through the library's chooser,
// uploads a newer marked bundle chosen in its file input and a configuration at 208 Hz, checks
// them and starts them with load(); the pod's Storage then holds exactly that bundle and that
// configuration and the new firmware runs in run mode at 208 Hz. Before that, the simulator's
// Nordic UART itself (host-tools/sim/simNrf.ts) against what Espruino does.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import puppeteer, { Browser, ElementHandle, Page } from 'puppeteer-core';
import { decodeMessage } from '../../../firmware/protocol/codec';
import { POD_CONFIG_FILE } from '../../../firmware/device/podConfig';
import { SETUP_FLAG_FILE } from '../../../firmware/device/podFirmware';
import { RSC_SERVICE_UUID } from '../../../firmware/protocol/rscService';
import { MDBT42Q_LSM6DSO_BOARD } from '../../../boards/mdbt42qLsm6dso';
import { SIM_BOARD } from '../../../boards/sim';
import { BOOT_FILE, bootFileWrites, CHECK_EXPRESSION, crc32Of, storedBytesOf } from '../../../host-tools/flash/bootUpload';
import { STORAGE_FILE_HEADER_BYTES } from '../../../host-tools/flash/espruinoStorageLayout';
import { imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';
import { NUS_RX_UUID, NUS_SERVICE_UUID, NUS_TX_UUID } from '../../../host-tools/sim/simNrf';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';
import { builtBundleOnce, SIM_BUNDLE } from '../../../scripts/build';
import { buildWebOnce } from '../../../scripts/build-web';
import { serialMessages, simBundleSource } from '../../e2e/simPodHelpers';
import { installFakeWebBluetooth } from './fakeWebBluetooth';
import { chooseLink, chooseWebBluetooth } from './setupChooser';
import { SimBleBridge } from './simBleBridge';
import { SETUP_CONSOLE_BAUD } from '../../../host-tools/web/webSerialConsoleBaud';

const root = path.resolve(__dirname, '..', '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARTIFACTS = path.join(root, 'test-artifacts');

function text(bytes: Uint8Array[]): string {
  return bytes.map((b) => Buffer.from(b).toString('latin1')).join('');
}

/** the set-up page (dist/web/setup.html) opened from file:// in headless Chromium, its fake Web Bluetooth bridged to `sim` */
async function openSetupPage(sim: PodSimulator): Promise<{ browser: Browser; page: Page; bridge: SimBleBridge; consoleErrors: string[]; requests: string[] }> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  const built = await buildWebOnce();
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 900 });
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  page.on('request', (r) => requests.push(r.url()));
  const bridge = new SimBleBridge(sim, page);
  // the library asks for devices named Puck.js... or serving the Nordic UART; the restart, as the dashboard, for RSC
  bridge.chooserServices = [NUS_SERVICE_UUID, RSC_SERVICE_UUID];
  await bridge.install();
  await page.evaluateOnNewDocument(installFakeWebBluetooth);
  // no serial device here: a Web Serial whose one port is an adapter with nothing on its wires (or
  // its RX and TX swapped): it notes the rate it is opened at and what is written to it, and a
  // read of it never returns
  await page.evaluateOnNewDocument(() => {
    const fake = globalThis as unknown as { serialOpenedAt: number[]; serialWritten: string[]; serialClosed: number };
    fake.serialOpenedAt = [];
    fake.serialWritten = [];
    fake.serialClosed = 0;
    const port = {
      open: (options: { baudRate: number }) => { fake.serialOpenedAt.push(options.baudRate); return Promise.resolve(); },
      readable: { getReader: () => ({ read: () => new Promise(() => undefined), releaseLock: () => undefined }) },
      writable: {
        getWriter: () => ({
          write: (bytes: ArrayBuffer) => { fake.serialWritten.push(String.fromCharCode(...new Uint8Array(bytes))); return Promise.resolve(); },
          releaseLock: () => undefined,
        }),
      },
      close: () => { fake.serialClosed++; return Promise.resolve(); },
    };
    Object.defineProperty((globalThis as unknown as { navigator: object }).navigator, 'serial', { value: { requestPort: () => Promise.resolve(port) }, configurable: true });
  });
  await page.goto(pathToFileURL(built.setupHtmlPath).href, { waitUntil: 'load' });
  return { browser, page, bridge, consoleErrors, requests };
}

/** chooses `file` in the page's bundle input, and waits until the page has taken it */
async function chooseBundleFile(page: Page, file: string): Promise<void> {
  const input = (await page.$('#setup-file')) as ElementHandle<never>;
  await input.uploadFile(file);
  await page.waitForFunction((name: string) => {
    const doc = (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document;
    return doc.getElementById('setup-bundle-name')?.textContent === name;
  }, { timeout: 5000 }, path.basename(file));
}

async function shownOn(page: Page, selector: string): Promise<string> {
  return page.$eval(selector, (el) => (el.textContent || '').trim());
}

async function attrOn(page: Page, selector: string, name: string): Promise<string> {
  return page.$eval(selector, (el, n) => el.getAttribute(n as string) || '', name);
}

/** runs the pod in small slices (real time passing too) until `done` says so */
async function pumpUntilOn(page: Page, bridge: SimBleBridge, what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (state ${await attrOn(page, '#setup-state', 'data-state')}, result '${await shownOn(page, '#setup-result')}')`);
    await bridge.runPod(20, 20);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** what a central hears on the NUS TX while it types `line` into the pod's console */
function typeOverNus(sim: PodSimulator, line: string): string {
  const heard: Uint8Array[] = [];
  sim.blePeer.subscribe(NUS_SERVICE_UUID, NUS_TX_UUID, (b) => heard.push(b));
  const bytes = Buffer.from(line, 'latin1');
  const chunk = sim.blePeer.mtu - 3;
  for (let at = 0; at < bytes.length; at += chunk) sim.blePeer.write(NUS_SERVICE_UUID, NUS_RX_UUID, bytes.subarray(at, at + chunk));
  sim.runFor(50);
  sim.blePeer.unsubscribe(NUS_SERVICE_UUID, NUS_TX_UUID);
  return text(heard);
}

describe('set-up page (host-tools/web/setup.ts)', function () {
  this.timeout(240000);
  let bundle: string;

  before(async function () {
    this.timeout(120000);
    bundle = await simBundleSource();
  });

  describe("the simulator's Nordic UART, as Espruino's", () => {
    it('takes the console to Bluetooth when a central connects in setup mode, answers in MTU - 3 byte notifications, and gives it back at the disconnect', () => {
      const sim = new PodSimulator({ bundleSource: bundle + '\nvar LP_OLD_FIRMWARE = 1;', serialConsoleAtBoot: true });
      sim.storage.write(SETUP_FLAG_FILE, '1');
      sim.runFor(100);
      expect(sim.nrf.nusEnabled, 'setup mode: NRF.setServices({}, {uart: true})').to.equal(true);
      expect(sim.consoleDevice).to.equal('Serial1');
      sim.blePeer.mtu = 23; // the default ATT MTU: 20 bytes a notification
      sim.blePeer.connect();
      expect(sim.consoleDevice).to.equal('Bluetooth');
      const heard: Uint8Array[] = [];
      sim.blePeer.subscribe(NUS_SERVICE_UUID, NUS_TX_UUID, (b) => heard.push(b));
      const serialBefore = sim.serialOutput().length;
      const line = '\x10eval(process.env.CONSOLE).println(JSON.stringify([LP_OLD_FIRMWARE,"' + 'x'.repeat(40) + '"]))\n';
      for (let at = 0; at < line.length; at += 20) sim.blePeer.write(NUS_SERVICE_UUID, NUS_RX_UUID, Buffer.from(line.slice(at, at + 20), 'latin1'));
      sim.runFor(50);
      expect(text(heard)).to.equal(`[1,"${'x'.repeat(40)}"]\r\n>`);
      expect(heard.map((b) => b.length)).to.deep.equal([20, 20, 8, 1]);
      expect(sim.serialOutput().length, 'nothing of it on Serial1').to.equal(serialBefore);
      // a write to RX is console input, never a JavaScript onWrite event
      expect(sim.crashes).to.deep.equal([]);
      sim.blePeer.disconnect();
      sim.runFor(10);
      expect(sim.consoleDevice).to.equal('Serial1');
    });

    it('has no Nordic UART in run mode (uart: false), where the console stays forced on LoopbackA', () => {
      const sim = new PodSimulator({ bundleSource: bundle });
      sim.runFor(100);
      expect(sim.nrf.nusEnabled).to.equal(false);
      expect(sim.nrf.findCharacteristic(NUS_SERVICE_UUID, NUS_RX_UUID)).to.equal(undefined);
      sim.blePeer.connect();
      expect(sim.consoleDevice).to.equal('LoopbackA');
    });

    it('runs the Storage.write lines and the check that host-tools/flash/bootUpload.ts makes', () => {
      const sim = new PodSimulator({ bundleSource: bundle });
      sim.storage.write(SETUP_FLAG_FILE, '1');
      sim.runFor(100);
      sim.blePeer.connect();
      sim.runFor(10);
      const bytes = Uint8Array.from([0, 1, 2, 0x0a, 0x0d, 0x10, 0x03, 0x1b, 0x22, 0x5c, 0x7f, 0x80, 0xff, ...Buffer.from('var x = "a\\b";\n')]);
      for (const l of bootFileWrites(bytes, BOOT_FILE, 5)) expect(typeOverNus(sim, '\x10eval(process.env.CONSOLE).println(JSON.stringify(' + l + '))\n')).to.equal('true\r\n>');
      expect(typeOverNus(sim, '\x10eval(process.env.CONSOLE).println(JSON.stringify(' + CHECK_EXPRESSION + '))\n')).to.equal(`[${bytes.length},${crc32Of(bytes)}]\r\n>`);
      expect(Buffer.from(sim.storage.fileBytes(BOOT_FILE) as Uint8Array)).to.deep.equal(Buffer.from(bytes));
    });
  });

  describe('in headless Chromium with a fake Web Bluetooth bridged to a simulated pod in setup mode', () => {
    let browser: Browser;
    let page: Page;
    let sim: PodSimulator;
    let bridge: SimBleBridge;
    let tmpDir: string;
    let newBundlePath: string;
    let newBundle: Buffer;
    /** log bytes the pod held before the flash: every byte value, 0xFF among them */
    const oldLog = Uint8Array.from({ length: 700 }, (_, i) => (i * 37) & 0xff);
    let consoleErrors: string[] = [];
    let requests: string[] = [];
    const shown = (selector: string) => shownOn(page, selector);
    const attr = (selector: string, name: string) => attrOn(page, selector, name);
    const pumpUntil = (what: string, done: () => Promise<boolean>, timeoutMs: number) => pumpUntilOn(page, bridge, what, done, timeoutMs);

    before(async function () {
      this.timeout(120000);
      tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-setup-'));
      newBundle = Buffer.from(bundle + '\nvar LP_NEW_FIRMWARE = 1;', 'latin1');
      newBundlePath = path.join(tmpDir, 'lumbarpod-new.min.js');
      fs.writeFileSync(newBundlePath, newBundle);
      const run = generateSynthetic({
        sampleRateHz: 104, seed: 7,
        segments: [{ kind: 'standing', durationS: 3 }, { kind: 'running', durationS: 120, cadenceSpm: 170 }],
      });
      // an older firmware (marked), running: the page restarts it into setup mode first
      sim = new PodSimulator({ bundleSource: bundle + '\nvar LP_OLD_FIRMWARE = 1;', recording: imuSourceFromSynthetic(run) });
      sim.blePeer.mtu = 23;
      // what a used pod holds at power-on: its old firmware first, then its log (partly written)
      // and its config (not sampling, so its log stays as it is)
      sim.storage.write(BOOT_FILE, bundle + '\nvar LP_OLD_FIRMWARE = 1;');
      sim.storage.write('lplog', oldLog, 0, 3000);
      sim.storage.writeJSON(POD_CONFIG_FILE, { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 0 });
      sim.runFor(500); // booted in run mode
      ({ browser, page, bridge, consoleErrors, requests } = await openSetupPage(sim));
    });

    after(async () => {
      if (browser) await browser.close();
      if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    });

    it('offers the built-in puckjs2 bundle, and the dashboard links to the page', async () => {
      const built = await buildWebOnce();
      // pretokenised: the file is UTF-8, each of its characters one byte on the pod
      const puckjs2 = storedBytesOf(fs.readFileSync(built.setupBundlePath));
      expect(puckjs2.length).to.be.below(fs.statSync(built.setupBundlePath).size);
      expect(await shown('#setup-bundle-name')).to.equal('lumbarpod-puckjs2.pretokenised.js (built in)');
      expect(await shown('#setup-bundle-bytes')).to.equal(String(puckjs2.length));
      expect(await shown('#setup-bundle-crc')).to.equal('0x' + crc32Of(puckjs2).toString(16).padStart(8, '0'));
      expect(fs.readFileSync(built.htmlPath, 'utf8')).to.include('href="setup.html"');
      expect(await page.$$eval('#setup-rate option', (o) => o.map((x) => (x as unknown as { value: string }).value))).to.deep.equal(['52', '104', '208']);
      expect(await attr('#setup-state', 'data-state')).to.equal('idle');
    });

    it('restarts the running pod into setup mode over the LumbarPod service', async () => {
      expect(sim.consoleDevice).to.equal('LoopbackA');
      expect(sim.nrf.nusEnabled).to.equal(false);
      await page.click('#setup-restart');
      await pumpUntil('the restart', async () => sim.resets.length > 0 && (await attr('#setup-state', 'data-state')) === 'idle', 20000);
      expect(await shown('#setup-detail')).to.equal('restarted into setup mode: press Connect');
      expect(sim.resets.map((r) => r.reason)).to.deep.equal(['E.reboot']);
      await bridge.runPod(500, 100);
      expect(sim.nrf.nusEnabled, 'setup mode opens the Nordic UART').to.equal(true);
      expect(sim.blePeer.connected, 'the page let the pod go').to.equal(false);
    });

    it('connects through the library\'s chooser (Web Bluetooth) to the pod in setup mode', async () => {
      expect(sim.podGlobal('LP_OLD_FIRMWARE')).to.equal(1);
      await chooseWebBluetooth(page);
      await pumpUntil('the connection', async () => (await attr('#setup-state', 'data-state')) === 'connected', 20000);
      expect(sim.blePeer.connected).to.equal(true);
      expect(sim.consoleDevice).to.equal('Bluetooth');
      expect(await shown('#setup-detail')).to.equal('PUCKJS 2v29');
      expect(bridge.requestOptions?.optionalServices).to.include(NUS_SERVICE_UUID);
    });

    it('refuses a running speed outside 0-15 m/s (20, a speed in km/h say), saying so, and sends the pod nothing', async () => {
      const linesBefore = sim.repl.linesRun.length;
      await page.$eval('#setup-speed', (el) => { (el as unknown as { value: string }).value = '20'; });
      await page.click('#setup-upload');
      await page.waitForFunction(() => {
        const doc = (globalThis as unknown as { document: { getElementById(id: string): { getAttribute(name: string): string | null } | null } }).document;
        return doc.getElementById('setup-result')?.getAttribute('data-result') === 'failed';
      }, { timeout: 5000 });
      expect(await shown('#setup-result')).to.equal('The running speed is not in m/s from 0 to 15 (0 when it is not known): correct it, then upload. Nothing was sent to the pod.');
      await bridge.runPod(500, 50);
      expect(sim.repl.linesRun.slice(linesBefore)).to.deep.equal([]);
      expect(await attr('#setup-state', 'data-state')).to.equal('connected');
      expect(await page.$eval('#setup-upload', (b) => (b as unknown as { disabled: boolean }).disabled)).to.equal(false);
    });

    it('refuses a chosen file that is no Puck.js v2 firmware (the README, the MDBT42Q build, the host pages\' library), saying why, and keeps the built-in bundle', async () => {
      const linesBefore = sim.repl.linesRun.length;
      const input = (await page.$('#setup-file')) as ElementHandle<never>;
      const refusal = async (file: string): Promise<string> => {
        await page.$eval('#setup-result', (el) => { el.setAttribute('data-result', 'none'); });
        await input.uploadFile(file);
        await page.waitForFunction(() => {
          const doc = (globalThis as unknown as { document: { getElementById(id: string): { getAttribute(name: string): string | null } | null } }).document;
          return doc.getElementById('setup-result')?.getAttribute('data-result') === 'failed';
        }, { timeout: 5000 });
        return shown('#setup-result');
      };
      const keep = "choose the Puck.js v2's build, lumbarpod-puckjs2.pretokenised.js. Not taken: the upload is still lumbarpod-puckjs2.pretokenised.js (built in).";
      expect(await refusal(path.join(root, 'README.md'))).to.equal(
        `README.md is no LumbarPod firmware build (a build's code names the pod's Storage files lpconfig.json and lplog; this file does not): ${keep}`);
      expect(await refusal(path.join(root, 'dist', 'lumbarpod-mdbt42q.pretokenised.js'))).to.equal(
        `lumbarpod-mdbt42q.pretokenised.js is the mdbt42q-lsm6dso board's firmware (lumbarpod-mdbt42q.pretokenised.js), not the puckjs2's: ${keep}`);
      expect(await refusal(path.join(root, 'dist', 'lumbarpod-core.min.js'))).to.equal(
        `lumbarpod-core.min.js is the detector library for host pages (lumbarpod-core.min.js), no pod's firmware: ${keep}`);
      expect(await shown('#setup-bundle-name')).to.equal('lumbarpod-puckjs2.pretokenised.js (built in)');
      expect(await page.$eval('#setup-file', (el) => (el as unknown as { value: string }).value), 'the input shows no file it did not take').to.equal('');
      await bridge.runPod(500, 50);
      expect(sim.repl.linesRun.slice(linesBefore)).to.deep.equal([]);
    });

    it('uploads a chosen bundle and a 208 Hz configuration, checks them and starts the new firmware', async () => {
      await chooseBundleFile(page, newBundlePath);
      expect(await shown('#setup-bundle-bytes')).to.equal(String(newBundle.length));
      await page.select('#setup-rate', '208');
      await page.$eval('#setup-speed', (el) => { (el as unknown as { value: string }).value = '3.5'; });
      // the form shows the pod's own lpconfig.json (not sampling at boot); this one will
      expect(await page.$eval('#setup-autostart', (el) => (el as unknown as { checked: boolean }).checked)).to.equal(false);
      await page.click('#setup-autostart');
      await page.click('#setup-upload');
      await pumpUntil('the upload', async () => ['done', 'failed'].includes(await attr('#setup-state', 'data-state')), 180000);
      expect(await attr('#setup-result', 'data-result'), await shown('#setup-result')).to.equal('ok');
      expect(await shown('#setup-result')).to.match(/, 208 Hz\. It records from its boot: open the Dashboard to connect to it\.$/);
      expect(await page.$eval('#setup-progress', (p) => (p as unknown as { value: number }).value)).to.equal(1);
      // exactly the bundle and the configuration
      const stored = Buffer.from(sim.storage.fileBytes(BOOT_FILE) as Uint8Array);
      expect(stored.length).to.equal(newBundle.length);
      expect(stored.equals(newBundle), '.bootcde is the chosen bundle, byte for byte').to.equal(true);
      expect(JSON.parse(Buffer.from(sim.storage.fileBytes(POD_CONFIG_FILE) as Uint8Array).toString('latin1'))).to.deep.equal({ rateHz: 208, rawStream: 0, speedMms: 3500, autoStart: 1 });
      // the firmware first in Storage, the pod's other files after it, as they were
      expect(sim.storage.list()).to.deep.equal([BOOT_FILE, 'lplog', POD_CONFIG_FILE]);
      const log = sim.storage.fileBytes('lplog') as Uint8Array;
      expect(log.length).to.equal(3000);
      expect(Buffer.from(log.subarray(0, oldLog.length)).equals(Buffer.from(oldLog))).to.equal(true);
      expect(log.subarray(oldLog.length).every((b) => b === 0xff), 'the rest still erased').to.equal(true);
      expect(sim.storage.filesAfterTrash(), 'nothing a compaction would move before the firmware').to.not.include(BOOT_FILE);
      // the lines as bootUpload.ts makes them, one per KB, then the check, the config and load()
      const writes = sim.repl.linesRun.filter((l) => l.includes('require("Storage").write(".bootcde"'));
      expect(writes).to.have.length(Math.ceil(newBundle.length / 1024));
      expect(sim.repl.linesRun[sim.repl.linesRun.length - 1]).to.include('setTimeout(load,100)');
      // the page has closed the link; the pod restarts LOAD_DELAY_MS after its answer
      await pumpUntil('load()', async () => sim.resets.some((r) => r.reason === 'load()'), 10000);
      expect(sim.resets.map((r) => r.reason)).to.deep.equal(['E.reboot', 'load()']);
    });

    it('the new firmware runs in run mode at 208 Hz', async () => {
      const loadAtMs = sim.resets[1].tMs;
      await bridge.runPod(7000, 500);
      expect(sim.podGlobal('LP_NEW_FIRMWARE')).to.equal(1);
      expect(sim.podGlobal('LP_OLD_FIRMWARE')).to.equal(undefined);
      expect(sim.consoleDevice).to.equal('LoopbackA');
      expect(sim.nrf.nusEnabled, 'run mode closes the Nordic UART').to.equal(false);
      const after = Buffer.concat(sim.serial.written.filter((c) => c.tMs > loadAtMs).map((c) => c.bytes));
      const statuses = serialMessages(after).messages.map((m) => decodeMessage(m)).filter((m) => m.type === 'status');
      expect(statuses.length, 'status messages on serial').to.be.at.least(1);
      const last = statuses[statuses.length - 1] as { rateHz: number; speedMms?: number };
      expect(last.rateHz).to.equal(208);
      expect(sim.crashes).to.deep.equal([]);
      expect(await attr('#setup-state', 'data-state')).to.equal('done');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'setup.png'), fullPage: true });
    });

    it('opens a Web Serial port at the setup console\'s 9600 baud, whatever rate the chooser asks for (it asks 115200)', async () => {
      const opened = await page.evaluate(async () => {
        const serial = ((globalThis as unknown as { navigator: unknown }).navigator as { serial: { requestPort(): Promise<{ open(o: { baudRate: number }): Promise<void> }> } }).serial;
        const port = await serial.requestPort();
        await port.open({ baudRate: 115200 });
        return (globalThis as unknown as { serialOpenedAt: number[] }).serialOpenedAt;
      });
      expect(opened).to.deep.equal([SETUP_CONSOLE_BAUD]);
    });

    it('logs no console error and requests nothing but its own files', async () => {
      expect(consoleErrors).to.deep.equal([]);
      expect(requests.filter((u) => !/^(file|blob|data):/.test(u)), 'requests off this machine').to.deep.equal([]);
      expect(requests.some((u) => u.endsWith('/setup.js'))).to.equal(true);
    });
  });

  describe('in headless Chromium, a running pod the page cannot set up', () => {
    let browser: Browser;
    let page: Page;
    let bridge: SimBleBridge;
    let tmpDir: string;

    before(async function () {
      this.timeout(120000);
      tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-setup-'));
      // the page opens on a pod that is not there yet: each test gives the bridge its own
      ({ browser, page, bridge } = await openSetupPage(new PodSimulator({ bundleSource: bundle })));
    });

    after(async () => {
      if (browser) await browser.close();
      if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
    });

    it('a log too large to go back beside the firmware: nothing is erased, and the pod runs the firmware it was running again (load()), as the page says', async () => {
      // pretokenised, as lumbarpod flash leaves it: smaller than the plain build the page uploads
      const oldFirmware = (await builtBundleOnce(SIM_BUNDLE)).uploaded + '\nvar LP_OLD_FIRMWARE = 1;';
      const sim = new PodSimulator({ bundleSource: oldFirmware });
      sim.blePeer.mtu = 23;
      sim.storage.write(BOOT_FILE, oldFirmware);
      sim.storage.writeJSON(POD_CONFIG_FILE, { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 0 });
      // written to its last byte, leaving 600 bytes free (room for the set-up flag): the larger
      // firmware does not fit beside it
      const logBytes = sim.storage.getFree() - 600 - STORAGE_FILE_HEADER_BYTES;
      sim.storage.write('lplog', Uint8Array.from({ length: logBytes }, (_, i) => (i * 7) & 0x7f), 0, logBytes);
      sim.runFor(500);
      expect(sim.consoleDevice, 'booted in run mode').to.equal('LoopbackA');
      bridge.usePod(sim, 'sim-pod-full-log', 'LumbarPod sim full log');
      const storageBefore = sim.storage.list().map((name) => [name, Buffer.from(sim.storage.fileBytes(name) as Uint8Array).toString('base64')]);
      const newBundlePath = path.join(tmpDir, 'lumbarpod-new.min.js');
      fs.writeFileSync(newBundlePath, bundle + '\nvar LP_NEW_FIRMWARE = 1;', 'latin1');

      await page.click('#setup-restart');
      await pumpUntilOn(page, bridge, 'the restart', async () => sim.resets.length > 0 && (await attrOn(page, '#setup-state', 'data-state')) === 'idle', 20000);
      await bridge.runPod(500, 100);
      expect(sim.nrf.nusEnabled, 'in setup mode').to.equal(true);
      await chooseWebBluetooth(page);
      await pumpUntilOn(page, bridge, 'the connection', async () => (await attrOn(page, '#setup-state', 'data-state')) === 'connected', 20000);
      await chooseBundleFile(page, newBundlePath);
      await page.click('#setup-upload');
      await pumpUntilOn(page, bridge, 'the upload to fail', async () => (await attrOn(page, '#setup-result', 'data-result')) === 'failed', 60000);

      expect(await shownOn(page, '#setup-result')).to.match(new RegExp(
        `^the firmware \\(${Buffer.byteLength(bundle + '\nvar LP_NEW_FIRMWARE = 1;')} bytes\\) and what the pod's files hold \\(\\d+ bytes\\) do not fit its 40960-byte Storage with 1024 bytes to spare; ` +
        'nothing was changed, and the pod runs its firmware again: read its log on the dashboard \\(Pod log\\) and clear it there, then set it up again$',
      ));
      expect(await attrOn(page, '#setup-state', 'data-state')).to.equal('idle');
      expect(await shownOn(page, '#setup-detail')).to.equal('the pod runs its firmware again');
      await pumpUntilOn(page, bridge, 'load()', async () => sim.resets.some((r) => r.reason === 'load()'), 10000);
      await bridge.runPod(2000, 200);
      expect(sim.resets.map((r) => r.reason)).to.deep.equal(['E.reboot', 'load()']);
      expect(sim.consoleDevice, 'run mode again').to.equal('LoopbackA');
      expect(sim.nrf.nusEnabled, 'run mode closes the Nordic UART').to.equal(false);
      expect(sim.podGlobal('LP_OLD_FIRMWARE'), 'the firmware it was running').to.equal(1);
      expect(sim.storage.list().map((name) => [name, Buffer.from(sim.storage.fileBytes(name) as Uint8Array).toString('base64')]), 'Storage as it was').to.deep.equal(storageBefore);
      expect(sim.crashes).to.deep.equal([]);
      expect(await page.$eval('#setup-upload', (b) => (b as unknown as { disabled: boolean }).disabled), 'no console to upload to').to.equal(true);
    });

    it('refuses to restart a pod whose running firmware names another board (its answer to setClock), saying which firmware to flash, and leaves it running', async () => {
      // the sim build answering setClock as the MDBT42Q firmware does
      const plain = fs.readFileSync((await builtBundleOnce(SIM_BUNDLE)).bundle.plainPath, 'utf8');
      const namedMdbt42q = plain.replace(`podBoardCode: ${SIM_BOARD.podBoardCode},`, `podBoardCode: ${MDBT42Q_LSM6DSO_BOARD.podBoardCode},`);
      expect(namedMdbt42q).to.not.equal(plain);
      const sim = new PodSimulator({ bundleSource: namedMdbt42q });
      sim.runFor(500);
      expect(sim.consoleDevice, 'booted in run mode').to.equal('LoopbackA');
      bridge.usePod(sim, 'sim-pod-mdbt42q', 'LumbarPod sim as MDBT42Q');
      const logLines = async () => page.$$eval('#setup-log li', (li) => li.map((l) => (l.textContent || '').trim()));
      const linesBefore = (await logLines()).length;
      await page.click('#setup-restart');
      await pumpUntilOn(page, bridge, 'the refusal', async () => (await shownOn(page, '#setup-detail')) === 'not restarted', 20000);
      expect((await logLines()).slice(linesBefore)).to.deep.equal([
        'not restarted: the pod runs the mdbt42q-lsm6dso firmware, so it is a MDBT42Q, and this page carries the firmware of a PUCKJS (Puck.js v2): ' +
          'flash it with lumbarpod flash --board mdbt42q-lsm6dso; nothing was changed, it runs its firmware still',
      ]);
      await bridge.runPod(2000, 200);
      expect(sim.resets, 'still running its firmware').to.deep.equal([]);
      expect(sim.consoleDevice).to.equal('LoopbackA');
      expect(sim.blePeer.connected, 'the page let the pod go').to.equal(false);
      expect(sim.crashes).to.deep.equal([]);
    });

    it('a running pod whose Storage cannot take the set-up flag is not restarted, and the page says why and how to get it into setup mode by its button', async () => {
      const sim = new PodSimulator({ bundleSource: bundle });
      sim.runFor(500);
      expect(sim.consoleDevice, 'booted in run mode').to.equal('LoopbackA');
      sim.storageFull(true);
      bridge.usePod(sim, 'sim-pod-storage-full', 'LumbarPod sim Storage full');
      const logLines = async () => page.$$eval('#setup-log li', (li) => li.map((l) => (l.textContent || '').trim()));
      const linesBefore = (await logLines()).length;
      await page.click('#setup-restart');
      await pumpUntilOn(page, bridge, 'the refusal', async () => (await shownOn(page, '#setup-detail')) === 'not restarted', 20000);
      expect((await logLines()).slice(linesBefore)).to.deep.equal([
        'not restarted: the pod runs its firmware and cannot note setup mode (its Storage is full): hold its button while it powers up and keep it held for 3 s, then press Connect',
      ]);
      await bridge.runPod(2000, 200);
      expect(sim.resets, 'still running its firmware').to.deep.equal([]);
      expect(sim.crashes).to.deep.equal([]);
    });
  });

  describe('in headless Chromium, a pod in setup mode whose answers are lost on the air (at the edge of its range)', () => {
    let browser: Browser;
    let page: Page;
    let bridge: SimBleBridge;
    let sim: PodSimulator;

    before(async function () {
      this.timeout(120000);
      // a new Puck.js: Espruino with nothing in Storage, its console open
      sim = new PodSimulator({ bundleSource: '' });
      ({ browser, page, bridge } = await openSetupPage(sim));
      // the pod hears the page, and nothing it sends back arrives
      bridge.lose = (characteristic) => characteristic === NUS_TX_UUID;
    });

    after(async () => {
      if (browser) await browser.close();
    });

    it('Connect over Web Bluetooth says the pod is not answering though it connected: to bring it closer and check setup mode, not to check its power or that it is in range, which the link showed', async () => {
      await chooseWebBluetooth(page);
      await pumpUntilOn(page, bridge, 'the connection', async () => sim.blePeer.connected, 20000);
      await pumpUntilOn(page, bridge, 'no answer', async () => (await attrOn(page, '#setup-state', 'data-state')) === 'idle', 30000);
      expect(await page.$$eval('#setup-log li', (li) => li.map((l) => (l.textContent || '').trim()))).to.deep.equal([
        'not connected: the pod is not answering over Bluetooth (no answer in 10 s), though it connected: check that it is close to this computer ' +
          '(its answers may be lost on the way) and that it is in setup mode (its button held while it powers up and for 3 s after); nothing was changed',
      ]);
      expect(await shownOn(page, '#setup-detail')).to.equal('not connected: nothing answered (bring it closer, check setup mode)');
      expect(await page.$eval('#setup-connect', (b) => (b as unknown as { disabled: boolean }).disabled)).to.equal(false);
    });
  });

  describe('in headless Chromium, a Web Serial port where nothing answers (an adapter with no pod on it, or its RX and TX swapped)', () => {
    let browser: Browser;
    let page: Page;

    before(async function () {
      this.timeout(120000);
      ({ browser, page } = await openSetupPage(new PodSimulator({ bundleSource: bundle })));
    });

    after(async () => {
      if (browser) await browser.close();
    });

    it('Connect says within 15 s that the pod is not answering and what to check (power, the wiring to D28/D29, setup mode), as lumbarpod flash does, and can be pressed again', async () => {
      const t0Ms = Date.now();
      await chooseLink(page, 'Web Serial');
      await page.waitForFunction(() => {
        const doc = (globalThis as unknown as { document: { getElementById(id: string): { getAttribute(name: string): string | null } | null } }).document;
        return doc.getElementById('setup-state')?.getAttribute('data-state') === 'idle';
      }, { timeout: 20000, polling: 100 });
      const tookMs = Date.now() - t0Ms;
      expect(await page.$$eval('#setup-log li', (li) => li.map((l) => (l.textContent || '').trim()))).to.deep.equal([
        'not connected: the pod is not answering on the Web Serial port (no answer at 9600 baud in 10 s): check that it has power, ' +
          "its wiring (the adapter's RX to the pod's TX and its TX to the pod's RX, on a Puck.js v2 RX to D28 and TX to D29, GND to GND) " +
          'and that it is in setup mode (its button held while it powers up and for 3 s after); nothing was changed',
      ]);
      expect(await shownOn(page, '#setup-detail')).to.equal('not connected: nothing answered (check its power, wiring and setup mode)');
      // the library waits 10 s for the answer's line
      expect(tookMs).to.be.within(9000, 15000);
      const port = await page.evaluate(() => {
        const fake = globalThis as unknown as { serialOpenedAt: number[]; serialWritten: string[]; serialClosed: number };
        return { openedAt: fake.serialOpenedAt, written: fake.serialWritten.join(''), closed: fake.serialClosed };
      });
      expect(port.openedAt).to.deep.equal([SETUP_CONSOLE_BAUD]);
      expect(port.written, 'the board was asked for').to.include('process.env.BOARD');
      expect(port.closed, 'the port let go').to.equal(1);
      expect(await page.$eval('#setup-connect', (b) => (b as unknown as { disabled: boolean }).disabled)).to.equal(false);
      expect(await page.$eval('#setup-upload', (b) => (b as unknown as { disabled: boolean }).disabled)).to.equal(true);
    });
  });
});
