// The dashboard's Web Bluetooth link with a GATT stand-in that takes one write at a time, as Chrome
// does on Android, macOS and Windows (a write while another is under way is rejected): the
// commands the page sends at a connection all reach the pod, in order.
/// <reference path="../../../host-tools/web/webBluetooth.d.ts" />
import { expect } from 'chai';
import { decodeMessage } from '../../../firmware/protocol/codec';
import { chooserErrorWords, PodLink, Reconnect } from '../../../host-tools/web/podLink';

class OneWriteAtATime extends EventTarget {
  value: DataView | undefined;
  private writing = false;
  constructor(readonly written: string[], readonly rejected: string[]) {
    super();
  }

  async startNotifications(): Promise<this> {
    return this;
  }

  async readValue(): Promise<DataView> {
    return new DataView(Uint8Array.of(80).buffer);
  }

  async writeValueWithResponse(value: ArrayBuffer | ArrayBufferView): Promise<void> {
    const bytes = new Uint8Array(ArrayBuffer.isView(value) ? value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) : value);
    const m = decodeMessage(bytes, 0, bytes.length);
    const command = m.type === 'command' ? m.command : m.type;
    if (this.writing) {
      this.rejected.push(command);
      throw new Error('NetworkError: GATT operation already in progress.');
    }
    this.writing = true;
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.written.push(command);
    this.writing = false;
  }
}

/**
 * A pod's GATT stand-in serving `characteristic` for every characteristic; its connect waits for
 * `beforeConnect` first (the pod coming in range), which throws where the connect fails
 */
function fakePod(characteristic: OneWriteAtATime, beforeConnect: () => Promise<void> = async () => undefined) {
  const server = { async getPrimaryService() { return { async getCharacteristic() { return characteristic; } }; } };
  const gatt = {
    connected: false,
    async connect() {
      await beforeConnect();
      gatt.connected = true;
      return server;
    },
    disconnect() { gatt.connected = false; },
  };
  const device = Object.assign(new EventTarget(), { id: 'pod', name: 'LumbarPod', gatt });
  const bluetooth = { async requestDevice() { return device; } } as unknown as Bluetooth;
  return { gatt, device, bluetooth };
}

describe('web dashboard: the Bluetooth link', () => {
  it('sends one write at a time: a command the page sends as the link comes up waits for the link\'s own getStatus and setClock', async () => {
    const written: string[] = [];
    const rejected: string[] = [];
    const { bluetooth } = fakePod(new OneWriteAtATime(written, rejected));
    const link: PodLink = new PodLink(bluetooth, {
      // as the page does: a catch-up asked for the moment the link is up
      state: (state) => { if (state === 'connected') void link.send('readLog', { fromOffset: 0 }); },
      data: () => undefined,
    });
    await link.choose();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rejected).to.deep.equal([]);
    expect(written).to.deep.equal(['readLog', 'getStatus', 'setClock']);
  });

  it('Disconnect pressed while a connect is under way (the pod out of range) leaves no link: the connect that comes back later backs out and sends nothing', async () => {
    const written: string[] = [];
    let arrive: () => void = () => undefined;
    const { gatt, bluetooth } = fakePod(new OneWriteAtATime(written, []), () => new Promise<void>((resolve) => { arrive = resolve; }));
    const states: string[] = [];
    const link = new PodLink(bluetooth, { state: (state) => states.push(state), data: () => undefined });
    const choosing = link.choose();
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(states[states.length - 1]).to.equal('connecting');
    link.disconnect();
    // the pod comes in range after all
    arrive();
    await choosing;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(gatt.connected, 'no link left up').to.equal(false);
    expect(written, 'no command sent').to.deep.equal([]);
    expect(states).to.not.include('connected');
    expect(await link.send('getStatus'), 'a command now finds no link').to.equal(false);
  });

  it('tells each reconnect\'s attempt, the wait before it and why the link is down, the browser\'s error kept apart for the page to word', async () => {
    const written: string[] = [];
    let inRange = true;
    const { gatt, device, bluetooth } = fakePod(new OneWriteAtATime(written, []), async () => {
      if (!inRange) throw new DOMException('Connection attempt failed.', 'NetworkError');
    });
    const told: { state: string; detail: string; reconnect?: Reconnect }[] = [];
    const link = new PodLink(bluetooth, { state: (state, detail, reconnect) => told.push({ state, detail, reconnect }), data: () => undefined });
    await link.choose();
    expect(told.map((t) => t.reconnect), 'no reconnect while connecting').to.deep.equal([undefined, undefined, undefined]);
    told.length = 0;
    // the pod goes out of range: the link drops, the first attempt (at once) fails
    inRange = false;
    gatt.connected = false;
    device.dispatchEvent(new Event('gattserverdisconnected'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    link.disconnect();
    expect(told.slice(0, 3)).to.deep.equal([
      { state: 'reconnecting', detail: 'link lost; attempt 1 in 0 s', reconnect: { attempt: 1, nextInMs: 0, reason: 'link lost' } },
      { state: 'reconnecting', detail: 'attempt 1', reconnect: { attempt: 1, nextInMs: undefined, reason: 'link lost' } },
      {
        state: 'reconnecting', detail: 'NetworkError: Connection attempt failed.; attempt 2 in 1 s',
        reconnect: { attempt: 2, nextInMs: 1000, reason: 'NetworkError: Connection attempt failed.' },
      },
    ]);
  });

  it('says in a runner\'s words that no pod was chosen when the browser\'s list closes with none, or that Bluetooth is off (the browser\'s NotFoundError for both), other errors as they are', async () => {
    const told: { state: string; detail: string }[] = [];
    const cancelled = new DOMException('User cancelled the requestDevice() chooser.', 'NotFoundError');
    const bluetooth = { async requestDevice() { throw cancelled; } } as unknown as Bluetooth;
    const link = new PodLink(bluetooth, { state: (state, detail) => told.push({ state, detail }), data: () => undefined });
    await link.choose();
    expect(told[told.length - 1]).to.deep.equal({ state: 'idle', detail: 'no pod chosen: press Connect and pick the LumbarPod in the list (it shows a pod that is on and near the phone)' });
    expect(chooserErrorWords(new DOMException('Bluetooth adapter not available.', 'NotFoundError'))).to.equal('this phone\'s or computer\'s Bluetooth is off: turn it on, then press Connect');
    expect(chooserErrorWords(new DOMException('Web Bluetooth API globally disabled.', 'NotSupportedError'))).to.equal('NotSupportedError: Web Bluetooth API globally disabled.');
  });
});
