// The log's compact format against its definition (firmware/protocol/logFormat.ts): every window
// comes back byte for byte through the host's decoder, entries never cross a block's end, a
// block starts with a key entry, and a log written by firmware 0.2 still reads.
import { expect } from 'chai';
import { flashLogAppend, flashLogAppendMessage, flashLogBytes, flashLogOpen, FLASH_LOG_FILE } from '../../../firmware/device/flashLog';
import { Message } from '../../../firmware/protocol/codec';
import { CLOCK_MESSAGE_LENGTH, clockEncode } from '../../../firmware/protocol/podEncoders';
import {
  LOG_BLOCK_BYTES, LOG_ENTRY_MAX_BYTES, LOG_ENTRY_WORDS, LOG_KIND_KEY, LOG_WINDOW_MESSAGE_BYTES, logEntryEncode, logEntryEnd,
  logReadStart,
} from '../../../firmware/protocol/logFormat';
import { LogDecoder, logEntriesDecode } from '../../../host-tools/protocol/logEntries';
import { SimStorage } from '../../../host-tools/sim/simStorage';
import { createPrng } from '../../../host-tools/synthetic/prng';
import { podLogWindows } from '../../host-tools/protocol/podLogFixture';

/** windows of random words: the worst case for the format, every word a 3-byte varint now and then */
function randomWindows(count: number, seed: number): Uint8Array[] {
  const random = createPrng(seed);
  return Array.from({ length: count }, () => Uint8Array.from({ length: LOG_WINDOW_MESSAGE_BYTES }, () => Math.floor(random.nextFloat() * 256)));
}

