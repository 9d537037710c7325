// The set-up page (dist/web/setup.html) in headless Chromium with a fake Web Bluetooth bridged to
// the simulated pod, when the pod's link goes down while the firmware is being written: the
// library's eval of that line is never answered, so the page must notice the link itself, say what
// the pod was left with, and connect and upload again with the pod's other files it holds.
import { expect } from 'chai';
import { pathToFileURL } from 'url';
import puppeteer, { Browser, ElementHandle, Page } from 'puppeteer-core';
import { POD_CONFIG_FILE } from '../../../firmware/device/podConfig';
import { SETUP_FLAG_FILE } from '../../../firmware/device/podFirmware';
import { BOOT_FILE } from '../../../host-tools/flash/bootUpload';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';
import { NUS_SERVICE_UUID } from '../../../host-tools/sim/simNrf';
import { buildWebOnce } from '../../../scripts/build-web';
import { simBundleSource } from '../../e2e/simPodHelpers';
import { installFakeWebBluetooth } from './fakeWebBluetooth';
import { SimBleBridge } from './simBleBridge';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

describe('set-up page: the link lost during the upload', function () {
  this.timeout(240000);
  let browser: Browser;
  let page: Page;
  let sim: PodSimulator;
  let bridge: SimBleBridge;
  const oldLog = Uint8Array.from({ length: 600 }, (_, i) => (i * 29 + 5) & 0x7f);

  async function shown(selector: string): Promise<string> {
    return page.$eval(selector, (el) => (el.textContent || '').trim());
  }
  async function attr(selector: string, name: string): Promise<string> {
    return page.$eval(selector, (el, n) => el.getAttribute(n as string) || '', name);
  }
  async function disabled(selector: string): Promise<boolean> {
    return page.$eval(selector, (el) => (el as unknown as { disabled: boolean }).disabled);
  }
  async function pumpUntil(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!(await done())) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what} (state ${await attr('#setup-state', 'data-state')}, result '${await shown('#setup-result')}')`);
      await bridge.runPod(20, 20);
      await new Promise((r) => setTimeout(r, 2));
    }
  }
  async function connect(): Promise<void> {
    await page.click('#setup-connect');
    type Div = { querySelector(s: string): { textContent: string | null } | null };
    const choice = await page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<Div> } }).document;
      return Array.from(doc.querySelectorAll('div')).find((d) => d.querySelector(':scope > .esp-tools-name')?.textContent === 'Web Bluetooth');
    }, { timeout: 5000 });
    await (choice as ElementHandle).click();
    await pumpUntil('the connection', async () => (await attr('#setup-state', 'data-state')) === 'connected', 20000);
  }

  before(async function () {
    this.timeout(120000);
    const bundle = await simBundleSource();
    const built = await buildWebOnce();
    sim = new PodSimulator({ bundleSource: bundle });
    sim.blePeer.mtu = 23;
    sim.storage.write(SETUP_FLAG_FILE, '1');
    sim.storage.write(BOOT_FILE, bundle);
    sim.storage.write('lplog', oldLog, 0, 3000);
    sim.storage.writeJSON(POD_CONFIG_FILE, { rateHz: 104, rawStream: 0, speedMms: 0, autoStart: 1 });
    sim.runFor(500);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    bridge = new SimBleBridge(sim, page);
    bridge.chooserServices = [NUS_SERVICE_UUID];
    await bridge.install();
    await page.evaluateOnNewDocument(installFakeWebBluetooth);
    await page.goto(pathToFileURL(built.setupHtmlPath).href, { waitUntil: 'load' });
  });

  after(async () => {
    if (browser) await browser.close();
  });

  it('the upload fails and says so, the page can connect again, and the next upload puts the pod\'s log back', async () => {
    await connect();
    await page.click('#setup-upload');
    const bootWrites = () => sim.repl.linesRun.filter((l) => l.includes('require("Storage").write(".bootcde"')).length;
    await pumpUntil('two chunks', async () => bootWrites() >= 2, 60000);
    sim.bleDisconnect();
    // the library's eval of the line being written when the link went never answers: the page must not wait for it
    await pumpUntil('the failure', async () => (await attr('#setup-state', 'data-state')) === 'failed', 20000);
    expect(await shown('#setup-result')).to.equal(
      'the link to the pod was lost. The pod has no firmware that runs now, and its other files (lplog, lpconfig.json) are off it and held by this page: connect and upload again to put them back, before you close or reload it.',
    );
    expect(sim.storage.list(), 'the log is off the pod').to.not.include('lplog');
    expect(await disabled('#setup-connect')).to.equal(false);
    // connected again, the next upload puts the held files back
    await connect();
    expect(await disabled('#setup-upload')).to.equal(false);
    await page.click('#setup-upload');
    await pumpUntil('the upload', async () => ['done', 'failed'].includes(await attr('#setup-state', 'data-state')), 180000);
    expect(await attr('#setup-result', 'data-result'), await shown('#setup-result')).to.equal('ok');
    expect(sim.storage.list()).to.deep.equal([BOOT_FILE, 'lplog', POD_CONFIG_FILE]);
    expect(Buffer.from((sim.storage.fileBytes('lplog') as Uint8Array).subarray(0, oldLog.length))).to.deep.equal(Buffer.from(oldLog));
  });
});
