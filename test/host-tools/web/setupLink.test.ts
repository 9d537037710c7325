// The set-up page (dist/web/setup.html) in headless Chromium with a fake Web Bluetooth bridged to
// the simulated pod, when its link does not come up or goes down: the library answers neither an
// eval whose connection never opened (the browser's chooser cancelled, a pod in run mode without
// the Nordic UART) nor one whose line a lost link cut, so the page must notice the link itself,
// say what happened and what the pod was left with, and let Connect be pressed again.
import { expect } from 'chai';
import { pathToFileURL } from 'url';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import { POD_CONFIG_FILE } from '../../../firmware/device/podConfig';
import { SETUP_FLAG_FILE } from '../../../firmware/device/podFirmware';
import { BOOT_FILE } from '../../../host-tools/flash/bootUpload';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';
import { NUS_SERVICE_UUID } from '../../../host-tools/sim/simNrf';
import { buildWebOnce } from '../../../scripts/build-web';
import { simBundleSource } from '../../e2e/simPodHelpers';
import { installFakeWebBluetooth } from './fakeWebBluetooth';
import { chooseWebBluetooth } from './setupChooser';
import { SimBleBridge } from './simBleBridge';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

interface SetupPageTest {
  page(): Page;
  sim(): PodSimulator;
  bridge(): SimBleBridge;
  shown(selector: string): Promise<string>;
  attr(selector: string, name: string): Promise<string>;
  disabled(selector: string): Promise<boolean>;
  pumpUntil(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void>;
  connect(): Promise<void>;
}


const OLD_LOG = Uint8Array.from({ length: 600 }, (_, i) => (i * 29 + 5) & 0x7f);

/** a browser on the set-up page and a simulated pod, booted in setup mode or in run mode, for `tests` */
function setupPageOn(title: string, setupMode: boolean, tests: (t: SetupPageTest) => void): void {
  describe(title, function () {
    this.timeout(240000);
    let browser: Browser;
    let page: Page;
    let sim: PodSimulator;
    let bridge: SimBleBridge;

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
      await chooseWebBluetooth(page);
      await pumpUntil('the connection', async () => (await attr('#setup-state', 'data-state')) === 'connected', 20000);
    }

    before(async function () {
      this.timeout(120000);
      const bundle = await simBundleSource();
      const built = await buildWebOnce();
      sim = new PodSimulator({ bundleSource: bundle });
      sim.blePeer.mtu = 23;
      if (setupMode) sim.storage.write(SETUP_FLAG_FILE, '1');
      sim.storage.write(BOOT_FILE, bundle);
      sim.storage.write('lplog', OLD_LOG, 0, 3000);
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

    tests({ page: () => page, sim: () => sim, bridge: () => bridge, shown, attr, disabled, pumpUntil, connect });
  });
}

setupPageOn('set-up page: a pod running its firmware, and the browser\'s chooser cancelled', false, (t) => {
  const notConnected = 'not connected: no link to the pod: the chooser was cancelled, or the pod runs its firmware, which keeps its console closed (restart it into setup mode first)';

  it('Connect to a pod running its firmware (no Nordic UART) comes back to not connected, says why, and can be pressed again', async () => {
    await chooseWebBluetooth(t.page());
    await t.pumpUntil('not connected', async () => (await t.attr('#setup-state', 'data-state')) === 'idle', 20000);
    expect(await t.page().$$eval('#setup-log li', (l) => l.map((x) => x.textContent))).to.deep.equal([notConnected]);
    expect(await t.shown('#setup-detail')).to.equal('not connected (is the pod in setup mode?)');
    expect(await t.disabled('#setup-connect')).to.equal(false);
    expect(t.sim().consoleDevice).to.equal('LoopbackA');
  });

  it('the browser\'s device chooser cancelled: the same', async () => {
    // the chooser lists nothing the page asks for: Chrome answers as when the user cancels it
    t.bridge().chooserServices = [];
    await chooseWebBluetooth(t.page());
    await t.pumpUntil('not connected', async () => (await t.page().$$eval('#setup-log li', (l) => l.length)) === 2, 20000);
    expect(await t.attr('#setup-state', 'data-state')).to.equal('idle');
    expect(await t.page().$$eval('#setup-log li', (l) => l.map((x) => x.textContent).slice(-1))).to.deep.equal([notConnected]);
    expect(await t.disabled('#setup-connect')).to.equal(false);
  });
});

setupPageOn('set-up page: the link lost during the upload', true, (t) => {
  it('the upload fails and says so, the page can connect again, and the next upload puts the pod\'s log back', async () => {
    await t.connect();
    await t.page().click('#setup-upload');
    const bootWrites = () => t.sim().repl.linesRun.filter((l) => l.includes('require("Storage").write(".bootcde"')).length;
    await t.pumpUntil('two chunks', async () => bootWrites() >= 2, 60000);
    t.sim().bleDisconnect();
    // the library's eval of the line being written when the link went never answers: the page must not wait for it
    await t.pumpUntil('the failure', async () => (await t.attr('#setup-state', 'data-state')) === 'failed', 20000);
    expect(await t.shown('#setup-result')).to.equal(
      'the link to the pod was lost. The pod has no firmware that runs now, and its other files (lplog, lpconfig.json) are off it and held by this page: connect and upload again to put them back, before you close or reload it.',
    );
    expect(t.sim().storage.list(), 'the log is off the pod').to.not.include('lplog');
    expect(await t.disabled('#setup-connect')).to.equal(false);
    // the status no longer names the board it reached before the loss
    await t.pumpUntil('the status', async () => (await t.shown('#setup-detail')) === 'not connected', 5000);
    expect(await closeIsQuestioned(t.page()), 'closing or reloading the page asks first').to.equal(true);
    // connected again, the next upload puts the held files back
    await t.connect();
    expect(await t.disabled('#setup-upload')).to.equal(false);
    await t.page().click('#setup-upload');
    await t.pumpUntil('the upload', async () => ['done', 'failed'].includes(await t.attr('#setup-state', 'data-state')), 180000);
    expect(await t.attr('#setup-result', 'data-result'), await t.shown('#setup-result')).to.equal('ok');
    expect(t.sim().storage.list()).to.deep.equal([BOOT_FILE, 'lplog', POD_CONFIG_FILE]);
    expect(Buffer.from((t.sim().storage.fileBytes('lplog') as Uint8Array).subarray(0, OLD_LOG.length))).to.deep.equal(Buffer.from(OLD_LOG));
    expect(await closeIsQuestioned(t.page()), 'nothing held: the page closes without asking').to.equal(false);
  });
});

setupPageOn('set-up page: the link lost between Connect and Upload', true, (t) => {
  it('the page says the link was lost when it goes, disables Upload, sends nothing, and the pod can be connected again', async () => {
    await t.connect();
    const linesBefore = t.sim().repl.linesRun.length;
    t.sim().bleDisconnect();
    // the page notices by itself: it said "connected" with Upload enabled until Upload was pressed
    await t.pumpUntil('the loss shown', async () => (await t.attr('#setup-state', 'data-state')) === 'idle', 20000);
    const lost = 'the link to the pod was lost: press Connect and choose the pod again';
    expect(await t.shown('#setup-detail')).to.equal(lost);
    expect(await t.page().$$eval('#setup-log li', (l) => l.map((x) => x.textContent).slice(-1))).to.deep.equal([lost]);
    expect(await t.disabled('#setup-upload')).to.equal(true);
    expect(await t.disabled('#setup-connect')).to.equal(false);
    expect(t.sim().repl.linesRun.slice(linesBefore)).to.deep.equal([]);
    expect(t.sim().storage.list()).to.include.members([BOOT_FILE, 'lplog', POD_CONFIG_FILE]);
    await t.connect();
    expect(await t.disabled('#setup-upload')).to.equal(false);
    expect(await t.shown('#setup-detail')).to.not.equal(lost);
  });
});

/** whether the page would have the browser ask before it closes or reloads (its beforeunload handler cancels the unload) */
function closeIsQuestioned(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const event = new Event('beforeunload', { cancelable: true });
    (globalThis as unknown as { dispatchEvent(e: Event): boolean }).dispatchEvent(event);
    return event.defaultPrevented;
  });
}
