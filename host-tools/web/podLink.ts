// The dashboard's BLE link to one pod over Web Bluetooth: choose the pod (RSC 0x1814 in its
// advertising), connect, subscribe to RSC Measurement and the LumbarPod step, summary and reply
// characteristics (battery level too when present), hand every notification's bytes on, and
// send commands on the control characteristic. A link lost without the user asking is
// reconnected through device.gatt.connect() with a growing delay, and every subscription made
// again (a new GATT connection has none).
import {
  BATTERY_LEVEL_UUID, BATTERY_SERVICE_UUID, LUMBARPOD_CONTROL_UUID, LUMBARPOD_REPLY_UUID, LUMBARPOD_SERVICE_UUID,
  LUMBARPOD_STEP_UUID, LUMBARPOD_SUMMARY_UUID,
} from '../../firmware/protocol/bleUuids';
import { encodeMessage } from '../../firmware/protocol/codec';
import { BLE_MAX_MESSAGE_LENGTH } from '../../firmware/protocol/messageIds';
import { RSC_MEASUREMENT_UUID, RSC_SERVICE_UUID } from '../../firmware/protocol/rscService';
import { setClockArgs } from '../protocol/wallClock';
import { NotificationSource } from './liveSession';
import { webBluetoothUuid } from './webUuids';

export type LinkState = 'unavailable' | 'idle' | 'choosing' | 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

/** where a reconnect stands, with each 'reconnecting' state */
export interface Reconnect {
  /** the attempt under way, or the next one, from 1 */
  attempt: number;
  /** the next attempt starts this long after the state is told; undefined: one is under way */
  nextInMs: number | undefined;
  /** why the link is down, the browser's words: 'link lost', or the last attempt's error */
  reason: string;
}

export interface PodLinkEvents {
  /** `detail` in the browser's words (the session keeps it); `reconnect` with each 'reconnecting' */
  state(state: LinkState, detail: string, reconnect?: Reconnect): void;
  /** one notification (or the first read of a readable one), its bytes copied */
  data(source: NotificationSource, bytes: Uint8Array): void;
}

interface Subscription {
  source: NotificationSource;
  service: string;
  characteristic: string;
  /** a pod without it still works (battery: not every board has one) */
  optional: boolean;
  /** read the value once after subscribing (it changes rarely) */
  readFirst: boolean;
}

const SUBSCRIPTIONS: readonly Subscription[] = [
  { source: 'rsc', service: RSC_SERVICE_UUID, characteristic: RSC_MEASUREMENT_UUID, optional: false, readFirst: false },
  { source: 'step', service: LUMBARPOD_SERVICE_UUID, characteristic: LUMBARPOD_STEP_UUID, optional: false, readFirst: false },
  { source: 'summary', service: LUMBARPOD_SERVICE_UUID, characteristic: LUMBARPOD_SUMMARY_UUID, optional: false, readFirst: false },
  { source: 'reply', service: LUMBARPOD_SERVICE_UUID, characteristic: LUMBARPOD_REPLY_UUID, optional: false, readFirst: false },
  { source: 'battery', service: BATTERY_SERVICE_UUID, characteristic: BATTERY_LEVEL_UUID, optional: true, readFirst: true },
];

/** what requestDevice asks for: pods advertise 0x1814; the other services must be named to be reachable */
export const REQUEST_DEVICE_OPTIONS: RequestDeviceOptions = {
  filters: [{ services: [webBluetoothUuid(RSC_SERVICE_UUID)] }],
  optionalServices: [webBluetoothUuid(LUMBARPOD_SERVICE_UUID), webBluetoothUuid(BATTERY_SERVICE_UUID)],
};

/** wait before reconnect attempt n (from 0); the last one repeats. A pod out of range comes back by itself. */
export const RECONNECT_DELAYS_MS = [0, 1000, 2000, 4000, 8000];

function errorText(e: unknown): string {
  if (e instanceof Error || (typeof DOMException !== 'undefined' && e instanceof DOMException)) return (e as Error).name + ': ' + (e as Error).message;
  return String(e);
}

