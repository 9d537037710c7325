// The recording writer and reader: link events keep their type whatever their detail holds, and
// raw samples missing from the session's very start are a gap that replay sees and keeps its
// clock on the pod's.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import {
  META_FILE, MESSAGES_FILE, podRecordingBootOffsetsMs, podRecordingNoRawReason, podRecordingCountersZero, podRecordingImu, podRecordingMetaStart, PodRecordingWriteError, PodRecordingWriter, RAW_FILE, readPodRecording,
} from '../../../host-tools/recording/podRecording';
import { STATUS_RAW_STREAM, STATUS_RECORDING } from '../../../firmware/protocol/messageIds';
import { replayRecording } from '../../../host-tools/replay/replayRecording';

const RATE_HZ = 104;
const STRIDE = 6;

function rawBatch(firstSampleIndex: number, sampleCount: number): { type: string; [field: string]: unknown } {
  const samplesCounts = new Int16Array(sampleCount * STRIDE);
  // standing still: gravity along the board's vertical axis (sensor z at 1 g)
  for (let i = 0; i < sampleCount; i++) samplesCounts[i * STRIDE + 5] = 2048;
  return { type: 'rawBatch', version: 1, seq: firstSampleIndex / 26, deviceTimeMs: 0, firstSampleIndex, sampleCount, samplesCounts };
}

