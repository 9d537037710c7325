// messages.ndjson damaged after the recording: a damaged line costs that line only, is named with
// its line and fault, and no sample goes with it (raw.csv places them all).
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import {
  META_FILE, MESSAGES_FILE, PodRecording, podRecordingBatches, podRecordingBootOffsetsMs, podRecordingCountersZero, podRecordingImu, podRecordingMetaStart, PodRecordingWriter,
  readPodRecording,
} from '../../../host-tools/recording/podRecording';
import { messagesNdjsonLines } from '../../../host-tools/recording/messagesNdjsonLines';

const RATE_HZ = 104;
const STRIDE = 6;
const BATCH_SAMPLES = 26;

function rawBatch(firstSampleIndex: number, boot: number): { type: string; [field: string]: unknown } {
  const samplesCounts = new Int16Array(BATCH_SAMPLES * STRIDE);
  for (let i = 0; i < BATCH_SAMPLES; i++) samplesCounts[i * STRIDE + 5] = 2048;
  return {
    type: 'rawBatch', version: 2, seq: 0, deviceTimeMs: 0, firstSampleIndex, sampleCount: BATCH_SAMPLES, samplesCounts,
    ...(boot > 0 ? { boot } : {}),
  };
}

function step(index: number, tMs: number, boot: number): { type: string; [field: string]: unknown } {
  return { type: 'step', version: 2, seq: 0, deviceTimeMs: tMs, index, tMs, side: index % 2, kind: 1, contactMs: 240, ...(boot > 0 ? { boot } : {}) };
}

/**
 * A session as record writes it: 8 raw batches (208 samples) 250 ms apart with steps 0 and 1 and
 * a window summary; the pod restarts (a link event, and the boot on every line after it); 4
 * batches of its new boot (104 samples) with its step 0, the last line.
 */
async function writeSession(dir: string): Promise<void> {
  const w = new PodRecordingWriter(dir, podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, Date.UTC(2026, 10, 25), podRecordingCountersZero()));
  for (let b = 0; b < 8; b++) {
    w.addMessage(rawBatch(b * BATCH_SAMPLES, 0), b * 250);
    if (b === 3) w.addMessage(step(0, 900, 0), b * 250 + 10);
    if (b === 7) w.addMessage(step(1, 1900, 0), b * 250 + 10);
  }
  w.addMessage({ type: 'summary', version: 2, seq: 0, deviceTimeMs: 2000, index: 0, startMs: 0, endMs: 2000 }, 1800);
  w.noteRestart(false);
  w.addLinkEvent('restart', 3000, { messageType: 'rawBatch', seq: 0, lastDeviceTimeMs: 2000, deviceTimeMs: 250 });
  for (let b = 0; b < 4; b++) w.addMessage(rawBatch(b * BATCH_SAMPLES, 1), 3000 + b * 250);
  w.addMessage(step(0, 700, 1), 3800);
  await w.close({ complete: true, endedBy: 'duration' });
}