/**
 * Why no pod was chosen, in a runner's words: the browser's NotFoundError (its list closed with no
 * pod picked, or no pod in it) says nothing to them; any other error keeps its own text
 */
export function chooserErrorWords(e: unknown): string {
  if (typeof e === 'object' && e !== null && (e as { name?: unknown }).name === 'NotFoundError') {
    // Chrome says so too where the device has no Bluetooth on ("Bluetooth adapter not available.")
    if (/adapter/i.test(String((e as { message?: unknown }).message))) return 'this phone\'s or computer\'s Bluetooth is off: turn it on, then press Connect';
    return 'no pod chosen: press Connect and pick the LumbarPod in the list (it shows a pod that is on and near the phone)';
  }
  return errorText(e);
}

export class PodLink {
  private device: BluetoothDevice | undefined;
  private control: BluetoothRemoteGATTCharacteristic | undefined;
  /** the user wants a link: a drop is reconnected */
  private wanted = false;
  private connecting = false;
  private attempt = 0;
  /** why the link went down, or the last reconnect attempt failed */
  private downReason = '';
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private commandSeq = 0;
  /** the last write queued: the next starts once it has finished */
  private writing: Promise<boolean> = Promise.resolve(true);
  /** characteristics that already have our listener (Chrome may hand back the same object) */
  private readonly listening = new WeakSet<BluetoothRemoteGATTCharacteristic>();
  private readonly commandBuf = new Uint8Array(BLE_MAX_MESSAGE_LENGTH);

  constructor(private readonly bluetooth: Bluetooth | undefined, private readonly events: PodLinkEvents) {}

  get available(): boolean {
    return this.bluetooth !== undefined;
  }

  /** the browser's id of the pod chosen ('' before one): another id is another pod */
  get deviceId(): string {
    return (this.device && this.device.id) || '';
  }

  get deviceName(): string {
    return (this.device && this.device.name) || '';
  }

  /** asks the user to pick a pod, then connects; never throws */
  async choose(): Promise<void> {
    const bluetooth = this.bluetooth;
    if (!bluetooth) {
      this.events.state('unavailable', 'this browser has no Web Bluetooth');
      return;
    }
    this.stopRetry();
    this.events.state('choosing', 'pick the pod in the browser\'s list');
    let device: BluetoothDevice;
    try {
      device = await bluetooth.requestDevice(REQUEST_DEVICE_OPTIONS);
    } catch (e) {
      this.events.state(this.device ? 'disconnected' : 'idle', chooserErrorWords(e));
      return;
    }
    if (this.device && this.device !== device) this.forget();
    if (this.device !== device) device.addEventListener('gattserverdisconnected', this.onDisconnected);
    this.device = device;
    this.wanted = true;
    this.attempt = 0;
    await this.connectOnce('connecting');
  }

  /** closes the link on purpose: no reconnect */
  disconnect(): void {
    this.wanted = false;
    this.stopRetry();
    const gatt = this.device && this.device.gatt;
    if (gatt && gatt.connected) {
      gatt.disconnect(); // gattserverdisconnected says 'disconnected'
      return;
    }
    // a connect under way is aborted (Web Bluetooth's disconnect does), and backs out if it returns
    if (gatt) gatt.disconnect();
    this.events.state('disconnected', 'closed');
  }

  /**
   * Sends a command; resolves false when the link is down. Writes go one at a time, each after
   * the one before has finished: Chrome rejects a GATT write while another is in progress (on
   * Android, macOS and Windows), and a catch-up's readLog meets the reconnect's getStatus.
   */
  send(command: string, args: { [name: string]: number } = {}): Promise<boolean> {
    const n = encodeMessage({ type: 'command', seq: this.commandSeq, deviceTimeMs: 0, command, args }, this.commandBuf, 0);
    if (n < 0) throw new Error(`cannot encode command ${command} (code ${n})`);
    this.commandSeq = (this.commandSeq + 1) & 0xffff;
    const bytes = this.commandBuf.slice(0, n);
    const written = this.writing.then(() => this.write(bytes));
    this.writing = written;
    return written;
  }

