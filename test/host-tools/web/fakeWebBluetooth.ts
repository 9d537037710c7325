// A fake navigator.bluetooth for the dashboard in headless Chromium. Injected into the page
// before its scripts run (page.evaluateOnNewDocument): the function below is serialised as
// source, so it must not use anything from outside its own body. Every GATT operation goes to
// the test process through the exposed function window.__lpGatt (answered by SimBleBridge from
// the simulated pod's FakeBlePeer); the test pushes notifications and link losses back with
// window.__lpDeliver. Shapes follow the Web Bluetooth spec: notifications arrive as
// 'characteristicvaluechanged' events on the characteristic with a DataView in `value`, a lost
// link as 'gattserverdisconnected' on the device, failures as DOMExceptions.

/** what the test process answers for one GATT operation */
export interface GattAnswer {
  value?: unknown;
  error?: { name: string; message: string };
}

/** what the test pushes into the page */
export type Delivery =
  | { kind: 'notify'; service: string; characteristic: string; bytes: number[] }
  | { kind: 'linkDown' };

export function installFakeWebBluetooth(): void {
  type Uuid = number | string;
  // globalThis, not window: this file is type-checked with the Node tests, which have no DOM library
  const w = globalThis as unknown as {
    Navigator: { prototype: object };
    __lpGatt(op: string, args: unknown[]): Promise<{ value?: unknown; error?: { name: string; message: string } }>;
    __lpDeliver?: (batch: ({ kind: 'notify'; service: string; characteristic: string; bytes: number[] } | { kind: 'linkDown' })[]) => void;
  };

  function canonical(uuid: Uuid): string {
    if (typeof uuid === 'number') return '0x' + uuid.toString(16).padStart(4, '0');
    const short = /^(?:0x)?([0-9a-fA-F]{4})$/.exec(uuid);
    return short ? '0x' + short[1].toLowerCase() : uuid.toLowerCase();
  }

  async function call(op: string, ...args: unknown[]): Promise<unknown> {
    const answer = await w.__lpGatt(op, args);
    if (answer.error) throw new DOMException(answer.error.message, answer.error.name);
    return answer.value;
  }

  function dataView(bytes: number[]): DataView {
    return new DataView(Uint8Array.from(bytes).buffer);
  }

  const subscribed = new Map<string, FakeCharacteristic>();
  /** a GATT write is under way */
  let writing = false;
  let server: FakeServer;
  let device: FakeDevice;

  class FakeCharacteristic extends EventTarget {
    value: DataView | undefined = undefined;
    constructor(readonly service: FakeService, readonly uuid: string) {
      super();
    }
    private get key(): string {
      return this.service.uuid + '/' + this.uuid;
    }
    async readValue(): Promise<DataView> {
      this.value = dataView((await call('read', this.service.uuid, this.uuid)) as number[]);
      return this.value;
    }
    async writeValueWithResponse(value: ArrayBuffer | ArrayBufferView): Promise<void> {
      // as Chrome does on Android, macOS and Windows: one GATT write at a time
      if (writing) throw new DOMException('GATT operation already in progress.', 'NetworkError');
      writing = true;
      try {
        const bytes = ArrayBuffer.isView(value) ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength) : new Uint8Array(value);
        await call('write', this.service.uuid, this.uuid, Array.from(bytes));
      } finally {
        writing = false;
      }
    }
    writeValue(value: ArrayBuffer | ArrayBufferView): Promise<void> {
      return this.writeValueWithResponse(value);
    }
    async startNotifications(): Promise<FakeCharacteristic> {
      await call('subscribe', this.service.uuid, this.uuid);
      subscribed.set(this.key, this);
      return this;
    }
    async stopNotifications(): Promise<FakeCharacteristic> {
      subscribed.delete(this.key);
      await call('unsubscribe', this.service.uuid, this.uuid);
      return this;
    }
  }

  class FakeService extends EventTarget {
    constructor(readonly uuid: string) {
      super();
    }
    async getCharacteristic(uuid: Uuid): Promise<FakeCharacteristic> {
      const c = canonical(uuid);
      await call('getCharacteristic', this.uuid, c);
      return new FakeCharacteristic(this, c);
    }
  }

  class FakeServer {
    connected = false;
    constructor(readonly device: FakeDevice) {}
    async connect(): Promise<FakeServer> {
      await call('connect');
      this.connected = true;
      return this;
    }
    disconnect(): void {
      if (!this.connected) return;
      linkDown();
      void call('disconnect');
    }
    async getPrimaryService(uuid: Uuid): Promise<FakeService> {
      if (!this.connected) throw new DOMException('GATT Server is disconnected. Cannot retrieve services.', 'NetworkError');
      const c = canonical(uuid);
      await call('getPrimaryService', c);
      return new FakeService(c);
    }
  }

  class FakeDevice extends EventTarget {
    readonly gatt: FakeServer;
    constructor(readonly id: string, readonly name: string) {
      super();
      this.gatt = new FakeServer(this);
    }
  }

  function linkDown(): void {
    if (!server || !server.connected) return;
    server.connected = false;
    subscribed.clear();
    // Chrome fires it from its own task, after the call that caused it has returned
    setTimeout(() => device.dispatchEvent(new Event('gattserverdisconnected')), 0);
  }

  const bluetooth = {
    async getAvailability(): Promise<boolean> {
      return true;
    },
    async requestDevice(options: { filters?: { services?: Uuid[] }[]; optionalServices?: Uuid[] }): Promise<FakeDevice> {
      const plain = {
        filters: (options.filters || []).map((f) => ({ services: (f.services || []).map(canonical) })),
        optionalServices: (options.optionalServices || []).map(canonical),
      };
      const chosen = (await call('requestDevice', plain)) as { id: string; name: string };
      // the same pod chosen again is the same BluetoothDevice, as in Chrome; another is another
      if (!device || device.id !== chosen.id) {
        device = new FakeDevice(chosen.id, chosen.name);
        server = device.gatt;
      }
      return device;
    },
  };
  Object.defineProperty(w.Navigator.prototype, 'bluetooth', { configurable: true, get: () => bluetooth });

  w.__lpDeliver = (batch) => {
    for (const d of batch) {
      if (d.kind === 'linkDown') {
        linkDown();
        continue;
      }
      const ch = subscribed.get(d.service + '/' + d.characteristic);
      if (!ch || !server || !server.connected) continue;
      ch.value = dataView(d.bytes);
      ch.dispatchEvent(new Event('characteristicvaluechanged', { bubbles: true }));
    }
  };
}