describe('pod recording writer', () => {
  let dir = '';
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-podrec-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  function writer(): PodRecordingWriter {
    return new PodRecordingWriter(dir, podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, Date.UTC(2026, 10, 25), podRecordingCountersZero()));
  }

  it('writes a link event as a linkEvent line with its event, even when the detail carries a type of its own', async () => {
    const w = writer();
    w.addLinkEvent('sequenceGap', 1500, { type: 'sequenceGap', messageType: 'step', missing: 3 });
    await w.close({ complete: true });
    const line = readPodRecording(dir).lines[0];
    expect(line).to.deep.equal({ receivedMs: 1500, messageType: 'step', missing: 3, type: 'linkEvent', event: 'sequenceGap' });
  });

  it('a file that cannot be written (a full disk) ends the session through whenFailed, not the process; the close keeps what came before it, readable, and says so', async () => {
    fs.symlinkSync('/dev/full', path.join(dir, RAW_FILE));
    const w = writer();
    for (let first = 0; first < 26 * 10; first += 26) w.addMessage(rawBatch(first, 26), first * 10);
    const error = await w.whenFailed();
    expect((error as NodeJS.ErrnoException).code).to.equal('ENOSPC');
    // messages.ndjson can still be written: the event that tells of the fault goes in, the messages after it do not
    w.addLinkEvent('sessionError', 2600, { reason: error.message });
    w.addMessage(rawBatch(260, 26), 2600);
    w.addMessage({ type: 'status', seq: 0, deviceTimeMs: 3600, flags: STATUS_RECORDING | STATUS_RAW_STREAM, rateHz: RATE_HZ, samples: 13 * 26 }, 3600);
    let thrown: unknown;
    await w.close({ complete: true, endedBy: 'duration' }).catch((e) => { thrown = e; });
    expect(thrown).to.be.instanceOf(PodRecordingWriteError);
    expect((thrown as Error).message).to.match(new RegExp(`^the disk is full: the recording in ${dir} ends where raw.csv could not be written; .*0 raw samples, then 338 not written, a gap`));
    // /dev/full reads as zeros for ever: the reader is given no raw.csv instead
    fs.unlinkSync(path.join(dir, RAW_FILE));
    const recording = readPodRecording(dir);
    expect(recording.meta.complete).to.equal(false);
    expect(recording.meta.endedBy).to.equal('error');
    expect(recording.meta.rawSamples).to.equal(0);
    // every sample the pod said it sent is the gap the fault left: none reached raw.csv
    expect(recording.meta.gaps).to.deep.equal([{ fromSample: 0, missingSamples: 13 * 26, cause: 'disk' }]);
    expect(recording.lines.filter((l) => l.type === 'rawBatch')).to.have.length(10);
    expect(recording.lines.some((l) => l.type === 'linkEvent' && l.event === 'sessionError')).to.equal(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).to.deep.equal([]);
    // why, in recording.json and as the last line
    expect(recording.meta.failure).to.equal('the disk is full: raw.csv could not be written');
    const last = recording.lines[recording.lines.length - 1];
    expect(last).to.include({ type: 'linkEvent', event: 'sessionError', reason: 'the disk is full: raw.csv could not be written' });
    expect(last.receivedMs as number, 'after the lines before it').to.be.at.least(3600);
  });

  it('a full disk that leaves messages.ndjson no room for the sessionError event: recording.json says why the session ended', async () => {
    fs.symlinkSync('/dev/full', path.join(dir, MESSAGES_FILE));
    const w = writer();
    w.addMessage(rawBatch(0, 26), 0);
    w.addMessage({ type: 'status', seq: 0, deviceTimeMs: 3600, flags: STATUS_RECORDING | STATUS_RAW_STREAM, rateHz: RATE_HZ, samples: 26 }, 250);
    await w.whenFailed();
    const thrown = await w.close({ complete: true, endedBy: 'duration' }).then(() => undefined, (e: unknown) => e);
    expect(thrown).to.be.instanceOf(PodRecordingWriteError);
    const meta = JSON.parse(fs.readFileSync(path.join(dir, META_FILE), 'utf8'));
    expect(meta).to.include({ complete: false, endedBy: 'error', failure: 'the disk is full: messages.ndjson could not be written' });
  });

  it('a disk that fills mid-session: raw.csv and messages.ndjson end at their last whole line, the samples after the last written are a gap, and no gap is kept past it', async () => {
    const w = writer();
    for (let b = 0; b < 10; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    // a jump the writer noted, whose batch after it never reached the disk
    w.addMessage(rawBatch(13 * 26, 26), 3250);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // the disk fills in the middle of a line of each file: what a short write leaves
    fs.appendFileSync(path.join(dir, RAW_FILE), '260,2500.000,1,2');
    fs.appendFileSync(path.join(dir, MESSAGES_FILE), '{"receivedMs":3300,"ty');
    (w as unknown as { noteFault(e: Error, file: string): void }).noteFault(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), RAW_FILE);
    w.addMessage(rawBatch(14 * 26, 26), 3500);
    const thrown = await w.close({ complete: true }).then(() => undefined, (e: unknown) => e);
    expect(thrown).to.be.instanceOf(PodRecordingWriteError);
    const recording = readPodRecording(dir);
    expect(recording.problems.filter((p) => /cut short/.test(p))).to.deep.equal([]);
    expect(recording.meta.rawSamples).to.equal(11 * 26);
    expect(recording.sampleIndex.length).to.equal(11 * 26);
    const last = recording.sampleIndex[recording.sampleIndex.length - 1];
    expect(last).to.equal(14 * 26 - 1);
    expect(recording.meta.gaps).to.deep.equal([
      { fromSample: 260, missingSamples: 3 * 26, cause: 'link' },
      { fromSample: 14 * 26, missingSamples: 26, cause: 'disk' },
    ]);
    // the cut line is gone; the event that says why follows the last whole line
    expect(recording.lines.slice(-2).map((l) => l.event ?? l.type)).to.deep.equal(['rawBatch', 'sessionError']);
  });

  it('a disk with no room for a new recording.json: the metadata goes into the room the old one has, at a gap and at the close, and no temporary file is left', async () => {
    const w = writer();
    for (let b = 0; b < 4; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    const temporary = path.join(dir, META_FILE + '.tmp');
    fs.symlinkSync('/dev/full', temporary);
    // a gap rewrites recording.json at once
    w.addMessage(rawBatch(5 * 26, 26), 1250);
    expect(fs.existsSync(temporary)).to.equal(false);
    expect(JSON.parse(fs.readFileSync(path.join(dir, META_FILE), 'utf8')).gaps).to.deep.equal([{ fromSample: 4 * 26, missingSamples: 26, cause: 'link' }]);
    expect(w.failure).to.equal(undefined);
    // then raw.csv meets the full disk
    fs.symlinkSync('/dev/full', temporary);
    (w as unknown as { noteFault(e: Error, file: string): void }).noteFault(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }), RAW_FILE);
    const thrown = await w.close({ complete: true }).then(() => undefined, (e: unknown) => e) as PodRecordingWriteError;
    expect(thrown).to.be.instanceOf(PodRecordingWriteError);
    expect(thrown.metaWritten).to.equal(true);
    expect(thrown.message).to.match(/^the disk is full: .* ends where raw.csv could not be written; what came before is kept \(130 raw samples; complete: false\)$/);
    expect(fs.readdirSync(dir).sort()).to.deep.equal([META_FILE, MESSAGES_FILE, RAW_FILE].sort());
    const recording = readPodRecording(dir);
    expect(recording.meta.endedBy).to.equal('error');
    expect(recording.meta.complete).to.equal(false);
    expect(recording.meta.rawSamples).to.equal(5 * 26);
    expect(recording.meta.gaps).to.deep.equal([{ fromSample: 4 * 26, missingSamples: 26, cause: 'link' }]);
  });

  it('raw batches lost at the very end of a session, which no later batch jumps over, are a gap: the pod\'s last status says how far it had sent', async () => {
    const w = writer();
    for (let b = 0; b < 10; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    // the pod had sent 14 batches when it last said so; the last four never came
    w.addMessage({ type: 'status', seq: 0, deviceTimeMs: 3600, flags: STATUS_RECORDING | STATUS_RAW_STREAM, rateHz: RATE_HZ, samples: 14 * 26 }, 3600);
    // one at another rate (a restarted pod before it is set again) counts samples of another kind
    w.addMessage({ type: 'status', seq: 1, deviceTimeMs: 3700, flags: STATUS_RECORDING | STATUS_RAW_STREAM, rateHz: RATE_HZ / 2, samples: 20 * 26 }, 3700);
    const meta = await w.close({ complete: true });
    expect(meta.gaps).to.deep.equal([{ fromSample: 260, missingSamples: 104, cause: 'link' }]);
    // the same at the end of a session where the pod said it lost those samples itself
    const podLost = new PodRecordingWriter(path.join(dir, 'podLost'), podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, 0, podRecordingCountersZero()));
    for (let b = 0; b < 10; b++) podLost.addMessage(rawBatch(b * 26, 26), b * 250);
    podLost.notePodLoss(104);
    podLost.addMessage({ type: 'status', seq: 0, deviceTimeMs: 3600, flags: STATUS_RECORDING | STATUS_RAW_STREAM, rateHz: RATE_HZ, samples: 14 * 26 }, 3600);
    expect((await podLost.close({ complete: true })).gaps).to.deep.equal([{ fromSample: 260, missingSamples: 104, cause: 'pod' }]);
    // a recording without raw samples has no gap, nor one whose raw stream another host turned off
    const idle = new PodRecordingWriter(path.join(dir, 'idle'), podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, 0, podRecordingCountersZero()));
    idle.addMessage({ type: 'status', seq: 0, deviceTimeMs: 3600, flags: STATUS_RECORDING | STATUS_RAW_STREAM, rateHz: RATE_HZ, samples: 14 * 26 }, 3600);
    expect((await idle.close({ complete: true })).gaps).to.deep.equal([]);
    const off = new PodRecordingWriter(path.join(dir, 'off'), podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, 0, podRecordingCountersZero()));
    for (let b = 0; b < 10; b++) off.addMessage(rawBatch(b * 26, 26), b * 250);
    off.addMessage({ type: 'status', seq: 0, deviceTimeMs: 3600, flags: STATUS_RECORDING, rateHz: RATE_HZ, samples: 14 * 26 }, 3600);
    expect((await off.close({ complete: true })).gaps).to.deep.equal([]);
  });

  it('two losses the pod reported before the batch that jumps over both: one gap of cause pod', async () => {
    const w = writer();
    w.addMessage(rawBatch(0, 26), 0);
    w.notePodLoss(10);
    w.notePodLoss(16);
    w.addMessage(rawBatch(52, 26), 500);
    // a later jump the pod did not report is the link's
    w.addMessage(rawBatch(104, 26), 750);
    const meta = await w.close({ complete: true });
    expect(meta.gaps).to.deep.equal([{ fromSample: 26, missingSamples: 26, cause: 'pod' }, { fromSample: 78, missingSamples: 26, cause: 'link' }]);
  });

  it('says why a recording has no raw samples: a log session has only summaries from the log; a --no-raw session has live ones too, some read back', async () => {
    const summary = (index: number, fromLog: boolean) => ({ type: 'summary', version: 2, seq: index, deviceTimeMs: index * 10000, index, ...(fromLog ? { fromLog: true } : {}) });
    const w = writer();
    w.addMessage(summary(1, false), 10000);
    w.addMessage(summary(2, true), 30000);
    await w.close({ complete: true });
    expect(podRecordingNoRawReason(readPodRecording(dir))).to.match(/--no-raw/);
    const logDir = path.join(dir, 'log');
    const logWriter = new PodRecordingWriter(logDir, podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, Date.UTC(2026, 10, 25), podRecordingCountersZero()));
    logWriter.addMessage(summary(1, true), 0);
    logWriter.addMessage(summary(2, true), 0);
    await logWriter.close({ complete: true });
    expect(podRecordingNoRawReason(readPodRecording(logDir))).to.match(/a session read from the pod's log/);
  });

  it('a gap is in recording.json as soon as it is seen, so a host killed before the close keeps it', async () => {
    const w = writer();
    w.addMessage(rawBatch(0, 26), 0);
    w.noteDisconnect();
    w.addMessage(rawBatch(78, 26), 5000);
    // no close: the process dies here
    const onDisk = JSON.parse(fs.readFileSync(path.join(dir, META_FILE), 'utf8'));
    expect(onDisk.gaps).to.deep.equal([{ fromSample: 26, missingSamples: 52, cause: 'disconnect' }]);
    expect(onDisk.complete).to.equal(false);
    await w.close({ complete: true });
  });

  it('a quit that exits without closing the files leaves recording.json counting the raw.csv rows written, saying when and how the session ended', async () => {
    const w = writer();
    for (let b = 0; b < 10; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    // the writes complete on the next turns of the event loop
    await new Promise((resolve) => setTimeout(resolve, 100));
    w.writeMetaForQuit({ endTime: '2026-11-25T00:00:03.000Z', endedBy: 'interrupt' });
    const meta = JSON.parse(fs.readFileSync(path.join(dir, META_FILE), 'utf8'));
    expect({ rawSamples: meta.rawSamples, complete: meta.complete, endedBy: meta.endedBy, endTime: meta.endTime })
      .to.deep.equal({ rawSamples: 260, complete: false, endedBy: 'interrupt', endTime: '2026-11-25T00:00:03.000Z' });
    expect(fs.readFileSync(path.join(dir, RAW_FILE), 'utf8').trim().split('\n')).to.have.length(1 + 260);
    await w.close({ complete: true });
  });

  it('a recording quit mid-session reads as what it is: the rows written before the quit are there, the rest of the session is not (not that what was received is all there)', async () => {
    const w = writer();
    for (let b = 0; b < 4; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    await new Promise((resolve) => setTimeout(resolve, 100));
    w.writeMetaForQuit({ endTime: '2026-11-25T00:00:01.000Z', endedBy: 'interrupt' });
    const quit = readPodRecording(dir);
    expect(quit.problems).to.deep.equal([
      `${META_FILE}: the recording was quit before its files were closed (complete: false): what was written before the quit is here; ` +
        'what was still to be written then, and the rest of the session, is not',
    ]);
    await w.close({ complete: true });
  });

  it('a last raw.csv row without its line end was cut while written: it is dropped and said so, even where what is left still reads as numbers', async () => {
    const w = writer();
    w.addMessage(rawBatch(0, 26), 0);
    await w.close({ complete: true });
    const file = path.join(dir, RAW_FILE);
    const whole = fs.readFileSync(file, 'utf8');
    // the last row cut inside its last number: "...,2048" became "...,20"
    fs.writeFileSync(file, whole.slice(0, whole.length - 3));
    const recording = readPodRecording(dir);
    expect(recording.sampleIndex.length).to.equal(25);
    expect(recording.problems).to.deep.equal([`${RAW_FILE} line 27: cut short; dropped`]);
  });

  it('a raw.csv line damaged mid-file is dropped and named, not the end of the recording: the rows after it are read, its sample is a gap of cause file among the recording\'s own, and replay runs through it', async () => {
    const w = writer();
    // samples 52-77 lost on the link
    for (const first of [0, 26, 78, 104]) w.addMessage(rawBatch(first, 26), first * 10);
    await w.close({ complete: true });
    const file = path.join(dir, RAW_FILE);
    const rows = fs.readFileSync(file, 'utf8').split('\n');
    // line 12 holds sample 10
    rows[11] = 'garbage';
    fs.writeFileSync(file, rows.join('\n'));
    const recording = readPodRecording(dir);
    expect(recording.sampleIndex.length).to.equal(26 * 4 - 1);
    expect(recording.sampleIndex[recording.sampleIndex.length - 1]).to.equal(129);
    expect(recording.problems).to.deep.equal([
      `${RAW_FILE} line 12: expected 8 numbers, got "garbage"; dropped`,
      `${RAW_FILE}: sample 10 (at 0.10 s) is missing where lines were dropped; a gap`,
    ]);
    expect(recording.meta.gaps).to.deep.equal([
      { fromSample: 10, missingSamples: 1, cause: 'file' },
      { fromSample: 52, missingSamples: 26, cause: 'link' },
    ]);
    // recording.json is read, not changed
    expect(JSON.parse(fs.readFileSync(path.join(dir, META_FILE), 'utf8')).gaps).to.have.length(1);
    const imu = podRecordingImu(recording);
    expect(imu.gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[10, 1], [51, 26]]);
    const totals = replayRecording(imu).totals;
    expect([totals.samples, totals.missingSamples, totals.gaps]).to.deep.equal([26 * 4 - 1, 27, 2]);
  });

  it('raw.csv lines written twice or damaged are dropped or mended and named the same way, each costing its own row at most; two lines swapped are put back in order', async () => {
    const w = writer();
    for (let first = 0; first < 104; first += 26) w.addMessage(rawBatch(first, 26), first * 10);
    await w.close({ complete: true });
    const file = path.join(dir, RAW_FILE);
    const rows = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    // rows[51] is sample 50, on line 52
    const twice = [...rows.slice(0, 52), rows[51], ...rows.slice(52)];
    const swapped = [...rows.slice(0, 51), rows[52], rows[51], ...rows.slice(53)];
    const fraction = [...rows.slice(0, 51), '50.5' + rows[51].slice(2), ...rows.slice(52)];
    for (const [what, lines, message, kept] of [
      ['twice', twice, 'line 53: sample_index 50 again (line 52 has it); dropped', 104],
      ['swapped', swapped, 'lines 52-53: sample_index 51, 50 out of order; put back in order', 104],
      ['fraction', fraction, 'line 52: sample_index 50.5 is not the sample of its t_ms 480.769 (50), which goes on from the lines around it; read as sample 50', 104],
    ] as Array<[string, string[], string, number]>) {
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const recording = readPodRecording(dir);
      expect(recording.problems[0], what).to.equal(`${RAW_FILE} ${message}`);
      expect(recording.sampleIndex.length, what).to.equal(kept);
      expect(recording.meta.gaps.length, what).to.equal(104 - kept);
    }
  });

  it('raw.csv missing or empty while recording.json says it held samples: said so, with what is left (the pod\'s own steps and summaries), not taken for a --no-raw recording', async () => {
    const w = writer();
    w.addMessage(rawBatch(0, 26), 0);
    w.addMessage({ type: 'step', version: 1, seq: 0, deviceTimeMs: 150, tMs: 150, side: 0, kind: 1, contactMs: 240 }, 200);
    await w.close({ complete: true });
    const file = path.join(dir, RAW_FILE);
    fs.unlinkSync(file);
    const missing = readPodRecording(dir);
    expect(missing.problems).to.deep.equal([`${RAW_FILE}: missing (ENOENT), though ${META_FILE} says it held 26 samples`]);
    expect(podRecordingNoRawReason(missing)).to.equal(
      `${RAW_FILE} is missing, though ${META_FILE} says it held 26 samples; \`lumbarpod report\` still shows the pod's own steps and window summaries`);
    fs.writeFileSync(file, '');
    expect(podRecordingNoRawReason(readPodRecording(dir))).to.equal(
      `none of the 26 samples ${META_FILE} says were written could be read from ${RAW_FILE}; \`lumbarpod report\` still shows the pod's own steps and window summaries`);
    // a raw-only recording has no steps of the pod's own: nothing is left to show
    const rawOnlyDir = path.join(dir, 'raw-only');
    const rawOnly = new PodRecordingWriter(rawOnlyDir, podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, Date.UTC(2026, 10, 25), podRecordingCountersZero()));
    rawOnly.addMessage(rawBatch(0, 26), 0);
    await rawOnly.close({ complete: true });
    fs.unlinkSync(path.join(rawOnlyDir, RAW_FILE));
    expect(podRecordingNoRawReason(readPodRecording(rawOnlyDir))).to.equal(`${RAW_FILE} is missing, though ${META_FILE} says it held 26 samples`);
  });

  it('a recording.json that is empty, cut short, a directory or no object says so in words, not as the parser\'s or the system call\'s error', async () => {
    const w = writer();
    w.addMessage(rawBatch(0, 26), 0);
    await w.close({ complete: true });
    const metaFile = path.join(dir, META_FILE);
    const whole = fs.readFileSync(metaFile, 'utf8');
    const faultOf = (): string => {
      try {
        readPodRecording(dir);
      } catch (err) {
        return (err as Error).message;
      }
      return 'read';
    };
    fs.writeFileSync(metaFile, '');
    expect(faultOf()).to.equal(`${metaFile}: the file is empty: the recording's board, rate and scale are not in it`);
    fs.writeFileSync(metaFile, whole.slice(0, 40));
    expect(faultOf()).to.match(new RegExp(`^${metaFile}: not valid JSON, cut short or damaged \\(.+\\)$`));
    fs.writeFileSync(metaFile, '[]');
    expect(faultOf()).to.equal(`${metaFile}: not a LumbarPod recording (no "format": "lumbarpod-recording" in it)`);
    fs.unlinkSync(metaFile);
    fs.mkdirSync(metaFile);
    expect(faultOf()).to.equal(`${metaFile}: it is a directory, not a file`);
  });

  it('a raw.csv that ends early at a line end (cut after the recording, no half line to show it) is said to lack the samples recording.json counts', async () => {
    const w = writer();
    for (let first = 0; first < 104; first += 26) w.addMessage(rawBatch(first, 26), first * 10);
    await w.close({ complete: true });
    const file = path.join(dir, RAW_FILE);
    const rows = fs.readFileSync(file, 'utf8').split('\n');
    // the header and samples 0-77
    fs.writeFileSync(file, rows.slice(0, 79).join('\n') + '\n');
    const recording = readPodRecording(dir);
    expect(recording.sampleIndex.length).to.equal(78);
    expect(recording.problems).to.deep.equal([`${RAW_FILE}: 78 sample lines, where ${META_FILE} says 104 samples were written: 26 are not in the file`]);
  });

  it('a recording.json field missing or malformed is refused naming it, rather than met as a crash inside replay or export', async () => {
    const w = writer();
    w.addMessage(rawBatch(0, 26), 0);
    w.addMessage(rawBatch(52, 26), 500);
    await w.close({ complete: true });
    const metaFile = path.join(dir, META_FILE);
    const whole = fs.readFileSync(metaFile, 'utf8');
    expect(JSON.parse(whole).gaps).to.have.length(1);
    /** recording.json with the field at `at` (dotted, e.g. gaps.0.cause) set to `value`, or left out for undefined */
    const metaWith = (at: string, value: unknown): string => {
      const meta = JSON.parse(whole) as { [field: string]: unknown };
      const keys = at.split('.');
      let parent = meta;
      for (const key of keys.slice(0, -1)) parent = parent[key] as { [field: string]: unknown };
      if (value === undefined) delete parent[keys[keys.length - 1]];
      else parent[keys[keys.length - 1]] = value;
      return JSON.stringify(meta);
    };
    const mounting = 'the mounting: v, ap and ml on three different sensor axes, right-handed (1 = x, 2 = y, 3 = z, negative = reversed)';
    for (const [at, value, fault] of [
      ['gaps', undefined, 'gaps is missing (a list of the gaps in raw.csv)'],
      ['scale', undefined, 'scale is missing (the IMU scale: accUgPerCount, gyroMdpsPerCount, accFullScaleCounts and gyroFullScaleCounts)'],
      ['axisMap', undefined, `axisMap is missing (${mounting})`],
      ['scale.accFullScaleCounts', '32767', 'scale.accFullScaleCounts is "32767", not a number above 0'],
      ['axisMap', { v: 2, ap: 3, ml: -1 }, `axisMap is {"v":2,"ap":3,"ml":-1}, not ${mounting}`],
      ['gaps.0.cause', 'cosmic rays', 'gaps[0].cause is "cosmic rays", not one of pod, link, disconnect, restart'],
      ['sampleRateHz', 0, 'sampleRateHz is 0, not a number above 0'],
      ['counters', undefined, 'counters is missing (the link and pod counters)'],
      ['startTime', 'yesterday', 'startTime is "yesterday", not an ISO 8601 time, or \'\' when unknown'],
      ['formatVersion', undefined, 'formatVersion is missing, not a whole number from 1'],
    ] as Array<[string, unknown, string]>) {
      fs.writeFileSync(metaFile, metaWith(at, value));
      expect(() => readPodRecording(dir), `${at}: ${JSON.stringify(value)}`).to.throw(`${metaFile}: ${fault}`);
    }
    fs.writeFileSync(metaFile, 'null');
    expect(() => readPodRecording(dir)).to.throw(`${metaFile}: not a LumbarPod recording (no "format": "lumbarpod-recording" in it)`);
    // speed changes were not kept in the first recordings
    fs.writeFileSync(metaFile, metaWith('speedChanges', undefined));
    expect(readPodRecording(dir).meta.gaps).to.deep.equal([{ fromSample: 26, missingSamples: 26, cause: 'link' }]);
  });

  it('records samples lost before the first batch that arrived as a gap from sample 0, which replay runs through on the pod\'s clock', async () => {
    const w = writer();
    // the session's first batch (samples 0-25) was lost on the link
    for (let first = 26; first < 26 * 40; first += 26) w.addMessage(rawBatch(first, 26), first * 10);
    const meta = await w.close({ complete: true });
    expect(meta.gaps).to.deep.equal([{ fromSample: 0, missingSamples: 26, cause: 'link' }]);
    const imu = podRecordingImu(readPodRecording(dir));
    expect(imu.gaps).to.deep.equal([{ startMs: 0, endMs: 250, missingSamples: 26, beforeSample: 0, cause: 'link' }]);
    const replay = replayRecording(imu);
    const gaps = replay.records.filter((r) => r.type === 'gap');
    expect(gaps).to.deep.equal([{ type: 'gap', startMs: 0, endMs: 250, missingSamples: 26, cause: 'link' }]);
    // the summary of the whole (still) run ends at the pod's last sample: 1,040 samples = 10,000 ms
    const summaries = replay.records.filter((r) => r.type === 'summary') as { endMs: number }[];
    expect(summaries[summaries.length - 1].endMs).to.equal(10000);
  });

  it('keeps the speeds the pod ran with: the first in speedMms, each later change with the raw.csv sample it holds from, after a restart too', async () => {
    const w = writer();
    w.updateMeta({ speedMms: 3000 });
    w.noteSpeed(0, 3000);
    for (let b = 0; b < 10; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    w.noteSpeed(260, 3400);
    w.noteSpeed(300, 3400);
    expect(readPodRecording(dir).meta.speedChanges, 'written at once').to.deep.equal([{ fromSample: 260, speedMms: 3400 }]);
    // the pod restarts: its first batch (its samples 0-25) comes 1 s of host time after the last one
    // and ends there, so its sample 26 is raw.csv's 260 + 104
    w.noteRestart(false);
    w.addMessage(rawBatch(0, 26), 9 * 250 + 1000);
    w.noteSpeed(26, 2900);
    const meta = await w.close({ complete: true });
    expect(meta.speedMms).to.equal(3000);
    expect(meta.speedChanges).to.deep.equal([{ fromSample: 260, speedMms: 3400 }, { fromSample: 260 + 104, speedMms: 2900 }]);
  });

  it('a speed the pod took after a restart, before its new boot\'s first raw batch, holds from the new boot\'s sample: told after the restart (a reboot) or before it (a new recording, seen with its first batch)', async () => {
    // 10 batches, then the new boot's first batch 1 s of host time after the last: its sample 0 is raw.csv's 260 + 104 - 26
    const bootStart = 338;
    for (const newRecording of [false, true]) {
      const w = new PodRecordingWriter(path.join(dir, String(newRecording)), podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, 0, podRecordingCountersZero()));
      w.updateMeta({ speedMms: 3000 });
      for (let b = 0; b < 10; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
      if (!newRecording) w.noteRestart(false);
      w.noteSpeed(5, 3400);
      w.noteSpeed(12, 3400);
      if (newRecording) w.noteRestart(true);
      w.addMessage(rawBatch(0, 26), 9 * 250 + 1000);
      const meta = await w.close({ complete: true });
      expect(meta.gaps.map((g) => g.bootStartSample), `new recording: ${newRecording}`).to.deep.equal([bootStart]);
      expect(meta.speedChanges, `new recording: ${newRecording}`).to.deep.equal([{ fromSample: bootStart + 5, speedMms: 3400 }]);
    }
    // a new boot that sent no raw batch before the session ended: its speed holds from no sample of raw.csv
    const w = writer();
    for (let b = 0; b < 10; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    w.noteRestart(false);
    w.noteSpeed(5, 3400);
    expect((await w.close({ complete: true })).speedChanges).to.deep.equal([]);
  });

  it('a new recording the pod\'s clock dates (how much later than the one before it started) goes where that time falls, whatever the host\'s clock says; else after the host\'s time between the batches', async () => {
    // 10 batches of the recording that started at raw.csv's sample 0; the next started 30 s later
    // by the pod's clock, its batch seen 1 s of host time after the last (the pod was away)
    for (const startedLaterMs of [30000, -1]) {
      const w = new PodRecordingWriter(path.join(dir, String(startedLaterMs)), podRecordingMetaStart(PUCKJS2_BOARD, RATE_HZ, 0, podRecordingCountersZero()));
      for (let b = 0; b < 10; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
      w.noteRestart(true, startedLaterMs);
      w.addMessage(rawBatch(520, 26), 9 * 250 + 1000);
      const meta = await w.close({ complete: true });
      // by the host's clock only 1 s went by, too little for the 546 samples its batch ends with:
      // its sample 0 goes right after raw.csv's last, one sample missing
      expect(meta.gaps.map((g) => g.bootStartSample), `started ${startedLaterMs} ms later`).to.deep.equal([startedLaterMs > 0 ? 3120 : 261]);
    }
  });

  it('places each boot of a restarted pod on the recording clock: at its restart gap, or after the boot before when there are no raw samples', async () => {
    const w = writer();
    w.addMessage({ type: 'summary', seq: 0, deviceTimeMs: 20000, index: 1, startMs: 0, endMs: 10000 }, 1000);
    w.addMessage({ type: 'step', seq: 0, deviceTimeMs: 21000, index: 0, tMs: 12500 }, 1100);
    w.addMessage({ type: 'summary', seq: 0, deviceTimeMs: 3000, index: 1, startMs: 0, endMs: 10000, boot: 1 }, 5000);
    await w.close({ complete: true });
    const withoutRaw = readPodRecording(dir);
    expect(podRecordingBootOffsetsMs(withoutRaw)).to.deep.equal([0, 12500]);
    const withRaw = { ...withoutRaw, meta: { ...withoutRaw.meta, gaps: [{ fromSample: 1400, missingSamples: 160, cause: 'restart' as const }] } };
    expect(podRecordingBootOffsetsMs(withRaw)).to.deep.equal([0, 15000]);
  });

  it('a boot that sent steps but no raw sample before record started it anew (one restart gap for two boots): the samples after the gap are the later boot\'s, and the one between goes after the boot before', async () => {
    const w = writer();
    for (let b = 0; b < 20; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    w.addMessage({ type: 'step', seq: 0, deviceTimeMs: 4000, index: 1, tMs: 4000 }, 4000);
    // the pod restarted: its own recording sends a step and no batch before record stops it and starts anew
    w.noteRestart(false);
    w.addLinkEvent('restart', 5000);
    w.addMessage({ type: 'step', seq: 0, deviceTimeMs: 900, index: 1, tMs: 300, boot: 1 }, 5100);
    w.noteRestart(true);
    w.addLinkEvent('restart', 5200, { recordingRestarted: true });
    for (let b = 0; b < 10; b++) w.addMessage({ ...rawBatch(b * 26, 26), boot: 2 }, 5400 + b * 250);
    w.addMessage({ type: 'step', seq: 0, deviceTimeMs: 3000, index: 1, tMs: 1500, boot: 2 }, 7000);
    const meta = await w.close({ complete: true });
    const restarts = meta.gaps.filter((g) => g.cause === 'restart');
    expect(restarts, JSON.stringify(meta.gaps)).to.have.length(1);
    const afterGapMs = ((restarts[0].bootStartSample ?? restarts[0].fromSample + restarts[0].missingSamples) * 1000) / RATE_HZ;
    expect(podRecordingBootOffsetsMs(readPodRecording(dir))).to.deep.equal([0, 4000, afterGapMs]);
  });

  it('a pod that rebooted while away and was started anew before its first batch: its one restart gap is the reboot\'s, so replay finishes no window the pod never finished, and the host\'s clock places it', async () => {
    const w = writer();
    for (let b = 0; b < 20; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    // away 30 s of host time; the new boot's own recording sent a summary, then record started it anew
    w.noteRestart(false);
    w.addMessage({ type: 'summary', seq: 0, deviceTimeMs: 1400, index: 1, startMs: 0, endMs: 1250, boot: 1 }, 34750);
    w.noteRestart(true, 0);
    const backMs = 19 * 250 + 30000;
    for (let b = 0; b < 4; b++) w.addMessage({ ...rawBatch(b * 26, 26), boot: 2 }, backMs + 100 + b * 250);
    const meta = await w.close({ complete: true });
    expect(meta.gaps.map((g) => ({ cause: g.cause, newRecording: g.newRecording }))).to.deep.equal([{ cause: 'restart', newRecording: undefined }]);
    // 30.1 s at 104 Hz since the last batch, less the new boot's first one: not one sample after raw.csv's last
    expect(meta.gaps[0].bootStartSample).to.equal(520 + Math.round(30.1 * RATE_HZ) - 26);
    const gap = podRecordingImu(readPodRecording(dir)).gaps.find((g) => g.restart !== undefined);
    expect(gap?.restart?.finished).to.equal(false);
  });

  it('a pod that restarted while it was away and came back with its sample 1456 first: its boot starts where its sample 0 falls in raw.csv, not at its first batch', async () => {
    const w = writer();
    for (let b = 0; b < 20; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    w.addMessage({ type: 'step', seq: 0, deviceTimeMs: 4000, index: 1, tMs: 4000 }, 4000);
    // away for 30 s of host time; the new boot had run for 14 s when its first batch came
    w.noteRestart(false);
    const backMs = 19 * 250 + 30000;
    w.addMessage(rawBatch(1456, 26), backMs);
    w.addMessage({ type: 'step', seq: 0, deviceTimeMs: 14500, index: 1, tMs: 14200, boot: 1 }, backMs + 10);
    const meta = await w.close({ complete: true });
    // 30 s at 104 Hz is 3,120 samples since the last batch: the new boot's sample 0 is 3,120 - 1,482 after raw.csv's 520
    const bootStart = 520 + 3120 - (1456 + 26);
    expect(meta.gaps).to.deep.equal([{ fromSample: 520, missingSamples: bootStart + 1456 - 520, cause: 'restart', bootStartSample: bootStart }]);
    expect(podRecordingBootOffsetsMs(readPodRecording(dir))).to.deep.equal([0, (bootStart * 1000) / RATE_HZ]);
  });

  it('a pod that restarts mid-session: its new samples count on after the old ones, the time it was down is a restart gap, nothing is dropped as a duplicate', async () => {
    const w = writer();
    // 20 bursts of 26 samples, 250 ms apart on the host clock
    for (let b = 0; b < 20; b++) w.addMessage(rawBatch(b * 26, 26), b * 250);
    // 3 s after the last burst the new boot's first burst arrives, counting from 0 again
    w.noteRestart(false);
    const restartMs = 19 * 250 + 3000;
    for (let b = 0; b < 10; b++) w.addMessage(rawBatch(b * 26, 26), restartMs + b * 250);
    // the same burst again (a duplicate on the link) is written once
    w.addMessage(rawBatch(9 * 26, 26), restartMs + 2500);
    const meta = await w.close({ complete: true });
    // 3 s at 104 Hz is 312 samples, less the 26 of the burst that brought the news
    expect(meta.gaps).to.deep.equal([{ fromSample: 520, missingSamples: 286, cause: 'restart', bootStartSample: 806 }]);
    const recording = readPodRecording(dir);
    expect(recording.sampleIndex.length).to.equal(520 + 260);
    expect(recording.sampleIndex[520]).to.equal(806);
    expect(recording.sampleIndex[recording.sampleIndex.length - 1]).to.equal(806 + 259);
    const replay = replayRecording(podRecordingImu(recording));
    expect(replay.records.filter((r) => r.type === 'gap')).to.deep.equal([{ type: 'gap', startMs: 4990, endMs: 7750, missingSamples: 286, cause: 'restart' }]);
  });
});

