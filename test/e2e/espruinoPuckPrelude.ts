// Stand-ins, for the real Espruino interpreter on Linux, of the Puck.js objects it lacks: the
// LSM6DS3TR-C FIFO behind Puck.accelRd, fed from a recording in FIFO order; NRF; Serial1 printing
// each frame the pod writes as one base64 line ("F" + base64); the LEDs, button and battery.
// Everything else the firmware calls (Storage, E, timers, getTime, digitalPulse) is the
// interpreter's own. After the last burst the prelude sends STOP_RECORDING as a framed command on
// Serial1, as a host would, waits for the pod's reply and quits.

/**
 * The LEDs and button as the Puck names them, a fixed battery level, the console left alone, and
 * the serial RX pin D29 high when an adapter is attached (its TX idles high) or low (shared with
 * test/bench). A builtin is replaced through `global`: assigning its bare name throws.
 */
export function puckBoardStandins(serialAdapterAttached: boolean): string {
  return `var LED1 = D5, LED2 = D4, LED3 = D3, BTN = D0;
E.getBattery = function () { return 87; };
E.setConsole = function () {};
var nativeDigitalRead = digitalRead;
global.digitalRead = function (pin) { return pin === D29 ? ${serialAdapterAttached ? 1 : 0} : nativeDigitalRead(pin); };`;
}

/**
 * NRF with no radio: services, advertising and notifications accepted and dropped; with
 * `connected`, a central is there from the start (the 'connect' handler runs as it is set), so
 * the firmware notifies as to a phone (shared with test/bench)
 */
export function nrfStandin(connected: boolean): string {
  return `var NRF = {
  setServices: function () {}, updateServices: function () {}, setAdvertising: function () {},
  on: function (event, handler) { if (${connected ? 1 : 0} && event === "connect") handler("00:00:00:00:00:00 public"); }
};`;
}

/**
 * ES5 source of the prelude. `fifoBase64` holds the whole recording as little-endian int16 words
 * in FIFO order (gyro x y z, accel x y z per sample); `burstSamples` samples become readable per
 * 'accel' event; `stopFrameBase64` is the framed STOP_RECORDING command. With `statusFrameBase64`
 * (a framed GET_STATUS) the prelude times each 'accel' handler call with getTime, as the firmware
 * does, and before the stop prints "H" and the share of the time since its first call spent in
 * them, percent, then asks for the pod's status.
 */
export function espruinoPuckPrelude(fifoBase64: string, burstSamples: number, stopFrameBase64: string, statusFrameBase64 = ''): string {
  return `
${puckBoardStandins(true)}
var FIFO = new Uint8Array(E.toArrayBuffer(atob("${fifoBase64}")));
var fifoRead = 0, fifoWritten = 0, accelHandler, serialHandler, stopped = 0, handlerS = 0, firstCallS = -1;
var Puck = {
  accelOn: function (hz) { if (hz !== 52 && hz !== 104 && hz !== 208) throw new Error("accelOn rate " + hz); },
  accelOff: function () {},
  accelWr: function (reg, value) {},
  accelRd: function (reg, count) {
    var out = new Uint8Array(count), words = (fifoWritten - fifoRead) >> 1;
    if (reg === 0x3A) { out[0] = words & 255; out[1] = (words >> 8) & 7; return out; }
    if (reg !== 0x3E) throw new Error("accelRd register " + reg);
    out.set(new Uint8Array(FIFO.buffer, fifoRead, count));
    fifoRead += count;
    return out;
  },
  on: function (event, handler) { if (event === "accel") accelHandler = handler; }
};
${nrfStandin(false)}
Serial1 = {
  setup: function () {},
  write: function (data) { print("F" + btoa(E.toString(data))); },
  on: function (event, handler) { if (event === "data") serialHandler = handler; }
};
var feeder = setInterval(function () {
  if (fifoWritten < FIFO.length) {
    fifoWritten += ${burstSamples} * 12;
    if (fifoWritten > FIFO.length) fifoWritten = FIFO.length;
    var calledS = getTime();
    if (firstCallS < 0) firstCallS = calledS;
    accelHandler({ acc: { x: 0, y: 0, z: 0 }, gyro: { x: 0, y: 0, z: 0 } });
    handlerS += getTime() - calledS;
    return;
  }
  clearInterval(feeder);
  if ("${statusFrameBase64}") {
    print("H" + (handlerS * 100 / (getTime() - firstCallS)));
    serialHandler(atob("${statusFrameBase64}"));
  }
  serialHandler(atob("${stopFrameBase64}"));
  setTimeout(function () { print("DONE"); quit(); }, 50);
}, 5);
`;
}
