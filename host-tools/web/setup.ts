// The set-up page: connects to a pod in setup mode with @espruino-tools/core (its Puck class
// talks to the Espruino console over the Nordic UART through @espruino-tools/uart, whose chooser
// offers Web Bluetooth and Web Serial, the latter at the console's 9600 baud), then uploads the bundle and lpconfig.json and starts the
// new firmware (setupFlasher.ts). The default bundle is the puckjs2 build, embedded by
// scripts/build-web.ts; a file chosen by the user replaces it. A pod running its firmware keeps
// its console closed: "Restart a running pod into setup mode" asks it over the LumbarPod service (podLink.ts),
// as the dashboard talks to it, to restart there (rebootToSetup).
//
// Not used from the library: Puck.connect(), which after connecting reads E.dumpStr() (the whole
// interpreter state, i.e. the firmware, over BLE at 20 bytes a packet) to build its `Call` table,
// and swallows a failed connection; the page connects with its first eval instead. Puck.eval
// resolves with {data, log} (log 'success' or 'failed'), not with the value its typing promises.
import { Puck } from '@espruino-tools/core';
import { decodeMessage } from '../../firmware/protocol/codec';
import { COMMAND_CONFIRM_KEY, COMMAND_REBOOT_TO_SETUP, COMMAND_SET_CLOCK, REPLY_OK } from '../../firmware/protocol/messageIds';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { POD_CONFIG_FILE, POD_CONFIG_NEW_FILE } from '../../firmware/device/podConfig';
import { PodLink } from './podLink';
import {
  flashAndConfigure, FlashImage, flashImage, HeldStorageCopies, hex32, PodConsole, SETUP_BOARD_NAME, SETUP_DEFAULT_RATE_HZ, SETUP_RATES_HZ, SetupError, setupConfig,
} from './setupFlasher';
import { pageElement } from './pageElement';
import { bundleFault, bundleFaultWords, KnownBuild } from '../flash/bundleCheck';
import { flashableBoardsOf, notRestartedWords, otherBoardOfRunningPod } from '../flash/restartedPod';
import { PodConsoleLink, podNotAnsweringWords } from '../flash/podNotAnswering';
import { OpenablePort, openPortsAtBaud, SerialChooser, SETUP_CONSOLE_BAUD } from './webSerialConsoleBaud';

/** the puckjs2 bundle's text and file name, put in by esbuild's define (scripts/build-web.ts) */
declare const LP_DEFAULT_BUNDLE: string;
declare const LP_DEFAULT_BUNDLE_NAME: string;
/** the other boards' builds and the host pages' library, whose copies are refused (scripts/build-web.ts) */
declare const LP_OTHER_BUILDS: KnownBuild[];

type SetupState = 'unavailable' | 'idle' | 'connecting' | 'connected' | 'uploading' | 'done' | 'failed';

const STATE_WORDS: { [state in SetupState]: string } = {
  unavailable: 'no Web Bluetooth',
  idle: 'not connected',
  connecting: 'connecting',
  connected: 'connected',
  uploading: 'uploading',
  done: 'started',
  failed: 'failed',
};

function byId<T extends HTMLElement>(id: string): T {
  return pageElement<T>('set-up', id);
}

const puck = new Puck();

/** how often a pending evaluation looks whether the link is still there, ms */
const LINK_CHECK_INTERVAL_MS = 250;

