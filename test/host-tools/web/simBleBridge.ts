// The test side of the fake Web Bluetooth: answers the page's GATT operations from a simulated
// pod's FakeBlePeer (connect, services and characteristics of the pod's GATT table, subscribe,
// read, write, disconnect) and forwards the pod's notifications, and a link the pod lost, into
// the page. The pod runs on its virtual clock only when the test calls runPod; notifications
// queue up meanwhile and reach the page, in order, at the end of each slice.
import { Page } from 'puppeteer-core';
import { RSC_SERVICE_UUID } from '../../../firmware/protocol/rscService';
import { PodSimulator } from '../../../host-tools/sim/podSimulator';
import { normalizeBleUuid } from '../../../host-tools/sim/simNrf';
import { Delivery, GattAnswer } from './fakeWebBluetooth';

export const SIM_DEVICE_NAME = 'LumbarPod sim';

export interface DeliveredNotification {
  service: string;
  characteristic: string;
  bytes: Uint8Array;
  /** the pod's virtual time when it sent it */
  podTimeMs: number;
}

function domError(name: string, message: string): GattAnswer {
  return { error: { name, message } };
}

export class SimBleBridge {
  /** false: the pod is out of range, connect() fails as Chrome's does */
  inRange = true;
  connectAttempts = 0;
  /** the chooser lists the pod for a filter with one of these services (the run-mode pod advertises 0x1814; setup.test.ts adds the Nordic UART) */
  chooserServices: string[] = [normalizeBleUuid(RSC_SERVICE_UUID)];
  /** what requestDevice was asked for */
  requestOptions: { filters: { services: string[] }[]; optionalServices: string[] } | undefined;
  /** a notification this says true of is lost on the air: the page never gets it (nor `delivered`) */
  lose: (characteristic: string, bytes: Uint8Array) => boolean = () => false;
  /** what reaches the page of a notification: its bytes as the pod sent them, unless this changes them */
  alter: (characteristic: string, bytes: Uint8Array) => Uint8Array = (_characteristic, bytes) => bytes;
  /** every notification that reached the page, in order */
  readonly delivered: DeliveredNotification[] = [];
  private pending: { delivery: Delivery; podTimeMs: number }[] = [];
  /** the page holds a GATT connection (it has not yet been told the link is gone) */
  private pageLinked = false;

  /** what the chooser gives for the pod in range */
  private deviceId = 'sim-pod-1';
  private deviceName = SIM_DEVICE_NAME;

  constructor(private sim: PodSimulator, private readonly page: Page) {}

  /** another pod (a second runner's) is the one the chooser offers and the bridge runs from now on */
  usePod(sim: PodSimulator, deviceId: string, deviceName: string): void {
    this.sim = sim;
    this.deviceId = deviceId;
    this.deviceName = deviceName;
  }

  async install(): Promise<void> {
    await this.page.exposeFunction('__lpGatt', (op: string, args: unknown[]) => this.answer(op, args));
  }

  /** runs the pod for ms of virtual time in slices, handing the page what it sent after each */
  async runPod(ms: number, sliceMs = 200): Promise<void> {
    for (let done = 0; done < ms; done += sliceMs) {
      this.sim.runFor(Math.min(sliceMs, ms - done));
      await this.flush();
    }
  }

  /** the notifications and a link loss queued so far, into the page */
  async flush(): Promise<void> {
    if (this.pageLinked && !this.sim.blePeer.connected) {
      this.pending.push({ delivery: { kind: 'linkDown' }, podTimeMs: this.sim.nowMs });
      this.pageLinked = false;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    await this.page.evaluate((b: Delivery[]) => {
      const deliver = (globalThis as unknown as { __lpDeliver: (b: Delivery[]) => void }).__lpDeliver;
      deliver(b);
    }, batch.map((p) => p.delivery));
    for (const p of batch) {
      if (p.delivery.kind === 'notify') {
        this.delivered.push({ service: p.delivery.service, characteristic: p.delivery.characteristic, bytes: Uint8Array.from(p.delivery.bytes), podTimeMs: p.podTimeMs });
      }
    }
  }

  /** notifications of one characteristic that reached the page */
  deliveredOn(characteristic: string): DeliveredNotification[] {
    const c = normalizeBleUuid(characteristic);
    return this.delivered.filter((d) => d.characteristic === c);
  }

  private answer(op: string, args: unknown[]): GattAnswer {
    const peer = this.sim.blePeer;
    try {
      switch (op) {
        case 'requestDevice': {
          const options = args[0] as { filters: { services: string[] }[]; optionalServices: string[] };
          this.requestOptions = options;
          // the chooser lists only devices that match a filter: the pod advertises 0x1814
          if (!options.filters.some((f) => f.services.some((s) => this.chooserServices.indexOf(normalizeBleUuid(s)) >= 0))) return domError('NotFoundError', 'User cancelled the requestDevice() chooser.');
          return { value: { id: this.deviceId, name: this.deviceName } };
        }
        case 'connect':
          this.connectAttempts++;
          if (!this.inRange) return domError('NetworkError', 'Connection attempt failed.');
          if (!peer.connected) peer.connect();
          this.pageLinked = true;
          return {};
        case 'disconnect':
          this.pageLinked = false;
          peer.disconnect();
          return {};
        case 'getPrimaryService': {
          const service = String(args[0]);
          if (!peer.connected) return domError('NetworkError', 'GATT Server is disconnected. Cannot retrieve services.');
          if (!this.allowed(service)) return domError('SecurityError', `Origin is not allowed to access the service ${service}. Add it to optionalServices.`);
          if (!this.sim.nrf.characteristics().some((c) => c.serviceUuid === normalizeBleUuid(service))) return domError('NotFoundError', `No Services matching UUID ${service} found in Device.`);
          return {};
        }
        case 'getCharacteristic': {
          if (!peer.connected) return domError('NetworkError', 'GATT Server is disconnected. Cannot retrieve characteristics.');
          const found = this.sim.nrf.findCharacteristic(String(args[0]), String(args[1]));
          return found ? {} : domError('NotFoundError', `No Characteristics matching UUID ${String(args[1])} found in Service.`);
        }
        case 'subscribe': {
          const service = normalizeBleUuid(String(args[0]));
          const characteristic = normalizeBleUuid(String(args[1]));
          peer.subscribe(service, characteristic, (bytes) => {
            if (this.lose(characteristic, Uint8Array.from(bytes))) return;
            const arriving = this.alter(characteristic, Uint8Array.from(bytes));
            this.pending.push({ delivery: { kind: 'notify', service, characteristic, bytes: Array.from(arriving) }, podTimeMs: this.sim.nowMs });
          });
          return {};
        }
        case 'unsubscribe':
          peer.unsubscribe(String(args[0]), String(args[1]));
          return {};
        case 'read':
          return { value: Array.from(peer.read(String(args[0]), String(args[1]))) };
        case 'write':
          peer.write(String(args[0]), String(args[1]), args[2] as number[]);
          return {};
        default:
          return domError('NotSupportedError', `fake Web Bluetooth has no operation ${op}`);
      }
    } catch (e) {
      return domError('NetworkError', (e as Error).message);
    }
  }

  private allowed(service: string): boolean {
    const o = this.requestOptions;
    if (!o) return false;
    const s = normalizeBleUuid(service);
    return o.optionalServices.map(normalizeBleUuid).indexOf(s) >= 0 || o.filters.some((f) => f.services.map(normalizeBleUuid).indexOf(s) >= 0);
  }
}