describe('the log format (logFormat.ts)', () => {
  it('a key entry and a delta entry give the words back; unchanged words cost nothing but their bitmap bit', () => {
    const words = Uint16Array.from({ length: LOG_ENTRY_WORDS }, (_, i) => (i % 3 === 0 ? 0 : i * 1000));
    const prev = new Uint16Array(LOG_ENTRY_WORDS);
    const log = new Uint8Array(2 * LOG_ENTRY_MAX_BYTES);
    const keyLength = logEntryEncode(words, prev, 1, log);
    expect(log[0]).to.equal(keyLength);
    expect(log[1]).to.equal(LOG_KIND_KEY);
    const next = words.slice();
    next[13] += 1;
    next[14] -= 1;
    next[47] = 0xffff;
    // words stored as themselves: two 1-byte varints and one 3-byte (0xffff from 47000 is a change of 18535) after 8 bytes
    const deltaLength = logEntryEncode(next, prev, 0, log.subarray(keyLength));
    expect(deltaLength).to.equal(8 + 1 + 1 + 3);
    const decoded = logEntriesDecode(log.subarray(0, keyLength + deltaLength));
    const bytesOf = (w: Uint16Array) => Array.from(new Uint8Array(w.buffer, w.byteOffset, w.byteLength));
    expect(decoded.entries.map((e) => Array.from(e.bytes))).to.deep.equal([bytesOf(words), bytesOf(next)]);
  });

  it('the window\'s end, the pod times and the summaryForm\'s seq, time and index are stored against the words they follow: a window 10 s on changes only its start, seq and index', () => {
    const fixture = podLogWindows(3);
    const prev = new Uint16Array(LOG_ENTRY_WORDS);
    const out = new Uint8Array(LOG_ENTRY_MAX_BYTES);
    const wordsOf = (w: Uint8Array) => new Uint16Array(w.buffer, w.byteOffset, LOG_ENTRY_WORDS);
    // two windows the same but for their timing: the second 10 s on, its seq and index one on
    const first = fixture.windows[0].slice();
    const second = first.slice();
    const advance = (at: number, by: number, bytes: number) => {
      let v = 0;
      for (let b = bytes - 1; b >= 0; b--) v = v * 256 + second[at + b];
      v += by;
      for (let b = 0; b < bytes; b++, v = Math.floor(v / 256)) second[at + b] = v % 256;
    };
    for (const at of [2, 52]) advance(at, 1, 2);
    // pod time in both headers, startMs and endMs
    for (const at of [4, 54, 12, 16]) advance(at, 10000, 4);
    for (const at of [8, 58]) advance(at, 1, 4);
    logEntryEncode(wordsOf(first), prev, 1, out);
    const n = logEntryEncode(wordsOf(second), prev, 0, out);
    // the bitmap holds the summary's seq (word 1), index (4) and start (6): a 1-, 1- and 3-byte varint
    expect(Array.from(out.subarray(2, 8))).to.deep.equal([0b1010010, 0, 0, 0, 0, 0]);
    expect(n).to.equal(8 + 1 + 1 + 3);
  });

  it('windows of the pod and random windows come back byte for byte, blocks never crossed, each block starting with a key', () => {
    for (const windows of [podLogWindows(200).windows, randomWindows(120, 3)]) {
      const storage = new SimStorage();
      const log = flashLogOpen(storage, 1 << 20);
      for (const w of windows) expect(flashLogAppend(log, w)).to.equal(true);
      const bytes = flashLogBytes(log);
      const decoded = logEntriesDecode(bytes);
      expect(decoded.undecodable).to.deep.equal([]);
      expect(decoded.usedBytes).to.equal(bytes.length);
      expect(decoded.entries.map((e) => Array.from(e.bytes))).to.deep.equal(windows.map((w) => Array.from(w)));
      for (const e of decoded.entries) {
        const end = logEntryEnd(bytes, e.logOffset, 0);
        expect(Math.floor(e.logOffset / LOG_BLOCK_BYTES), `entry at ${e.logOffset} within its block`).to.equal(Math.floor((end - 1) / LOG_BLOCK_BYTES));
        if (e.logOffset % LOG_BLOCK_BYTES === 0) expect(bytes[e.logOffset + 1]).to.equal(LOG_KIND_KEY);
      }
      expect(bytes.length, 'several blocks').to.be.above(2 * LOG_BLOCK_BYTES);
      // from any block's start, the rest of the log decodes on its own
      for (let start = LOG_BLOCK_BYTES; start < bytes.length; start += LOG_BLOCK_BYTES) {
        const rest = new LogDecoder().decode(bytes.slice(start), start);
        const expected = decoded.entries.filter((e) => e.logOffset >= start);
        expect(rest.entries.map((e) => e.logOffset)).to.deep.equal(expected.map((e) => e.logOffset));
        expect(rest.entries.map((e) => Array.from(e.bytes))).to.deep.equal(expected.map((e) => Array.from(e.bytes)));
      }
    }
  });

  it('windows of a run take under half the bytes of the messages themselves', () => {
    const fixture = podLogWindows(300);
    const perWindow = fixture.bytes.length / fixture.windows.length;
    expect(perWindow).to.be.below(LOG_WINDOW_MESSAGE_BYTES / 2);
  });

  it('logReadStart is the start of the block holding an offset', () => {
    expect([0, 1, LOG_BLOCK_BYTES - 1, LOG_BLOCK_BYTES, 5 * LOG_BLOCK_BYTES + 7].map(logReadStart)).to.deep.equal([0, 0, 0, LOG_BLOCK_BYTES, 5 * LOG_BLOCK_BYTES]);
  });

  it('a log reopened after a restart goes on where it ended, with a key entry; the whole log still reads', () => {
    const windows = podLogWindows(60).windows;
    const storage = new SimStorage();
    let log = flashLogOpen(storage, 1 << 16);
    for (const w of windows.slice(0, 25)) flashLogAppend(log, w);
    const used = log.usedBytes;
    log = flashLogOpen(storage, 1 << 16);
    expect(log.usedBytes).to.equal(used);
    for (const w of windows.slice(25)) flashLogAppend(log, w);
    const bytes = flashLogBytes(log);
    expect(bytes[used + 1], 'the first entry after the restart').to.equal(LOG_KIND_KEY);
    expect(logEntriesDecode(bytes).entries.map((e) => Array.from(e.bytes))).to.deep.equal(windows.map((w) => Array.from(w)));
  });

  it('a log of firmware 0.2 (the messages back to back) is kept: new entries start at the next block, and both read', () => {
    const windows = podLogWindows(30).windows;
    const storage = new SimStorage();
    const legacy = 12;
    const file = new Uint8Array(4 * LOG_BLOCK_BYTES).fill(0xff);
    windows.slice(0, legacy).forEach((w, i) => file.set(w, i * LOG_WINDOW_MESSAGE_BYTES));
    storage.write(FLASH_LOG_FILE, file, 0, file.length);
    const log = flashLogOpen(storage, 1 << 16);
    expect(log.usedBytes, 'after the old entries, at the next block').to.equal(2 * LOG_BLOCK_BYTES);
    for (const w of windows.slice(legacy)) expect(flashLogAppend(log, w)).to.equal(true);
    const decoded = logEntriesDecode(flashLogBytes(log));
    expect(decoded.undecodable).to.deep.equal([]);
    expect(decoded.entries.map((e) => Array.from(e.bytes))).to.deep.equal(windows.map((w) => Array.from(w)));
  });

  it('an entry written only in part (power lost mid-write) is reported, and decoding goes on at the next block', () => {
    const fixture = podLogWindows(120);
    const bytes = fixture.bytes.slice();
    const broken = fixture.entryOffsets[3];
    bytes.fill(0xff, broken + 2, fixture.entryOffsets[4]);
    const decoded = logEntriesDecode(bytes);
    expect(decoded.undecodable).to.deep.equal([{ fromOffset: broken, resumedAtOffset: LOG_BLOCK_BYTES }]);
    const kept = fixture.entryOffsets.map((offset, i) => ({ offset, i })).filter((e) => e.offset < broken || e.offset >= LOG_BLOCK_BYTES);
    expect(decoded.entries.map((e) => Array.from(e.bytes))).to.deep.equal(kept.map((e) => Array.from(fixture.windows[e.i])));
  });

  it('clock entries between windows come back as clock messages, in log order, and leave the windows as they were: at a block\'s start too, where the window after is a key', () => {
    const windows = podLogWindows(200).windows;
    const storage = new SimStorage();
    const log = flashLogOpen(storage, 1 << 20);
    const clock = new Uint8Array(CLOCK_MESSAGE_LENGTH);
    const clocksAt: number[] = [];
    let clockStartedBlock = false;
    windows.forEach((w, i) => {
      // a clock every 7th window, and one wherever the rest of a block is too short for it (it pads)
      const inBlock = log.usedBytes % LOG_BLOCK_BYTES;
      if (i % 7 === 3 || (inBlock > 0 && LOG_BLOCK_BYTES - inBlock < CLOCK_MESSAGE_LENGTH + 2)) {
        clockEncode(clock, 0, clocksAt.length, 1000 * i, 1700000000 + i, i % 1000);
        expect(flashLogAppendMessage(log, clock, CLOCK_MESSAGE_LENGTH)).to.equal(true);
        if (log.usedBytes % LOG_BLOCK_BYTES === CLOCK_MESSAGE_LENGTH + 2) clockStartedBlock = true;
        clocksAt.push(i);
      }
      expect(flashLogAppend(log, w)).to.equal(true);
    });
    expect(clockStartedBlock, 'a clock entry opened a block').to.equal(true);
    const bytes = flashLogBytes(log);
    const decoded = logEntriesDecode(bytes);
    expect(decoded.undecodable).to.deep.equal([]);
    expect(decoded.entries.map((e) => Array.from(e.bytes))).to.deep.equal(windows.map((w) => Array.from(w)));
    const clocks = decoded.messages.filter((m) => m.type === 'clock') as Extract<Message, { type: 'clock' }>[];
    expect(clocks.map((m) => [m.seq, m.deviceTimeMs, m.epochS, m.epochMs])).to.deep.equal(clocksAt.map((i, k) => [k, 1000 * i, 1700000000 + i, i % 1000]));
    // in log order: each clock before the summary of the window it was written before
    const order = decoded.messages.filter((m) => m.type !== 'summaryForm').map((m) => m.type);
    expect(order.slice(0, 6)).to.deep.equal(['summary', 'summary', 'summary', 'clock', 'summary', 'summary']);
    for (const e of decoded.entries) if (e.logOffset % LOG_BLOCK_BYTES === CLOCK_MESSAGE_LENGTH + 2) expect(bytes[e.logOffset + 1]).to.equal(LOG_KIND_KEY);
    // from every block's start the rest decodes on its own, clocks and all
    for (let start = LOG_BLOCK_BYTES; start < bytes.length; start += LOG_BLOCK_BYTES) {
      const rest = new LogDecoder().decode(bytes.slice(start), start);
      expect(rest.undecodable).to.deep.equal([]);
      expect(rest.entries.map((e) => Array.from(e.bytes))).to.deep.equal(decoded.entries.filter((e) => e.logOffset >= start).map((e) => Array.from(e.bytes)));
    }
  });

  it('a full log refuses the window that does not fit and keeps every one before it', () => {
    const windows = podLogWindows(80).windows;
    const storage = new SimStorage();
    const log = flashLogOpen(storage, 1500);
    const logged = windows.filter((w) => flashLogAppend(log, w));
    expect(log.full).to.equal(1);
    expect(logged.length).to.be.below(windows.length);
    expect(logEntriesDecode(flashLogBytes(log)).entries.map((e) => Array.from(e.bytes))).to.deep.equal(windows.slice(0, logged.length).map((w) => Array.from(w)));
  });
});