/** the library's answer, or a rejection once its connection is gone or failed to open */
function evalWhileLinked(expression: string): Promise<{ data: unknown; log: string } | undefined> {
  return new Promise((resolve, reject) => {
    // The library answers neither an eval whose line a lost link cut (and stays busy, so every
    // later eval, a new Connect too, would wait behind it) nor one whose connection never opened
    // (the browser's chooser cancelled, or a pod in run mode, which has no Nordic UART)
    const check = setInterval(() => {
      const connection = puck.UART.getConnection() as { isOpen?: boolean; isOpening?: boolean } | undefined;
      if (connection !== undefined && (connection.isOpen || connection.isOpening)) return;
      clearInterval(check);
      puck.UART.isBusy = false;
      // the library forgets a connection that closes once open; one that never opened stays
      reject(new SetupError(connection === undefined
        ? 'the link to the pod was lost'
        : 'no link to the pod: the chooser was cancelled, or the pod runs its firmware, which keeps its console closed (restart it into setup mode first)'));
    }, LINK_CHECK_INTERVAL_MS);
    (puck.eval<unknown>(expression) as unknown as Promise<{ data: unknown; log: string } | undefined>).then((answer) => {
      clearInterval(check);
      resolve(answer);
    }, (e: unknown) => {
      clearInterval(check);
      reject(e);
    });
  });
}

/** an evaluation the library gave up on, the link still up: no answer came in its wait */
class NoAnswerError extends SetupError {}

/** how long the library waits for the line that answers an evaluation, s (@espruino-tools/uart: 100 ticks of 100 ms) */
const LIBRARY_ANSWER_WAIT_S = 10;

/** the pod's console through the library: eval answers {data, log} */
const podConsole: PodConsole = {
  async evaluate(expression: string): Promise<unknown> {
    const answer = await evalWhileLinked(expression);
    if (!answer || answer.log !== 'success') throw new NoAnswerError(`the pod did not answer ${expression.length > 60 ? expression.slice(0, 60) + '…' : expression}`);
    return answer.data;
  },
  // (the library's isConnected() is true also of a connection that never opened)
  linked: () => puck.UART.getConnection()?.isOpen === true,
};

let image: FlashImage | undefined;
/** the name shown for `image` */
let imageName = '';
/** whether the result line holds a chosen file's refusal, which the next file taken replaces */
let refusalShown = false;
/**
 * the pod's other files while an upload cut short after the erase left them off it: the next
 * upload puts them back; and whether the pod was restarted here from the firmware it still holds
 */
const heldCopies: HeldStorageCopies = {};

function setState(state: SetupState, detail?: string): void {
  const el = byId('setup-state');
  el.dataset.state = state;
  el.textContent = STATE_WORDS[state];
  if (detail !== undefined) byId('setup-detail').textContent = detail;
  byId<HTMLButtonElement>('setup-upload').disabled = !(state === 'connected' || state === 'failed') || !puck.UART.isConnected() || image === undefined;
  byId<HTMLButtonElement>('setup-connect').disabled = state === 'unavailable' || state === 'connecting' || state === 'uploading';
  byId<HTMLButtonElement>('setup-restart').disabled = !navigator.bluetooth || state === 'connecting' || state === 'uploading' || state === 'connected';
}

/** how long a running pod has to answer rebootToSetup over BLE */
const RESTART_REPLY_MS = 5000;

