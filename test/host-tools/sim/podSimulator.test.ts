import { expect } from 'chai';
import { espruinoConvolve, espruinoSum, espruinoVariance, PodSimulator } from '../../../host-tools/sim/podSimulator';
import { hostErrorFactory } from '../../../host-tools/sim/virtualClock';

const BLE_FIRMWARE = `
var got = [];
var downs = [];
NRF.setServices({
  '0x1814': {
    '0x2a53': { value: [0, 0, 0, 0], maxLen: 8, readable: true, notify: true },
    '0x2a55': { value: [0], maxLen: 4, writable: true, onWrite: function (evt) { got.push(Array.prototype.slice.call(new Uint8Array(evt.data))); } },
    '0x2a5d': { value: [4], readable: true }
  }
}, { uart: false, advertise: ['0x1814'] });
NRF.on('connect', function (addr) {
  NRF.updateServices({ '0x1814': { '0x2a53': { value: [1, 2, 3, 4], notify: true } } });
});
NRF.on('disconnect', function (reason) { downs.push(reason); });
`;

describe('PodSimulator', () => {
  describe('E helpers', () => {
    it('returns the sum of squared deviations from E.variance, not their mean', () => {
      expect(espruinoVariance(Int16Array.of(1, 2, 3, 6), 3, hostErrorFactory)).to.equal(4 + 1 + 0 + 9);
    });
    it('wraps the second array in E.convolve from the offset', () => {
      expect(espruinoConvolve(Int16Array.of(1, 2, 3), Int16Array.of(10, 100), 0, hostErrorFactory)).to.equal(10 + 200 + 30);
      expect(espruinoConvolve(Int16Array.of(1, 2, 3), Int16Array.of(10, 100), 1, hostErrorFactory)).to.equal(100 + 20 + 300);
      expect(espruinoSum(Int32Array.of(2147483647, 2147483647), hostErrorFactory)).to.equal(4294967294);
      expect(() => espruinoSum(5, hostErrorFactory)).to.throw('First argument must be Array, not Number');
    });
  });

  describe('BLE', () => {
    it('notifies a subscribed peer, queues writes to onWrite and reports disconnects with their reason', () => {
      const sim = new PodSimulator({ bundleSource: BLE_FIRMWARE });
      sim.runFor(10);
      const peer = sim.blePeer;
      const seen: number[][] = [];
      peer.connect();
      peer.subscribe('0x1814', '0x2a53', (bytes) => seen.push(Array.from(bytes)));
      sim.runFor(10);
      expect(seen).to.deep.equal([[1, 2, 3, 4]]);
      expect(Array.from(peer.read('0x1814', '0x2a53'))).to.deep.equal([1, 2, 3, 4]);
      peer.write('0x1814', '0x2a55', [9, 8]);
      expect(sim.podGlobal('got')).to.deep.equal([]); // not before the pod's next pass
      sim.runFor(1);
      expect(sim.podGlobal('got')).to.deep.equal([[9, 8]]);
      sim.bleDisconnect();
      sim.runFor(1);
      expect(sim.podGlobal('downs')).to.deep.equal([8]);
      expect(sim.crashes).to.deep.equal([]);
    });

    it('sends nothing to a peer that has not subscribed', () => {
      const sim = new PodSimulator({ bundleSource: BLE_FIRMWARE });
      sim.runFor(10);
      sim.blePeer.connect();
      sim.runFor(10);
      expect(sim.blePeer.notifications).to.deep.equal([]);
      expect(Array.from(sim.blePeer.read('0x1814', '0x2a53'))).to.deep.equal([1, 2, 3, 4]);
    });

    it('updates but does not notify a characteristic set up without notify, as Espruino, and warns', () => {
      const sim = new PodSimulator({ bundleSource: BLE_FIRMWARE + `
        function bad() { NRF.updateServices({ '0x1814': { '0x2a5d': { value: [7], notify: true } } }); }` });
      sim.runFor(1);
      sim.blePeer.connect();
      sim.runFor(1);
      expect(() => sim.blePeer.subscribe('0x1814', '0x2a5d')).to.throw('no notify');
      (sim.podGlobal('bad') as () => void)();
      expect(sim.blePeer.notifications.length).to.equal(0);
      expect(Array.from(sim.blePeer.read('0x1814', '0x2a5d'))).to.deep.equal([7]);
      expect(sim.warnings.some((w) => w.indexOf('did not create with notify') >= 0)).to.equal(true);
    });

    it('throws DATA_SIZE for a value longer than maxLen and an error for an unknown characteristic', () => {
      const sim = new PodSimulator({ bundleSource: BLE_FIRMWARE + `
        setTimeout(function () { NRF.updateServices({ '0x1814': { '0x2a53': { value: [1, 2, 3, 4, 5, 6, 7, 8, 9] } } }); }, 5);
        setTimeout(function () { NRF.updateServices({ '0x1814': { '0x2a99': { value: [1] } } }); }, 6);` });
      sim.runFor(10);
      expect(sim.crashes.map((c) => c.message)).to.deep.equal(['Error: ERR 0xc (DATA_SIZE)', 'Error: Unable to find service with UUID 0x2a99']);
    });

    it('keeps a service table set while connected until the disconnect', () => {
      const sim = new PodSimulator({ bundleSource: BLE_FIRMWARE + `
        function again() { NRF.setServices({ '0x180f': { '0x2a19': { value: [50], readable: true } } }, { uart: false }); }
        function update() { NRF.updateServices({ '0x180f': { '0x2a19': { value: [40] } } }); }` });
      sim.runFor(1);
      sim.blePeer.connect();
      sim.runFor(1);
      (sim.podGlobal('again') as () => void)();
      expect(() => (sim.podGlobal('update') as () => void)()).to.throw("Can't update services until BLE restart");
      sim.blePeer.disconnect();
      (sim.podGlobal('update') as () => void)();
      expect(Array.from(sim.blePeer.read('0x180f', '0x2a19'))).to.deep.equal([40]);
    });

    it('builds the advertising packet and refuses one over 31 bytes', () => {
      const sim = new PodSimulator({ bundleSource: `
        NRF.setAdvertising({ 0x1814: [1, 2] }, { name: 'Pod', showName: true });
        NRF.setAdvertising({ 0x1814: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20] }, { name: 'Pod' });` });
      sim.runFor(1);
      // flags, service data 0x1814, Espruino's manufacturer ID with no data, the name
      expect(Array.from(sim.nrf.advertisingPacket as Uint8Array)).to.deep.equal([2, 1, 6, 5, 0x16, 0x14, 0x18, 1, 2, 3, 0xff, 0x90, 0x05, 4, 9, 80, 111, 100]);
      // 27 bytes of flags and service data + 4 of manufacturer ID leave no room for the name
      expect(sim.crashes[0].message).to.equal('Error: Advertising data too long when adding Name');
    });
  });

  describe('serial', () => {
    it('carries bytes both ways on the virtual clock at the baud rate', () => {
      // the adapter on the pins at boot makes Serial1 the console: moved away, as the firmware does
      const sim = new PodSimulator({ bundleSource: `
        E.setConsole(LoopbackA, { force: true });
        Serial1.setup(9600, { rx: D29, tx: D28 });
        Serial1.on('data', function (d) { Serial1.write(d.toUpperCase(), [0xff, 0x00]); });` });
      const chunks: { text: string; tMs: number }[] = [];
      sim.onSerialData((bytes, tMs) => chunks.push({ text: bytes.toString('latin1'), tMs }));
      sim.runFor(1);
      sim.serialWrite('abc');
      sim.runFor(1);
      expect(chunks).to.deep.equal([]); // a byte at 9600 baud takes 1.04 ms
      sim.runFor(3);
      // each byte reaches a pod that is idle on its own
      expect(chunks.map((c) => c.text)).to.deep.equal(['A\xff\x00', 'B\xff\x00', 'C\xff\x00']);
      expect(chunks[0].tMs).to.be.closeTo(1 + 10000 / 9600, 1e-9);
    });

    it('passes nothing either way when Serial1 is set up off the adapter\'s wires (the Puck\'s TX D28, RX D29)', () => {
      const run = (setup: string) => {
        const sim = new PodSimulator({ bundleSource: `E.setConsole(LoopbackA, { force: true }); ${setup}
          var got = ''; Serial1.on('data', function (d) { got += d; });
          setTimeout(function () { Serial1.write('out'); }, 10);` });
        sim.runFor(1);
        sim.serialWrite('in');
        sim.runFor(20);
        return { out: sim.serialOutput().toString('latin1'), got: sim.podGlobal('got'), warnings: sim.warnings };
      };
      expect(run('Serial1.setup(9600, { rx: D29, tx: D28 });')).to.deep.include({ out: 'out', got: 'in', warnings: [] });
      // no options: Espruino's default pins, which are the console's
      expect(run('Serial1.setup(9600);')).to.deep.include({ out: 'out', got: 'in' });
      const swapped = run('Serial1.setup(9600, { rx: D28, tx: D29 });');
      expect(swapped).to.deep.include({ out: '', got: '' });
      expect(swapped.warnings).to.have.length(1);
      expect(swapped.warnings[0]).to.match(/set up with TX D29 and RX D28, but the adapter is wired to TX D28 and RX D29/);
      // one direction only: the other is not set up
      expect(run('Serial1.setup(9600, { tx: D28 });')).to.deep.include({ out: 'out', got: '' });
    });

    it('a restart while the host\'s bytes wait for the pod\'s next pass loses those bytes, and the next boot hears the host again', () => {
      const sim = new PodSimulator({ bundleSource: `
        E.setConsole(LoopbackA, { force: true });
        Serial1.setup(9600, { rx: D29, tx: D28 });
        var got = ''; Serial1.on('data', function (d) { got += d; });` });
      sim.runFor(1);
      // busy when the byte arrives: it waits for the pass the restart never makes
      sim.stall(20);
      sim.serialWrite('a');
      sim.runFor(5);
      sim.reboot();
      sim.runFor(100);
      sim.serialWrite('b');
      sim.runFor(5);
      expect(sim.podGlobal('got')).to.equal('b');
    });

    it('sends the pod\'s prints on Serial1 and keeps its bytes from the handler while Serial1 is the console', () => {
      const sim = new PodSimulator({ serialConsoleAtBoot: true, bundleSource: `
        var n = 0; Serial1.on('data', function () { n++; });
        print('hi');
        setTimeout(function () { E.setConsole(LoopbackA, { force: true }); print('quiet'); }, 100);` });
      sim.runFor(1);
      sim.serialWrite('x');
      sim.runFor(200);
      sim.serialWrite('y');
      sim.runFor(10);
      expect(sim.serialOutput().toString('latin1')).to.equal('hi\r\n');
      expect(sim.serial.consoleInput).to.deep.equal([0x78]);
      expect(sim.podGlobal('n')).to.equal(1);
      expect(sim.consoleDevice).to.equal('LoopbackA');
      expect(sim.consoleLines).to.deep.equal(['hi', 'quiet']);
    });
  });

  describe('faults and resets', () => {
    it('records an uncaught exception and keeps running the pod', () => {
      const sim = new PodSimulator({ bundleSource: 'var n = 0; setTimeout(function () { var o = null; o.x = 1; }, 10); setInterval(function () { n++; }, 100);' });
      sim.runFor(1000);
      expect(sim.crashes.length).to.equal(1);
      expect(sim.crashes[0].tMs).to.equal(10);
      expect(sim.crashes[0].message).to.match(/^TypeError: /);
      expect(sim.consoleLines[0]).to.match(/^Uncaught TypeError/);
      expect(sim.podGlobal('n')).to.equal(10);
    });

    it('resets the pod when the watchdog is not kicked in time, and not when it is', () => {
      const kicked = new PodSimulator({ bundleSource: 'E.enableWatchdog(1, false); setInterval(function () { E.kickWatchdog(); }, 500);' });
      kicked.runFor(5000);
      expect(kicked.watchdogResets).to.equal(0);
      const forgotten = new PodSimulator({ bundleSource: 'E.enableWatchdog(1, false);' });
      forgotten.runFor(2500);
      expect(forgotten.resets.map((r) => [r.reason, r.tMs])).to.deep.equal([['watchdog', 1000], ['watchdog', 2010]]);
      expect(forgotten.bootCount).to.equal(3);
    });

    it('keeps the watchdog running through E.reboot, not its auto kick; load() keeps both, a power cycle stops it', () => {
      // the first boot enables a 1 s watchdog kicked by hand, then reboots; the second boot kicks nothing
      const code = `if (!require('Storage').read('booted')) { require('Storage').write('booted', '1'); E.enableWatchdog(1, false); E.reboot(); }`;
      const rebooted = new PodSimulator({ bundleSource: code });
      rebooted.runFor(3000);
      expect(rebooted.resets.map((r) => r.reason)).to.deep.equal(['E.reboot', 'watchdog']);
      // auto kicking, by the idle loop even with nothing to run: load() at the console keeps it, E.reboot does not
      const auto = (restart: string) => {
        const sim = new PodSimulator({ serialConsoleAtBoot: true, bundleSource: `if (!require('Storage').read('booted')) { require('Storage').write('booted', '1'); E.enableWatchdog(1); ${restart} }` });
        sim.runFor(3000);
        sim.serialWrite('load()\n');
        sim.runFor(3000);
        return sim.resets.map((r) => r.reason);
      };
      expect(auto('')).to.deep.equal(['load()']);
      expect(auto('setTimeout(function () { E.reboot(); }, 10);')).to.deep.equal(['E.reboot', 'watchdog', 'load()']);
      const cycled = new PodSimulator({ bundleSource: `if (!require('Storage').read('booted')) { require('Storage').write('booted', '1'); E.enableWatchdog(1, false); }` });
      cycled.runFor(500);
      cycled.reboot();
      cycled.runFor(3000);
      expect(cycled.resets.map((r) => r.reason), 'a power cycle stops the WDT').to.deep.equal(['host']);
    });

    it('resets an auto-kicked watchdog only when the event loop stalls past its timeout', () => {
      const sim = new PodSimulator({ bundleSource: 'E.enableWatchdog(1); setInterval(function () {}, 100);' });
      sim.runFor(3000);
      expect(sim.watchdogResets).to.equal(0);
      sim.stall(1500);
      sim.runFor(2000);
      expect(sim.watchdogResets).to.equal(1);
    });

    it('re-runs the bundle on E.reboot with Storage kept and nothing after the call run', () => {
      const sim = new PodSimulator({ bundleSource: `
        var s = require('Storage');
        var boots = (s.readJSON('boots', true) || 0) + 1;
        s.writeJSON('boots', boots);
        var after = false;
        if (boots < 3) setTimeout(function () { E.reboot(); after = true; }, 50);` });
      sim.runFor(1000);
      expect(sim.storage.readJSON('boots')).to.equal(3);
      expect(sim.resets.map((r) => r.reason)).to.deep.equal(['E.reboot', 'E.reboot']);
      expect(sim.podGlobal('after')).to.equal(false);
      expect(sim.crashes).to.deep.equal([]);
    });

    it('reports a full Storage to the pod as Espruino does', () => {
      const sim = new PodSimulator({ bundleSource: 'var ok; function log() { ok = require("Storage").write("log1", "data"); }' });
      sim.runFor(1);
      sim.storageFull(true);
      expect(() => (sim.podGlobal('log') as () => void)()).to.throw('Unable to find or create file');
    });
  });

  describe('pins and globals', () => {
    it('fires a BTN watch once per debounced press', () => {
      const sim = new PodSimulator({ bundleSource: `
        var presses = [];
        setWatch(function (e) { presses.push(e.time); digitalPulse(LED2, 1, 20); }, BTN, { repeat: true, edge: 'rising', debounce: 50 });` });
      sim.runFor(1000);
      sim.pressButton(10); // shorter than the debounce: ignored
      sim.runFor(100);
      sim.pressButton(200);
      sim.runFor(100);
      expect(sim.podGlobal('presses')).to.deep.equal([1.1]);
      expect(sim.pinValue('LED2')).to.equal(0);
      expect(sim.pinChanges.filter((c) => c.pin === 'LED2').map((c) => [c.tMs, c.value])).to.deep.equal([[1150, 1], [1170, 0]]);
    });

    it('a button held from power-on keeps the pod in the bootloader for 2.56 s, then Espruino starts without its code; a shorter hold (DFU) is refused', () => {
      const code = 'var ran = getTime();';
      const held = new PodSimulator({ bundleSource: code, holdButtonAtBootMs: 4000 });
      held.runFor(2500);
      expect(held.bootCount).to.equal(0);
      held.runFor(1000);
      expect(held.bootCount).to.equal(1);
      expect(held.podGlobal('ran'), 'the saved code is not run').to.equal(undefined);
      expect(held.pinValue('BTN')).to.equal(1);
      held.runFor(1000);
      expect(held.pinValue('BTN')).to.equal(0);
      // the next reset runs the code again
      held.reboot();
      held.runFor(100);
      expect(held.podGlobal('ran')).to.be.a('number');
      expect(() => new PodSimulator({ bundleSource: code, holdButtonAtBootMs: 2000 })).to.throw(RangeError, /DFU mode/);
      expect(() => held.reboot({ holdButtonMs: 500 })).to.throw(RangeError, /DFU mode/);
    });

    it('offers no Node or ES2015 globals Espruino lacks, and only the Storage module', () => {
      const sim = new PodSimulator({ bundleSource: `
        var kinds = [typeof process.exit, typeof process.versions, typeof Map, typeof Symbol, typeof Math.imul, typeof Array.from, typeof Promise, typeof getTime];
        var battery = E.getBattery();
        var memory = process.memory();
        require('fs');` });
      sim.batteryPercent = 87;
      sim.ramFreeBlocks = 321;
      sim.runFor(1);
      expect(sim.podGlobal('kinds')).to.deep.equal(['undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'undefined', 'function', 'function']);
      expect(sim.podGlobal('battery')).to.equal(87);
      // Espruino's process: memory() in JsVar blocks, the free count the test sets (RAM is not modelled)
      expect(JSON.parse(JSON.stringify(sim.podGlobal('memory')))).to.deep.equal({ free: 321, usage: 2630 - 321, total: 2630 });
      expect(sim.crashes[0].message).to.equal('Error: Module fs not found');
    });
  });
});
