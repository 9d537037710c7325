// NRF stand-in (libs/bluetooth/jswrap_bluetooth.c, targets/nrf5x/bluetooth.c) and the fake BLE
// central that talks to it. Link events and peer writes reach the pod as queued events on the
// virtual clock (the simulator delivers them in its next idle pass); notifications reach the
// peer at once.
//
// Mirrored from Espruino:
// - UUID keys: '0xABCD', 4 hex digits, or a 128-bit 'xxxxxxxx-xxxx-...' string; a key of
//   decimal digits only is an integer UUID (Espruino keeps `{0x1814: ...}` as the integer 6164).
//   Bad keys throw "Invalid Service UUID: ..." / "Invalid Characteristic UUID: ...".
// - setServices while connected: the new table waits for the disconnect ("BLE Connected,
//   queueing BLE restart for later"), and updateServices throws "Can't update services until
//   BLE restart" in between.
// - updateServices looks the characteristic up by its UUID alone; unknown -> "Unable to find
//   service with UUID ...". The value is stored for reads even with nobody connected; longer
//   than maxLen (default: the initial value's length, at least 1) -> "ERR 0xc (DATA_SIZE)".
//   It notifies/indicates when the *update* says notify/indicate, a peer is connected and has
//   subscribed. A characteristic set up without notify has no CCCD, so the SoftDevice refuses
//   and Espruino ignores that error: no exception, no notification. The simulator records a
//   warning so a test can catch it.
// - The SoftDevice queues only a few notifications per connection interval; sd_ble_gatts_hvx
//   answers NRF_ERROR_RESOURCES for more, and Espruino ignores that error, so the notification is
//   lost without a word to the pod. Off by default; `notificationsPerIntervalMost` turns it on
//   (the real queue depth and interval are not measured: 7.5 ms is Espruino's fast interval).
// - A notification carries at most MTU - 3 bytes (SoftDevice sd_ble_gatts_hvx; unverified
//   whether it truncates or fails: the simulator truncates and records a warning).
// - The Nordic UART service (NUS) is there unless the last setServices said {uart: false} (on at
//   boot, as in Espruino; a table set while connected brings its uart option with it at the
//   disconnect). When a central connects and the console is not forced, the console moves to
//   Bluetooth and its input line is cleared; at the disconnect it goes back (targets/nrf5x/
//   bluetooth.c BLE_GAP_EVT_CONNECTED / DISCONNECTED). Writes to its RX characteristic are console
//   input, never an onWrite event; console output leaves as TX notifications of at most MTU - 3
//   bytes each (20 at the default MTU of 23), dropped when nobody subscribed (nus_transmit_string).
// - setAdvertising builds the packet as _jswrap_ble_getAdvertisingDataRaw does (flags, service
//   data, Espruino's manufacturer ID, name last and shortened to fit) and throws
//   "Advertising data too long when adding ..." past 31 bytes.
import { PodErrorFactory, hostErrorFactory } from './virtualClock';

const BLE_ERROR_DATA_SIZE = 'ERR 0xc (DATA_SIZE)';
/** ESPR_MAX_ADVERTISEMENT_DATA */
export const BLE_MAX_ADVERTISING_BYTES = 31;
/** GAP AD types */
const AD_FLAGS = 0x01;
const AD_16BIT_SERVICE_UUID_COMPLETE = 0x03;
const AD_SHORT_LOCAL_NAME = 0x08;
const AD_COMPLETE_LOCAL_NAME = 0x09;
const AD_SERVICE_DATA = 0x16;
const AD_MANUFACTURER_SPECIFIC_DATA = 0xff;
const AD_FLAGS_LE_ONLY_GENERAL_DISC_MODE = 0x06;
/** Espruino's Bluetooth SIG company ID */
const ESPRUINO_MANUFACTURER_ID = 0x0590;
/** the Puck's MTU when the central asks for more (NRF_BLE_MAX_MTU_SIZE on Puck.js) */
export const PUCK_MAX_MTU = 53;
/** the Nordic UART service and its characteristics: RX is what the central writes, TX what it hears */
export const NUS_SERVICE_UUID = '6e400001-b5a3-f393-e0a9-e50e24dcca9e';
export const NUS_RX_UUID = '6e400002-b5a3-f393-e0a9-e50e24dcca9e';
export const NUS_TX_UUID = '6e400003-b5a3-f393-e0a9-e50e24dcca9e';
/** BLE_HCI_REMOTE_USER_TERMINATED_CONNECTION */
export const BLE_REASON_REMOTE_USER_TERMINATED = 0x13;
/** BLE_HCI_CONNECTION_TIMEOUT: the link was lost */
export const BLE_REASON_CONNECTION_TIMEOUT = 0x08;