/** asks a pod that runs its firmware (chosen by its RSC service, as the dashboard does) to restart into setup mode */
async function restartRunningPod(): Promise<void> {
  setState('connecting', 'choose the running pod');
  let answered: (status: number) => void = () => undefined;
  const reply = new Promise<number>((resolve) => {
    answered = resolve;
  });
  let clockAnswered: (answer: { status: number; detail: number }) => void = () => undefined;
  // the link sets the pod's clock as it connects: its answer names the board its firmware is for
  const clockAnswer = new Promise<{ status: number; detail: number }>((resolve) => {
    clockAnswered = resolve;
  });
  const link = new PodLink(navigator.bluetooth, {
    state: () => undefined,
    data: (source, bytes) => {
      if (source !== 'reply') return;
      const m = decodeMessage(bytes);
      if (m.type === 'reply' && m.commandId === COMMAND_REBOOT_TO_SETUP) answered(m.status);
      if (m.type === 'reply' && m.commandId === COMMAND_SET_CLOCK) clockAnswered({ status: m.status, detail: m.detail });
    },
  });
  try {
    await link.choose();
    // another board's firmware is refused while the pod still runs its own: in setup mode it
    // would be refused all the same, with the pod left there (a firmware before 0.16 does not say)
    const clock = await Promise.race([clockAnswer, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), RESTART_REPLY_MS))]);
    const podBoard = clock === undefined ? undefined : otherBoardOfRunningPod(clock.status, clock.detail, PUCKJS2_BOARD.espruinoBoard as string);
    if (podBoard !== undefined) {
      const fitting = flashableBoardsOf(podBoard.espruinoBoard).map((b) => `lumbarpod flash --board ${b.name}`);
      throw new Error(`the pod runs the ${podBoard.name} firmware, so it is a ${podBoard.espruinoBoard}, and this page carries the firmware of a ${PUCKJS2_BOARD.espruinoBoard} (Puck.js v2): ` +
        `flash it with ${fitting.length > 0 ? fitting.join(' or ') : 'lumbarpod flash --board'}; nothing was changed, it runs its firmware still`);
    }
    const replyTimeout = setTimeout(() => answered(-1), RESTART_REPLY_MS);
    if (!(await link.send('rebootToSetup', { confirm: COMMAND_CONFIRM_KEY }))) throw new Error('the pod is not connected');
    const status = await reply;
    clearTimeout(replyTimeout);
    if (status !== REPLY_OK) throw new Error(notRestartedWords(status < 0 ? undefined : status, 'press Connect'));
    heldCopies.restartedIntoSetup = true;
    log('the pod restarts into setup mode: press Connect and choose it again (it advertises as Puck.js …)');
    setState('idle', 'restarted into setup mode: press Connect');
  } catch (e) {
    log(`not restarted: ${(e as Error).message}`);
    setState('idle', 'not restarted');
  } finally {
    link.disconnect();
  }
}

/** the status detail once the link of a connected pod went: the library says nothing when it goes */
const LINK_LOST_DETAIL = 'the link to the pod was lost: press Connect and choose the pod again';

/**
 * Shows a link lost while the page holds it as up, when it goes: until the next Upload the page
 * said "connected" with Upload enabled, and after a failed one named the board it no longer reached.
 */
function watchLink(): void {
  setInterval(() => {
    const state = byId('setup-state').dataset.state as SetupState;
    if ((state !== 'connected' && state !== 'failed') || podConsole.linked?.() !== false) return;
    if (state === 'connected') {
      log(LINK_LOST_DETAIL);
      setState('idle', LINK_LOST_DETAIL);
    } else if (byId('setup-detail').textContent !== 'not connected') {
      setState('failed', 'not connected');
    }
  }, LINK_CHECK_INTERVAL_MS);
}

function log(line: string): void {
  const li = document.createElement('li');
  li.textContent = line;
  byId('setup-log').appendChild(li);
}

function showImage(name: string, file: Uint8Array): void {
  image = flashImage(file);
  imageName = name;
  byId('setup-bundle-name').textContent = name;
  byId('setup-bundle-bytes').textContent = String(image.bytes.length);
  byId('setup-bundle-crc').textContent = '0x' + hex32(image.crc32);
}

function showConfig(stored: unknown): void {
  const c = setupConfig(typeof stored === 'object' && stored !== null ? (stored as never) : { rateHz: SETUP_DEFAULT_RATE_HZ, rawStream: false, speedMms: 0, autoStart: true });
  byId<HTMLSelectElement>('setup-rate').value = String(c.rateHz);
  byId<HTMLInputElement>('setup-raw').checked = c.rawStream === 1;
  byId<HTMLInputElement>('setup-speed').value = (c.speedMms / 1000).toFixed(2);
  byId<HTMLInputElement>('setup-autostart').checked = c.autoStart === 1;
}

/** whether the library's chooser took Web Serial in this Connect (else Web Bluetooth) */
let serialOpenedByConnect = false;