  private async write(bytes: Uint8Array<ArrayBuffer>): Promise<boolean> {
    const control = this.control;
    if (!control) return false;
    try {
      if (typeof control.writeValueWithResponse === 'function') await control.writeValueWithResponse(bytes);
      else await control.writeValue(bytes);
      return true;
    } catch (e) {
      return false; // the link went down under the write: the reconnect says so
    }
  }

  private forget(): void {
    if (this.device) this.device.removeEventListener('gattserverdisconnected', this.onDisconnected);
    this.device = undefined;
    this.control = undefined;
  }

  private stopRetry(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private async connectOnce(state: 'connecting' | 'reconnecting'): Promise<void> {
    const device = this.device;
    const gatt = device && device.gatt;
    if (!device || !gatt || !this.wanted) return;
    this.connecting = true;
    if (state === 'reconnecting') this.events.state(state, `attempt ${this.attempt}`, { attempt: this.attempt, nextInMs: undefined, reason: this.downReason });
    else this.events.state(state, device.name || '');
    try {
      const server = await gatt.connect();
      const services = new Map<string, BluetoothRemoteGATTService | undefined>();
      for (const sub of SUBSCRIPTIONS) {
        let service = services.get(sub.service);
        if (!services.has(sub.service)) {
          service = await server.getPrimaryService(webBluetoothUuid(sub.service)).catch((e: unknown) => {
            if (sub.optional) return undefined;
            throw e;
          });
          services.set(sub.service, service);
        }
        if (!service) continue;
        const ch = await service.getCharacteristic(webBluetoothUuid(sub.characteristic));
        if (!this.listening.has(ch)) {
          this.listening.add(ch);
          ch.addEventListener('characteristicvaluechanged', (event: Event) => {
            const value = (event.target as BluetoothRemoteGATTCharacteristic).value;
            if (value) this.events.data(sub.source, new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)));
          });
        }
        await ch.startNotifications();
        if (sub.readFirst) {
          const value = await ch.readValue();
          this.events.data(sub.source, new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)));
        }
      }
      const lumbarpod = services.get(LUMBARPOD_SERVICE_UUID);
      this.control = lumbarpod ? await lumbarpod.getCharacteristic(webBluetoothUuid(LUMBARPOD_CONTROL_UUID)) : undefined;
      // Disconnect pressed while this connected: no link, no commands
      if (!this.wanted) throw new Error('disconnected meanwhile');
      if (!gatt.connected) throw new Error('the link dropped while subscribing');
      this.connecting = false;
      this.attempt = 0;
      this.events.state('connected', device.name || '');
      // counters, battery, firmware version and rate come back as a status message on reply
      await this.send('getStatus');
      // the pod logs it, so the runs it logs alone can be dated (an older pod refuses it)
      await this.send('setClock', setClockArgs(Date.now()));
    } catch (e) {
      this.connecting = false;
      this.control = undefined;
      if (!this.wanted) {
        if (gatt.connected) gatt.disconnect();
        return;
      }
      this.scheduleReconnect(errorText(e));
      // its gattserverdisconnected finds the retry already scheduled
      if (gatt.connected) gatt.disconnect();
    }
  }

  private readonly onDisconnected = (): void => {
    const gatt = this.device && this.device.gatt;
    // a late event of an earlier link, arriving after a reconnect already succeeded
    if (gatt && gatt.connected) return;
    this.control = undefined;
    if (!this.wanted) {
      this.events.state('disconnected', 'closed');
      return;
    }
    // a failing connectOnce schedules its own retry
    if (!this.connecting) this.scheduleReconnect('link lost');
  };

  private scheduleReconnect(reason: string): void {
    if (this.retryTimer !== undefined) return;
    const delayMs = RECONNECT_DELAYS_MS[Math.min(this.attempt, RECONNECT_DELAYS_MS.length - 1)];
    this.attempt++;
    this.downReason = reason;
    this.events.state('reconnecting', `${reason}; attempt ${this.attempt} in ${delayMs / 1000} s`, { attempt: this.attempt, nextInMs: delayMs, reason });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connectOnce('reconnecting');
    }, delayMs);
  }
}