describe('messages.ndjson lines', () => {
  let root = '';
  let intactDir = '';
  /** the undamaged session's messages.ndjson, line by line (its last line end leaves a '' after it) */
  let rows: string[] = [];
  let intact: PodRecording;
  /** the 1-based line of the first row that `is` */
  const lineWhere = (is: (line: { type: string; event?: string; boot?: number }) => boolean): number =>
    rows.findIndex((row) => row !== '' && is(JSON.parse(row))) + 1;

  before(async () => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-messages-'));
    intactDir = path.join(root, 'intact');
    await writeSession(intactDir);
    rows = fs.readFileSync(path.join(intactDir, MESSAGES_FILE), 'utf8').split('\n');
    intact = readPodRecording(intactDir);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** a copy of the session with messages.ndjson's rows as given */
  function damaged(name: string, damagedRows: string[]): PodRecording {
    const dir = path.join(root, name);
    fs.cpSync(intactDir, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, MESSAGES_FILE), damagedRows.join('\n'));
    return readPodRecording(dir);
  }

  const count = (recording: PodRecording, type: string) => recording.lines.filter((line) => line.type === type).length;

  it('reads an undamaged session whole: 12 raw batches, 3 steps, 1 summary, the restart, 312 samples, no problem', () => {
    expect(rows.length).to.equal(17 + 1);
    expect(intact.problems).to.deep.equal([]);
    expect(intact.lines.length).to.equal(17);
    expect([count(intact, 'rawBatch'), count(intact, 'step'), count(intact, 'summary'), count(intact, 'linkEvent')]).to.deep.equal([12, 3, 1, 1]);
    expect(intact.sampleIndex.length).to.equal(312);
    // the new boot's sample 0 is 1.25 s (130 samples) after the old boot's last batch, less the 26 of its first: raw.csv's 312
    expect(podRecordingBatches(intact).map((batch) => batch.firstSample)).to.deep.equal([0, 26, 52, 78, 104, 130, 156, 182, 312, 338, 364, 390]);
  });

  it('drops garbage in the middle of the file and names its line; every other line is read, the samples all kept', () => {
    const at = lineWhere((line) => line.type === 'step');
    const withGarbage = rows.slice();
    withGarbage[at - 1] = 'garbage';
    const recording = damaged('garbage', withGarbage);
    expect(recording.problems).to.deep.equal([`${MESSAGES_FILE} line ${at}: not JSON: "garbage"; dropped`]);
    expect(recording.lines.length).to.equal(16);
    expect([count(recording, 'rawBatch'), count(recording, 'step'), count(recording, 'summary')]).to.deep.equal([12, 2, 1]);
    expect(recording.lines.filter((line) => line.type === 'step').map((line) => [line.index, line.boot ?? 0])).to.deep.equal([[1, 0], [0, 1]]);
    expect(recording.sampleIndex.length).to.equal(312);
  });

  it('drops a last line cut short, saying the session ended mid-write where recording.json says it did not end cleanly, and that the file ends inside it where it did', () => {
    const last = rows.length - 1;
    const cut = rows.slice(0, last);
    cut[last - 1] = rows[last - 1].slice(0, 50);
    expect(cut[last - 1]).to.equal('{"receivedMs":3800,"type":"step","version":2,"seq"');
    const ended = damaged('cut-last', cut);
    expect(ended.problems).to.deep.equal([`${MESSAGES_FILE} line ${last}: cut short (the file ends inside it); dropped (a step line)`]);
    expect([count(ended, 'rawBatch'), count(ended, 'step'), count(ended, 'summary')]).to.deep.equal([12, 2, 1]);
    expect(ended.sampleIndex.length).to.equal(312);
    // the recorder killed: recording.json as written at the start and at each gap
    const metaFile = path.join(root, 'cut-last', META_FILE);
    fs.writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(metaFile, 'utf8')), complete: false, endedBy: '' }));
    const killed = readPodRecording(path.join(root, 'cut-last'));
    expect(killed.problems).to.deep.equal([
      `${MESSAGES_FILE} line ${last}: cut short (the session ended mid-write); dropped (a step line)`,
      `${META_FILE}: the session did not end cleanly (complete: false); what was received is all here`,
    ]);
    expect(killed.lines.length).to.equal(16);
  });

  it('keeps a last line that lost only its line end: it is whole', () => {
    const recording = damaged('no-last-newline', rows.slice(0, rows.length - 1));
    expect(recording.problems).to.deep.equal([]);
    expect(recording.lines.length).to.equal(17);
  });

  it('drops a line that is JSON but no message (not an object, no receivedMs or type, a type no recording holds), naming what is wrong', () => {
    const at = lineWhere((line) => line.type === 'summary');
    const strange = ['[1,2,3]', '{"hello":"world"}', '{"receivedMs":"1800","type":"summary"}', '{"receivedMs":1800}', '{"receivedMs":1800,"type":"stepp"}', '{"receivedMs":1800,"type":"step","boot":0.5}', '{"receivedMs":1800,"type":"linkEvent"}', '17'];
    const recording = damaged('unknown-shape', [...rows.slice(0, at), ...strange, ...rows.slice(at)]);
    expect(recording.problems).to.deep.equal([
      `${MESSAGES_FILE} line ${at + 1}: not a message (a JSON array, not an object): "[1,2,3]"; dropped`,
      `${MESSAGES_FILE} line ${at + 2}: receivedMs is missing; dropped`,
      `${MESSAGES_FILE} line ${at + 3}: receivedMs "1800" is not a time in ms; dropped (a summary line)`,
      `${MESSAGES_FILE} line ${at + 4}: type is missing; dropped`,
      `${MESSAGES_FILE} line ${at + 5}: type "stepp" is none of the message types a recording holds; dropped`,
      `${MESSAGES_FILE} line ${at + 6}: boot 0.5 is not a whole number from 0; dropped (a step line)`,
      `${MESSAGES_FILE} line ${at + 7}: event is missing; dropped (a linkEvent line)`,
      `${MESSAGES_FILE} line ${at + 8}: not a message (a JSON number, not an object): "17"; dropped`,
    ]);
    expect(recording.lines).to.deep.equal(intact.lines);
  });

  it('drops a message line whose field is no number (a digit turned into a letter, a value made null) and names its line and field; a field left out is no damage', () => {
    const at = lineWhere((line) => line.type === 'step');
    const stepRow = rows[at - 1];
    const damagedStep = stepRow.replace('"contactMs":240', '"contactMs":"24O"');
    const nulledTime = stepRow.replace(/"deviceTimeMs":\d+/, '"deviceTimeMs":null');
    const withoutContact = stepRow.replace(',"contactMs":240', '');
    expect(new Set([damagedStep, nulledTime, withoutContact]).size, 'three other rows').to.equal(3);
    const recording = damaged('not-a-number', [...rows.slice(0, at - 1), damagedStep, nulledTime, withoutContact, ...rows.slice(at)]);
    expect(recording.problems).to.deep.equal([
      `${MESSAGES_FILE} line ${at}: contactMs "24O" is not a number; dropped (a step line)`,
      `${MESSAGES_FILE} line ${at + 1}: deviceTimeMs null is not a number; dropped (a step line)`,
    ]);
    expect(count(recording, 'step')).to.equal(count(intact, 'step'));
  });

  it('a rawBatch line damaged: raw.csv still places its samples, where they were, the batches after it keep their places, and the warning says so', () => {
    const at = lineWhere((line) => line.type === 'rawBatch' && line.boot === 1);
    const cut = rows.slice();
    cut[at - 1] = rows[at - 1].slice(0, 45);
    const notJson = damaged('rawbatch-cut', cut);
    const placed = ' (a rawBatch line: raw.csv still holds its samples and places them by their sample_index; only when they arrived is lost)';
    expect(notJson.problems).to.deep.equal([`${MESSAGES_FILE} line ${at}: not JSON: "${rows[at - 1].slice(0, 45)}"; dropped${placed}`]);
    const badIndex = rows.slice();
    badIndex[at - 1] = rows[at - 1].replace('"firstSampleIndex":0', '"firstSampleIndex":"0"');
    const notPlaced = damaged('rawbatch-index', badIndex);
    expect(notPlaced.problems).to.deep.equal([`${MESSAGES_FILE} line ${at}: firstSampleIndex "0" is not a whole number from 0; dropped${placed}`]);
    for (const recording of [notJson, notPlaced]) {
      expect(count(recording, 'rawBatch')).to.equal(11);
      // the samples, their indices and the gaps replay sees are the undamaged recording's
      expect(recording.sampleIndex).to.deep.equal(intact.sampleIndex);
      expect(recording.samplesFifoOrder).to.deep.equal(intact.samplesFifoOrder);
      expect(podRecordingImu(recording).gaps).to.deep.equal(podRecordingImu(intact).gaps);
      // the new boot's other batches placed from its start in raw.csv (bootStartSample), not from the first batch left
      expect(podRecordingBatches(recording)).to.deep.equal(podRecordingBatches(intact).filter((batch) => batch.firstSample !== 312));
    }
  });

  it('a restart line damaged: recording.json\'s restart gap still places the new boot, its batches keep their places, and the warning says so', () => {
    const at = lineWhere((line) => line.type === 'linkEvent' && line.event === 'restart');
    // two bytes of the line zeroed
    const zeroed = rows[at - 1].slice(0, 20) + '\u0000\u0000' + rows[at - 1].slice(22);
    const withZeros = rows.slice();
    withZeros[at - 1] = zeroed;
    const recording = damaged('restart-damaged', withZeros);
    expect(recording.problems).to.deep.equal([
      `${MESSAGES_FILE} line ${at}: not JSON: "${zeroed.slice(0, 60).replace(/\u0000/g, '\\u0000')}..."; dropped (a restart link event: the restart gap in recording.json still places the new boot)`,
    ]);
    expect(count(recording, 'linkEvent')).to.equal(0);
    expect(recording.sampleIndex).to.deep.equal(intact.sampleIndex);
    expect(podRecordingImu(recording).gaps).to.deep.equal(podRecordingImu(intact).gaps);
    expect(podRecordingBootOffsetsMs(recording)).to.deep.equal(podRecordingBootOffsetsMs(intact));
    // the boot on the new boot's lines says where its batches start counting again
    expect(podRecordingBatches(recording)).to.deep.equal(podRecordingBatches(intact));
  });

  it('read a few bytes at a time, chunk edges inside, before and after damaged lines: the same lines and problems as read in one piece', () => {
    const stepAt = lineWhere((line) => line.type === 'step');
    const restartAt = lineWhere((line) => line.type === 'linkEvent' && line.event === 'restart');
    // 12 damaged lines (10 named, the rest counted), two with a 2-byte character an edge can cut
    // in two, a blank line, and a message whose text holds one
    const junk = ['x\u00e9', '{"receivedMs":1,"type":"st\u00e9p"}', '[1]', 'junk', '{"receivedMs":2}', '', '{"type":"step"}', '17', 'null', '{', '"\u00e9"', '{"receivedMs":3,"type":"linkEvent"}', '}'];
    const withJunk = [...rows.slice(0, stepAt - 1), ...junk.slice(0, 6), rows[stepAt - 1].replace('"version":2', '"version":2,"note":"\u00e9t\u00e9"'), ...rows.slice(stepAt, restartAt - 1), ...junk.slice(6), ...rows.slice(restartAt - 1)];
    // ends inside its last line, and with a damaged line and its line end
    const variants: Array<[string, string[]]> = [
      ['chunks-cut-short', [...withJunk.slice(0, withJunk.length - 2), withJunk[withJunk.length - 2].slice(0, 40)]],
      ['chunks-damaged-last', [...withJunk.slice(0, withJunk.length - 1), 'junk at the end', '']],
    ];
    for (const [name, damagedRows] of variants) {
      damaged(name, damagedRows);
      const dir = path.join(root, name);
      const text = fs.readFileSync(path.join(dir, MESSAGES_FILE), 'utf8');
      const whole = messagesNdjsonLines(text.split('\n'), true);
      const cutShort = name === 'chunks-cut-short';
      expect(whole.problems.length, name).to.equal(cutShort ? 12 : 11);
      expect(whole.problems[10], name).to.match(/^messages\.ndjson: \d more lines? dropped, the last line \d+$/);
      if (cutShort) expect(whole.problems[11], name).to.match(/^messages\.ndjson line \d+: cut short \(the file ends inside it\); dropped \(a step line\)$/);
      // every message but the one cut short, the step with a 2-byte character in it too
      expect(whole.lines.length, name).to.equal(cutShort ? 16 : 17);
      expect(whole.lines.filter((line) => line.note === '\u00e9t\u00e9').length, name).to.equal(1);
      // byte offsets of every line's start and end: a first chunk of each of these lengths has its edge at one, or a byte past it
      const edges: number[] = [];
      let at = 0;
      for (const row of damagedRows) {
        const end = at + Buffer.byteLength(row);
        edges.push(at, at + 1, end, end + 1);
        at = end + 1;
      }
      const bytes = Buffer.byteLength(text);
      // 1 byte at a time puts an edge inside every line
      for (const chunkBytes of [...Array.from({ length: 48 }, (_, i) => i + 1), ...edges.filter((edge) => edge > 0 && edge <= bytes), bytes - 1, bytes, bytes + 1]) {
        const recording = readPodRecording(dir, chunkBytes);
        expect(recording.problems, `${name}, ${chunkBytes} B`).to.deep.equal(whole.problems);
        expect(recording.lines, `${name}, ${chunkBytes} B`).to.deep.equal(whole.lines);
        expect(recording.sampleIndex, `${name}, ${chunkBytes} B`).to.deep.equal(intact.sampleIndex);
      }
    }
  });

  it('names the first 10 damaged lines and counts the rest, so a file damaged throughout warns in a screenful', () => {
    const read = messagesNdjsonLines(Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? 'junk' : `{"receivedMs":${i},"type":"status"}`)).concat(['']), true);
    expect(read.lines.length).to.equal(15);
    expect(read.problems.length).to.equal(11);
    expect(read.problems[9]).to.equal(`${MESSAGES_FILE} line 19: not JSON: "junk"; dropped`);
    expect(read.problems[10]).to.equal(`${MESSAGES_FILE}: 5 more lines dropped, the last line 29`);
  });
});