async function connect(): Promise<void> {
  serialOpenedByConnect = false;
  setState('connecting', 'choose Web Bluetooth, then the pod');
  try {
    // the first eval opens the connection (the library's chooser, then the browser's)
    const info = (await podConsole.evaluate('[process.env.BOARD,process.env.VERSION,require("Storage").getFree()]')) as [string, string, number];
    log(`connected: ${info[0]}, Espruino ${info[1]}, ${info[2]} bytes of Storage free`);
    // lpconfig.new holds the pod's settings when its last write of lpconfig.json failed (podConfig.ts)
    const read = (file: string) => `require("Storage").readJSON(${JSON.stringify(file)},true)`;
    const stored = await podConsole.evaluate(`${read(POD_CONFIG_FILE)}||${read(POD_CONFIG_NEW_FILE)}||null`);
    if (stored) {
      showConfig(stored);
      log(`its settings: ${JSON.stringify(stored)}`);
    }
    setState('connected', `${info[0]} ${info[1]}`);
  } catch (e) {
    puck.UART.close();
    if (e instanceof NoAnswerError) {
      // the link came up and nothing answered on it: power, wiring or setup mode, as lumbarpod flash says
      const link: PodConsoleLink = serialOpenedByConnect ? 'serial' : 'bluetooth';
      log(`not connected: ${podNotAnsweringWords(link === 'serial'
        ? `on the Web Serial port (no answer at ${SETUP_CONSOLE_BAUD} baud in ${LIBRARY_ANSWER_WAIT_S} s)`
        : `over Bluetooth (no answer in ${LIBRARY_ANSWER_WAIT_S} s)`, link)}`);
      setState('idle', `not connected: nothing answered (${link === 'serial' ? 'check its power, wiring and setup mode' : 'bring it closer, check setup mode'})`);
      return;
    }
    log(`not connected: ${(e as Error).message}`);
    setState('idle', 'not connected (is the pod in setup mode?)');
  }
}

async function upload(): Promise<void> {
  if (!image) return;
  const bar = byId<HTMLProgressElement>('setup-progress');
  const text = byId('setup-progress-text');
  const result = byId('setup-result');
  // a speed the pod would not keep (above its 15 m/s, or no number: "3,5" where the browser reads
  // a decimal point) reads as "" or fails the field's range, and setupConfig would write 0 in its place
  const speed = byId<HTMLInputElement>('setup-speed').validity;
  if (speed.badInput || speed.rangeOverflow || speed.rangeUnderflow) {
    result.dataset.result = 'failed';
    result.textContent = 'The running speed is not in m/s from 0 to 15 (0 when it is not known): correct it, then upload. Nothing was sent to the pod.';
    refusalShown = false;
    return;
  }
  const config = setupConfig({
    rateHz: Number(byId<HTMLSelectElement>('setup-rate').value),
    rawStream: byId<HTMLInputElement>('setup-raw').checked,
    speedMms: Number(byId<HTMLInputElement>('setup-speed').value) * 1000,
    autoStart: byId<HTMLInputElement>('setup-autostart').checked,
  });
  result.dataset.result = 'none';
  result.textContent = '';
  refusalShown = false;
  setState('uploading');
  try {
    await flashAndConfigure(podConsole, image, config, (p) => {
      bar.value = p.fraction;
      text.textContent = `${Math.round(p.fraction * 100)} %`;
      log(p.line);
    }, heldCopies);
    result.dataset.result = 'ok';
    // what a runner does next: whether it samples from its boot is the setting just written
    result.textContent = `Started: ${image.bytes.length} bytes, CRC32 0x${hex32(image.crc32)}, ${config.rateHz} Hz. ` +
      (config.autoStart === 1 ? 'It records from its boot: open the Dashboard to connect to it.' : 'It waits for its button or a host to start recording: open the Dashboard to connect to it.');
    // run mode closes the console and sets its own services, which apply once we are gone
    // (load() runs on the pod LOAD_DELAY_MS after its answer, connected or not)
    puck.UART.close();
    setState('done', 'the pod restarts in run mode');
  } catch (e) {
    result.dataset.result = 'failed';
    if (e instanceof SetupError && e.podRunsItsFirmware) {
      // its run mode closes the console: nothing more to send it here
      puck.UART.close();
      result.textContent = e.message;
      log(`failed: ${e.message}`);
      setState('idle', 'the pod runs its firmware again');
      return;
    }
    // copies held: cut short between the erase and the last write, so the pod has no firmware that runs
    const held = heldCopies.copies === undefined ? '' : heldCopies.copies.length > 0
      ? ` The pod has no firmware that runs now, and its other files (${heldCopies.copies.map((c) => c.name).join(', ')}) are off it and held by this page: connect and upload again to put them back, before you close or reload it.`
      : ' The pod has no firmware that runs now: connect and upload again.';
    const said = (e as Error).message + (held !== '' && !/[.?!]$/.test((e as Error).message) ? '.' : '') + held;
    result.textContent = said;
    log(`failed: ${said}`);
    setState('failed');
  }
}