/** '0x1814' for 16-bit UUIDs, lower-case dashed form for 128-bit ones; throws a message otherwise */
export function normalizeBleUuid(key: unknown): string {
  const text = String(key);
  if (/^[0-9]+$/.test(text)) {
    const value = Number(text);
    if (value > 0xffff) throw new Error('UUID Integer out of range');
    return '0x' + value.toString(16).padStart(4, '0');
  }
  const short = /^0x([0-9a-fA-F]{4})$/.exec(text) ?? /^([0-9a-fA-F]{4})$/.exec(text);
  if (short) return '0x' + short[1].toLowerCase();
  const hex = text.replace(/-/g, '');
  if (/^[0-9a-fA-F]{32}$/.test(hex)) {
    const h = hex.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  if (/[^0-9a-fA-Fx-]/.test(text)) throw new Error('UUID string should only contain hex characters and dashes');
  throw new Error('UUID not the right length (16 or 2 bytes)');
}

export interface BleCharacteristic {
  serviceUuid: string;
  charUuid: string;
  value: Uint8Array;
  maxLen: number;
  readable: boolean;
  writable: boolean;
  notify: boolean;
  indicate: boolean;
  description: string | undefined;
  onWrite: ((evt: { data: ArrayBuffer }) => void) | undefined;
}

export interface BleNotification {
  tMs: number;
  serviceUuid: string;
  charUuid: string;
  kind: 'notify' | 'indicate';
  bytes: Uint8Array;
}

/** what the pod's NRF needs from the simulator */
export interface SimNrfHost {
  nowMs(): number;
  /** queue a callback for the pod's next idle pass */
  queuePodEvent(run: () => void): void;
  /** call pod code, capturing exceptions like Espruino's event loop */
  callPod(fn: Function, args: unknown[]): void;
  warn(message: string): void;
  print(line: string): void;
  podError: PodErrorFactory;
  /** ArrayBuffer of the pod's realm */
  makeArrayBuffer(bytes: Uint8Array): ArrayBuffer;
  /** bytes a central wrote to the Nordic UART RX (console input from Bluetooth) */
  nusInput?(bytes: Uint8Array): void;
  /** a central connected (true) or went away (false) while the Nordic UART is on: the console may move */
  nusLink?(connected: boolean): void;
}

type NotificationCallback = (bytes: Uint8Array, kind: 'notify' | 'indicate') => void;

export class SimNrf {
  /** characteristics in setServices order, as the GATT table holds them */
  private table: BleCharacteristic[] = [];
  private pendingTable: BleCharacteristic[] | undefined;
  servicesOptions: unknown;
  /** the Nordic UART service is in the GATT table (Espruino's default until setServices says uart: false) */
  nusEnabled = true;
  private pendingNus: boolean | undefined;
  /** services set while connected wait for the disconnect */
  needsRestart = false;
  advertisingData: unknown;
  advertisingOptions: unknown;
  /** the 31-byte packet last built by setAdvertising */
  advertisingPacket: Uint8Array | undefined;
  /** the device name the advertising carries by default */
  deviceName = 'Puck.js 1234';
  private readonly handlers: { connect: Function[]; disconnect: Function[] } = { connect: [], disconnect: [] };
  readonly peer: FakeBlePeer;
  /** notifications the SoftDevice takes per connection interval (undefined: no limit) */
  notificationsPerIntervalMost: number | undefined;
  connectionIntervalMs = 7.5;
  /** notifications lost to a full queue (the pod cannot know) */
  notificationsDropped = 0;
  private intervalIndex = -1;
  private notificationsThisInterval = 0;

  constructor(private readonly host: SimNrfHost) {
    this.peer = new FakeBlePeer(this, host);
  }

  /** at every boot: a new softdevice table, no handlers, the link dropped */
  boot(): void {
    this.table = [];
    this.pendingTable = undefined;
    this.nusEnabled = true;
    this.pendingNus = undefined;
    this.needsRestart = false;
    this.handlers.connect = [];
    this.handlers.disconnect = [];
    this.advertisingData = undefined;
    this.advertisingOptions = undefined;
    this.advertisingPacket = undefined;
    this.peer.dropWithoutEvent();
  }

  podObject(): object {
    return {
      setServices: (services: unknown, options: unknown) => this.setServices(services, options),
      updateServices: (services: unknown) => this.updateServices(services),
      setAdvertising: (data: unknown, options: unknown) => this.setAdvertising(data, options),
      on: (event: unknown, handler: unknown) => {
        if ((event === 'connect' || event === 'disconnect') && typeof handler === 'function') this.handlers[event].push(handler);
      },
    };
  }

  /** the GATT table: the services set up, then the Nordic UART while it is on */
  characteristics(): BleCharacteristic[] {
    return this.nusEnabled ? this.table.concat(this.nus) : this.table.slice();
  }

  findCharacteristic(serviceUuid: string, charUuid: string): BleCharacteristic | undefined {
    const s = normalizeBleUuid(serviceUuid);
    const c = normalizeBleUuid(charUuid);
    return this.characteristics().find((ch) => ch.serviceUuid === s && ch.charUuid === c);
  }

  /** the NUS characteristics (the SoftDevice's ble_nus, not JavaScript's: no onWrite, no value kept) */
  private readonly nus: BleCharacteristic[] = [
    { serviceUuid: NUS_SERVICE_UUID, charUuid: NUS_RX_UUID, value: new Uint8Array(0), maxLen: PUCK_MAX_MTU - 3, readable: false, writable: true, notify: false, indicate: false, description: undefined, onWrite: undefined },
    { serviceUuid: NUS_SERVICE_UUID, charUuid: NUS_TX_UUID, value: new Uint8Array(0), maxLen: PUCK_MAX_MTU - 3, readable: false, writable: false, notify: true, indicate: false, description: undefined, onWrite: undefined },
  ];

  isNusRx(ch: BleCharacteristic): boolean {
    return ch === this.nus[0];
  }

  /** console output to Bluetooth: TX notifications of at most MTU - 3 bytes, nothing without a subscribed central */
  nusSend(bytes: Uint8Array): void {
    if (!this.nusEnabled || !this.peer.connected) return;
    const chunk = this.peer.mtu - 3;
    for (let at = 0; at < bytes.length; at += chunk) this.peer.deliver(this.nus[1], bytes.subarray(at, Math.min(bytes.length, at + chunk)), 'notify');
  }

  setServices(services: unknown, options: unknown): void {
    const table: BleCharacteristic[] = [];
    if (services !== undefined && services !== null) {
      if (typeof services !== 'object') throw this.host.podError(`Expecting Object or undefined, got ${typeof services}`, 'TypeError');
      for (const serviceKey of Object.keys(services as object)) {
        const serviceUuid = this.uuidOrThrow(serviceKey, 'Service');
        const chars = (services as Record<string, unknown>)[serviceKey] as Record<string, Record<string, unknown>>;
        for (const charKey of Object.keys(chars ?? {})) {
          const charUuid = this.uuidOrThrow(charKey, 'Characteristic');
          const c = chars[charKey] ?? {};
          const value = c.value === undefined ? new Uint8Array(0) : this.bytesOf(c.value);
          let maxLen = Number(c.maxLen ?? 0) | 0;
          if (maxLen === 0) maxLen = 1;
          if (value.length > maxLen) maxLen = value.length;
          table.push({
            serviceUuid,
            charUuid,
            value,
            maxLen,
            readable: !!c.readable,
            writable: !!c.writable,
            notify: !!c.notify,
            indicate: !!c.indicate,
            description: c.description === undefined ? undefined : String(c.description),
            onWrite: typeof c.onWrite === 'function' ? (c.onWrite as BleCharacteristic['onWrite']) : undefined,
          });
        }
      }
    }
    this.servicesOptions = options;
    const uart = options !== null && typeof options === 'object' && (options as { uart?: unknown }).uart !== undefined ? !!(options as { uart?: unknown }).uart : true;
    if (this.peer.connected) {
      this.host.print('BLE Connected, queueing BLE restart for later');
      this.pendingTable = table;
      this.pendingNus = uart;
      this.needsRestart = true;
    } else {
      this.table = table;
      this.nusEnabled = uart;
    }
  }

  updateServices(services: unknown): void {
    if (this.needsRestart) throw this.host.podError("Can't update services until BLE restart");
    if (services === undefined) return;
    if (services === null || typeof services !== 'object') throw this.host.podError(`Expecting Object or undefined, got ${typeof services}`, 'TypeError');
    for (const serviceKey of Object.keys(services as object)) {
      this.uuidOrThrow(serviceKey, 'Service');
      const chars = (services as Record<string, unknown>)[serviceKey] as Record<string, Record<string, unknown>>;
      for (const charKey of Object.keys(chars ?? {})) {
        const charUuid = this.uuidOrThrow(charKey, 'Characteristic');
        const ch = this.table.find((c) => c.charUuid === charUuid);
        if (!ch) throw this.host.podError(`Unable to find service with UUID ${charUuid}`);
        const update = chars[charKey] ?? {};
        if (update.value === undefined) continue;
        const value = this.bytesOf(update.value);
        if (value.length === 0) continue;
        if (value.length > ch.maxLen) throw this.host.podError(BLE_ERROR_DATA_SIZE);
        ch.value = value;
        const kind = update.indicate ? 'indicate' : update.notify ? 'notify' : undefined;
        if (kind === undefined || !this.peer.connected) continue;
        if (!(kind === 'indicate' ? ch.indicate : ch.notify)) {
          this.host.warn(`updateServices asked to ${kind} ${ch.charUuid}, which setServices did not create with ${kind}: true; nothing was sent`);
          continue;
        }
        if (!this.queueTakesOne()) {
          this.notificationsDropped++;
          continue;
        }
        this.peer.deliver(ch, value, kind);
      }
    }
  }

  /** whether the notification queue has room in the current connection interval (and takes one) */
  private queueTakesOne(): boolean {
    if (this.notificationsPerIntervalMost === undefined) return true;
    const interval = Math.floor(this.host.nowMs() / this.connectionIntervalMs);
    if (interval !== this.intervalIndex) {
      this.intervalIndex = interval;
      this.notificationsThisInterval = 0;
    }
    if (this.notificationsThisInterval >= this.notificationsPerIntervalMost) return false;
    this.notificationsThisInterval++;
    return true;
  }

  setAdvertising(data: unknown, options: unknown): void {
    this.advertisingPacket = this.buildAdvertisingPacket(data, options);
    this.advertisingData = data;
    this.advertisingOptions = options;
  }

  // ---------- link events, driven by the peer ----------

  linkUp(address: string): void {
    if (this.nusEnabled) this.host.nusLink?.(true);
    this.host.queuePodEvent(() => {
      for (const h of this.handlers.connect.slice()) this.host.callPod(h, [address]);
    });
  }

  linkDown(reason: number): void {
    this.host.nusLink?.(false);
    if (this.pendingNus !== undefined) {
      this.nusEnabled = this.pendingNus;
      this.pendingNus = undefined;
    }
    if (this.pendingTable) {
      // the deferred softdevice restart happens on the disconnect
      this.table = this.pendingTable;
      this.pendingTable = undefined;
      this.needsRestart = false;
    }
    this.host.queuePodEvent(() => {
      for (const h of this.handlers.disconnect.slice()) this.host.callPod(h, [reason]);
    });
  }

  private uuidOrThrow(key: string, what: 'Service' | 'Characteristic'): string {
    try {
      return normalizeBleUuid(key);
    } catch (e) {
      throw this.host.podError(`Invalid ${what} UUID: ${(e as Error).message}`);
    }
  }

  bytesOf(value: unknown): Uint8Array {
    if (typeof value === 'string') return Uint8Array.from(value, (ch) => ch.charCodeAt(0) & 0xff);
    if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
    if (Object.prototype.toString.call(value) === '[object ArrayBuffer]') return new Uint8Array((value as ArrayBuffer).slice(0));
    if (Array.isArray(value)) return Uint8Array.from(value, (v) => Number(v) & 0xff);
    if (typeof value === 'number') return Uint8Array.of(value & 0xff);
    throw this.host.podError(`Expecting array-like object or undefined, got ${typeof value}`, 'TypeError');
  }

  private buildAdvertisingPacket(data: unknown, options: unknown): Uint8Array {
    const packet: number[] = [];
    const add = (what: string, type: number, bytes: ArrayLike<number>, companyOrUuid?: number) => {
      const extra = companyOrUuid === undefined ? 2 : 4;
      if (packet.length + bytes.length + extra > BLE_MAX_ADVERTISING_BYTES) {
        throw this.host.podError(`Advertising data too long when adding ${what}`);
      }
      packet.push(bytes.length + extra - 1, type);
      if (companyOrUuid !== undefined) packet.push(companyOrUuid & 0xff, (companyOrUuid >> 8) & 0xff);
      for (let i = 0; i < bytes.length; i++) packet.push(bytes[i] & 0xff);
    };
    const o = (options ?? {}) as Record<string, unknown>;
    if (options !== undefined && (options === null || typeof options !== 'object')) {
      throw this.host.podError(`Expecting Object or undefined, got ${typeof options}`, 'TypeError');
    }
    const showName = o.showName === undefined ? true : !!o.showName;
    const name = o.name === undefined ? this.deviceName : String(o.name).slice(0, 31);
    const showFlags = o.flags === undefined ? true : !!o.flags;
    let manufacturer = true;
    let manufacturerId = ESPRUINO_MANUFACTURER_ID;
    if (o.manufacturer !== undefined) {
      if (!o.manufacturer) manufacturer = false;
      else manufacturerId = Number(o.manufacturer) | 0;
    }
    // raw packets go out as given
    if (Array.isArray(data) || ArrayBuffer.isView(data)) return this.bytesOf(data).slice(0, BLE_MAX_ADVERTISING_BYTES);
    if (showFlags) add('flags', AD_FLAGS, [AD_FLAGS_LE_ONLY_GENERAL_DISC_MODE]);
    const uuid16: number[] = [];
    if (data !== undefined && data !== null && typeof data === 'object') {
      for (const key of Object.keys(data)) {
        const uuid = this.uuidOrThrow(key, 'Service');
        const v = (data as Record<string, unknown>)[key];
        const short = uuid.startsWith('0x') ? parseInt(uuid.slice(2), 16) : 0;
        if (v === undefined) uuid16.push(short & 0xff, short >> 8);
        else add('Service', AD_SERVICE_DATA, this.bytesOf(v), short);
      }
    } else if (data !== undefined) {
      throw this.host.podError(`Expecting Object, Array or undefined, got ${typeof data}`, 'TypeError');
    }
    if (uuid16.length > 0) add('16 bit Service', AD_16BIT_SERVICE_UUID_COMPLETE, uuid16);
    if (manufacturer) {
      const m = o.manufacturerData === undefined ? new Uint8Array(0) : this.bytesOf(o.manufacturerData);
      add('Manufacturer data', AD_MANUFACTURER_SPECIFIC_DATA, m, manufacturerId);
    }
    if (showName && name.length > 0) {
      let nameBytes = Uint8Array.from(name, (ch) => ch.charCodeAt(0) & 0xff);
      let type = AD_COMPLETE_LOCAL_NAME;
      if (nameBytes.length + packet.length + 2 > BLE_MAX_ADVERTISING_BYTES) {
        nameBytes = nameBytes.slice(0, Math.max(0, BLE_MAX_ADVERTISING_BYTES - 2 - packet.length));
        type = AD_SHORT_LOCAL_NAME;
      }
      add('Name', type, nameBytes);
    }
    return Uint8Array.from(packet);
  }
}

/**
 * A BLE central for tests and the simulator's clients: connects, subscribes, writes, reads.
 * connect()/disconnect() take effect at once on the link; the pod hears of them in its next
 * idle pass, as NRF 'connect'/'disconnect' events.
 */
export class FakeBlePeer {
  connected = false;
  address = 'aa:bb:cc:dd:ee:ff';
  /** ATT MTU the central negotiated: 23 by default in BLE, up to the Puck's 53 */
  mtu = PUCK_MAX_MTU;
  /** everything delivered to this peer while subscribed, in order */
  readonly notifications: BleNotification[] = [];
  private readonly subscriptions = new Map<string, NotificationCallback[]>();

  constructor(private readonly nrf: SimNrf, private readonly host: SimNrfHost) {}

  connect(address?: string): void {
    if (this.connected) throw new Error('FakeBlePeer: already connected');
    if (address !== undefined) this.address = address;
    this.connected = true;
    this.nrf.linkUp(this.address);
  }

  /** the link goes down; `reason` is the HCI code the pod's 'disconnect' handler gets */
  disconnect(reason = BLE_REASON_REMOTE_USER_TERMINATED): void {
    if (!this.connected) return;
    this.connected = false;
    this.subscriptions.clear();
    this.nrf.linkDown(reason);
  }

  /** a reboot of the pod drops the link; the new pod has no handlers to hear of it */
  dropWithoutEvent(): void {
    this.connected = false;
    this.subscriptions.clear();
  }

  /** writes the CCCD: the peer wants notifications (or indications) of this characteristic */
  subscribe(serviceUuid: string, charUuid: string, callback?: NotificationCallback): void {
    const ch = this.requireCharacteristic(serviceUuid, charUuid);
    if (!this.connected) throw new Error('FakeBlePeer: not connected');
    if (!ch.notify && !ch.indicate) throw new Error(`FakeBlePeer: ${ch.charUuid} has no notify or indicate property, so no CCCD`);
    const key = ch.serviceUuid + '/' + ch.charUuid;
    const list = this.subscriptions.get(key) ?? [];
    if (callback) list.push(callback);
    this.subscriptions.set(key, list);
  }

  unsubscribe(serviceUuid: string, charUuid: string): void {
    this.subscriptions.delete(normalizeBleUuid(serviceUuid) + '/' + normalizeBleUuid(charUuid));
  }

  /** a GATT write: the pod's onWrite gets {data: ArrayBuffer} in its next idle pass */
  write(serviceUuid: string, charUuid: string, bytes: ArrayLike<number>): void {
    const ch = this.requireCharacteristic(serviceUuid, charUuid);
    if (!this.connected) throw new Error('FakeBlePeer: not connected');
    if (!ch.writable) throw new Error(`FakeBlePeer: ${ch.charUuid} is not writable (GATT error: write not permitted)`);
    const data = Uint8Array.from(bytes);
    if (data.length > ch.maxLen) throw new Error(`FakeBlePeer: ${data.length} bytes exceed maxLen ${ch.maxLen} of ${ch.charUuid} (GATT error: invalid attribute length)`);
    if (data.length > this.mtu - 3) throw new Error(`FakeBlePeer: ${data.length} bytes exceed MTU ${this.mtu} - 3`);
    if (this.nrf.isNusRx(ch)) {
      // console input: the SoftDevice's NUS hands it to the console, no JavaScript event
      const bytes = data;
      this.host.queuePodEvent(() => this.host.nusInput?.(bytes));
      return;
    }
    ch.value = data;
    const handler = ch.onWrite;
    if (handler) this.host.queuePodEvent(() => this.host.callPod(handler, [{ data: this.host.makeArrayBuffer(data) }]));
  }

  /** a GATT read of the current value */
  read(serviceUuid: string, charUuid: string): Uint8Array {
    const ch = this.requireCharacteristic(serviceUuid, charUuid);
    if (!ch.readable) throw new Error(`FakeBlePeer: ${ch.charUuid} is not readable (GATT error: read not permitted)`);
    return ch.value.slice();
  }

  isSubscribed(serviceUuid: string, charUuid: string): boolean {
    return this.subscriptions.has(normalizeBleUuid(serviceUuid) + '/' + normalizeBleUuid(charUuid));
  }

  deliver(ch: BleCharacteristic, value: Uint8Array, kind: 'notify' | 'indicate'): void {
    const callbacks = this.subscriptions.get(ch.serviceUuid + '/' + ch.charUuid);
    if (!callbacks) return; // CCCD not enabled: the SoftDevice refuses and Espruino ignores it
    let bytes = value.slice();
    if (bytes.length > this.mtu - 3) {
      this.host.warn(`notification of ${bytes.length} bytes on ${ch.charUuid} cut to MTU ${this.mtu} - 3 = ${this.mtu - 3}`);
      bytes = bytes.slice(0, this.mtu - 3);
    }
    this.notifications.push({ tMs: this.host.nowMs(), serviceUuid: ch.serviceUuid, charUuid: ch.charUuid, kind, bytes });
    for (const cb of callbacks.slice()) cb(bytes.slice(), kind);
  }

  private requireCharacteristic(serviceUuid: string, charUuid: string): BleCharacteristic {
    const ch = this.nrf.findCharacteristic(serviceUuid, charUuid);
    if (!ch) throw new Error(`FakeBlePeer: no characteristic ${charUuid} in service ${serviceUuid}`);
    return ch;
  }
}
