// The serial framing of the minified core bundle run in the real Espruino interpreter, where
// frameEncode/frameDecode take their native paths (E.CRC32, E.mapInPlace, typed-array indexOf and set), give
// the bytes Node gives through its fallbacks: CRC-32 check values, long zero-free runs (code
// 0xFF and inserted codes), dense zeros, raw IMU batches, random messages, offsets into both
// buffers. Needs ESPRUINO_BIN (../shared/espruino-facts.md, 6); without it the tests are skipped.
import { expect } from 'chai';
import { frameEncode, frameMaxLength } from '../../firmware/protocol/framing';
import { rawBatchEncode } from '../../firmware/protocol/podEncoders';
import { generateSynthetic } from '../../host-tools/synthetic/generate';
import { createPrng } from '../../host-tools/synthetic/prng';
import { CORE_BUNDLE } from '../../scripts/build';
import { randomBytes, randomInt } from '../firmware/protocol/protocolSamples';
import { describeInEspruino, espruinoRun } from './espruinoRun';

const RUN_TIMEOUT_S = 60;
/** where the message sits in the source buffer and the frame in the destination, in both engines */
const MSG_OFFSET = 3;
const DST_OFFSET = 2;

/** messages that reach every branch of the encoder */
function messages(): Uint8Array[] {
  const out: Uint8Array[] = [new Uint8Array(0), new Uint8Array(1), new Uint8Array(40), new Uint8Array(782).fill(0xff)];
  for (const run of [253, 254, 255, 256, 300, 508, 509, 600, 782]) {
    for (const after of [0, 1, 3, 4, 5]) {
      const msg = new Uint8Array(run + after);
      for (let i = 0; i < run; i++) msg[i] = 1 + ((i * 29) % 255);
      for (let i = 0; i < after; i++) msg[run + i] = i === 1 ? 0 : 0x42;
      out.push(msg);
    }
  }
  const prng = createPrng(31);
  for (let n = 0; n < 40; n++) {
    const msg = randomBytes(prng, randomInt(prng, 0, 782));
    if (n % 2 === 0) for (let i = 0; i < msg.length; i++) if (msg[i] === 0) msg[i] = 0x11;
    out.push(msg);
  }
  // raw batches of 26 samples from a synthetic run, as the raw stream sends them
  const samples = generateSynthetic({ sampleRateHz: 104, seed: 2, segments: [{ kind: 'standing', durationS: 2 }, { kind: 'running', durationS: 3 }] }).samples;
  for (let first = 0; (first + 26) * 6 <= samples.length; first += 26 * 3) {
    const msg = new Uint8Array(14 + 26 * 12);
    rawBatchEncode(msg, 0, first, first * 10, first, samples, first, 26);
    out.push(msg);
  }
  return out;
}

function nodeFrame(msg: Uint8Array): string {
  const source = new Uint8Array(MSG_OFFSET + msg.length + 2).fill(0x77);
  source.set(msg, MSG_OFFSET);
  const dst = new Uint8Array(DST_OFFSET + frameMaxLength(msg.length)).fill(0x55);
  const n = frameEncode(dst, DST_OFFSET, source, MSG_OFFSET, msg.length, 1);
  return Buffer.from(dst.subarray(DST_OFFSET, DST_OFFSET + n)).toString('hex');
}

/** per message: "F<hex of the frame>" and "D<decoded length>:<equal to the message 1/0>" */
function driver(all: Uint8Array[]): string {
  const b64 = all.map((m) => JSON.stringify(Buffer.from(m).toString('base64')));
  return `
var P=LumbarPod,L=[${b64.join(',')}];
function hex(a){var s="",i;for(i=0;i<a.length;i++)s+=(a[i]<16?"0":"")+a[i].toString(16);return s;}
var t="xx123456789yy",T=new Uint8Array(t.length),i;for(i=0;i<t.length;i++)T[i]=t.charCodeAt(i);
print("C"+P.crc32(T,2,9)+" "+P.crc32(T,0,0)+" "+(typeof E.CRC32));
L.forEach(function(b){
  var m=new Uint8Array(E.toArrayBuffer(atob(b))),s=new Uint8Array(${MSG_OFFSET}+m.length+2),d,n,r,o,k,ok;
  s.fill(0x77);s.set(m,${MSG_OFFSET});
  d=new Uint8Array(${DST_OFFSET}+P.frameMaxLength(m.length));d.fill(0x55);
  n=P.frameEncode(d,${DST_OFFSET},s,${MSG_OFFSET},m.length,1);
  print("F"+hex(d.subarray(${DST_OFFSET},${DST_OFFSET}+n)));
  d.fill(0x55);n=P.frameEncode(d,${DST_OFFSET},s,${MSG_OFFSET},m.length,0);
  o=new Uint8Array(n+4);
  r=P.frameDecode(d,${DST_OFFSET},n-1,o,1);
  ok=r===m.length?1:0;for(k=0;ok&&k<r;k++)if(o[1+k]!==m[k])ok=0;
  print("D"+r+":"+ok);
});
print("DONE");
`;
}

describeInEspruino('serial framing in the Espruino interpreter', CORE_BUNDLE, (suite) => {

  it('E.CRC32 through the gateway gives the check value 0xCBF43926 over a subarray, 0 over nothing', function () {
    this.timeout(RUN_TIMEOUT_S * 1000);
    const run = espruinoRun(suite.bin, suite.bundle + '\nvar T=new Uint8Array(0),P=LumbarPod;print("C"+P.crc32(T,0,0));\n' + driver([]), RUN_TIMEOUT_S);
    const lines = run.lines.filter((line) => line.startsWith('C'));
    expect(lines, run.raw.slice(-1500)).to.deep.equal(['C0', `C${0xcbf43926} 0 function`]);
  });

  it('frames every message byte for byte as Node does, and unframes it back', function () {
    this.timeout(RUN_TIMEOUT_S * 1000 + 10000);
    const all = messages();
    const run = espruinoRun(suite.bin, suite.bundle + '\n' + driver(all), RUN_TIMEOUT_S);
    expect(run.lines, run.raw.slice(-1500)).to.include('DONE');
    const frames = run.lines.filter((line) => line.startsWith('F')).map((line) => line.slice(1));
    const decoded = run.lines.filter((line) => line.startsWith('D')).map((line) => line.slice(1));
    expect(frames.length).to.equal(all.length);
    const differing: string[] = [];
    all.forEach((msg, i) => {
      if (frames[i] !== nodeFrame(msg)) differing.push(`message ${i} (${msg.length} bytes)`);
      // an empty message frames, but unframes as FRAME_ERROR_SHORT (-2): no byte before the CRC
      const expected = msg.length === 0 ? '-2:0' : `${msg.length}:1`;
      if (decoded[i] !== expected) differing.push(`message ${i} decoded as ${decoded[i]}`);
    });
    expect(differing).to.deep.equal([]);
  });
});