function init(): void {
  const rate = byId<HTMLSelectElement>('setup-rate');
  for (const hz of SETUP_RATES_HZ) {
    const option = document.createElement('option');
    option.value = String(hz);
    option.textContent = String(hz);
    rate.appendChild(option);
  }
  showConfig(undefined);
  showImage(LP_DEFAULT_BUNDLE_NAME + ' (built in)', new TextEncoder().encode(LP_DEFAULT_BUNDLE));
  byId<HTMLInputElement>('setup-file').addEventListener('change', (ev) => {
    const file = (ev.target as HTMLInputElement).files?.[0];
    if (!file) return;
    const input = ev.target as HTMLInputElement;
    void file.arrayBuffer().then((buffer) => {
      const bytes = new Uint8Array(buffer);
      const result = byId('setup-result');
      // checked here, as lumbarpod flash checks --bundle: uploaded, it would pass the length and
      // CRC check and the pod would fail at its boot
      const fault = bundleFault(bytes, LP_OTHER_BUILDS);
      if (fault !== undefined) {
        const said = `${bundleFaultWords(file.name, fault, SETUP_BOARD_NAME)}: choose the Puck.js v2's build, ${LP_DEFAULT_BUNDLE_NAME}. ` +
          `Not taken: the upload is still ${imageName}.`;
        result.dataset.result = 'failed';
        result.textContent = said;
        log(`bundle refused: ${said}`);
        refusalShown = true;
        // the same file chosen again must be checked again, and the input must not show a file that is not the one uploaded
        input.value = '';
        return;
      }
      if (refusalShown) {
        result.dataset.result = 'none';
        result.textContent = '';
        refusalShown = false;
      }
      showImage(file.name, bytes);
      log(`bundle ${file.name}: ${image?.bytes.length} bytes`);
      setState((byId('setup-state').dataset.state as SetupState) ?? 'idle');
    });
  });
  byId('setup-connect').addEventListener('click', () => void connect());
  byId('setup-restart').addEventListener('click', () => void restartRunningPod());
  byId('setup-upload').addEventListener('click', () => void upload());
  // the pod's files off it and held only by this page would go with it: the browser asks first
  window.addEventListener('beforeunload', (event) => {
    if (heldCopies.copies === undefined) return;
    event.preventDefault();
    event.returnValue = '';
  });
  const serial = (navigator as unknown as { serial?: SerialChooser<OpenablePort> }).serial;
  if (serial) openPortsAtBaud(serial, SETUP_CONSOLE_BAUD, () => { serialOpenedByConnect = true; });
  if (!navigator.bluetooth && !('serial' in navigator)) {
    byId('setup-no-bluetooth').hidden = false;
    setState('unavailable');
    return;
  }
  setState('idle');
  watchLink();
}

init();
