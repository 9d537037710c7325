import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { STATUS_RAW_ONLY } from '../../../firmware/protocol/messageIds';
import { motionChannels, sensorSpatialAxes } from '../../../host-tools/export/motionChannels';
import {
  META_FILE, podRecordingCountersZero, PodRecordingMeta, podRecordingMetaStart, PodRecordingWriter, RAW_FILE, readPodRecording,
} from '../../../host-tools/recording/podRecording';
import { imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { recordSimulatedRun } from '../../../host-tools/sim/simulatedRecording';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';
import { builtBundleOnce, SIM_BUNDLE } from '../../../scripts/build';
import { formatBidsIssues, runBidsValidator } from './bidsValidator';
import { expectOneErrorLine, lumbarpodInProcess as lumbarpod } from '../cli/cliInProcess';

const STEM = 'sub-01_task-running_tracksys-lumbarpod';

/** what reaches `lumbarpod record` in a session that starts at 08:00:00 UTC, ms from then */
type Happening =
  /** with firstPodSample, the new boot's first batch to arrive starts there (it ran on while the host was away) */
  | { restart: 'reboot' | 'newRecording'; atMs: number; firstPodSample?: number }
  /** raw batches of 26 samples (a still pod), 250 ms apart, counting on from the last one of their boot */
  | { batches: number; fromMs: number };

const SESSION_START_MS = Date.UTC(2026, 10, 25, 8, 0, 0);

/**
 * a recording written as record writes it: a restart the link reports is noted, and kept as a link
 * event; the lines after it carry the boot they come from
 */
async function writeRecording(dir: string, happenings: Happening[]): Promise<void> {
  const writer = new PodRecordingWriter(dir, podRecordingMetaStart(PUCKJS2_BOARD, 104, SESSION_START_MS, podRecordingCountersZero()));
  let podSample = 0;
  let boot = 0;
  /** session ms at which the pod's clock read 0: it booted 5 s before the session, and a reboot as its first sample */
  let podClockZeroMs = -5000;
  for (const happening of happenings) {
    if ('restart' in happening) {
      const newRecording = happening.restart === 'newRecording';
      writer.noteRestart(newRecording);
      writer.addLinkEvent('restart', happening.atMs, newRecording ? { recordingRestarted: true } : {});
      podSample = happening.firstPodSample ?? 0;
      if (!newRecording) podClockZeroMs = happening.atMs - (podSample * 1000) / 104;
      boot++;
      continue;
    }
    for (let b = 0; b < happening.batches; b++) {
      const samplesCounts = new Int16Array(26 * 6);
      for (let i = 0; i < 26; i++) samplesCounts[i * 6 + 4] = 2048;
      writer.addMessage({
        type: 'rawBatch', version: 2, seq: 0, deviceTimeMs: Math.round(happening.fromMs + b * 250 - podClockZeroMs), firstSampleIndex: podSample, sampleCount: 26, samplesCounts, ...(boot > 0 ? { boot } : {}),
      }, happening.fromMs + b * 250);
      podSample += 26;
    }
  }
  await writer.close({ complete: true, endedBy: 'duration' });
}

/** raw.csv rows: sample index -> FIFO-order counts (gx gy gz ax ay az) */
function rawRows(dir: string): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  for (const line of fs.readFileSync(path.join(dir, RAW_FILE), 'utf8').split('\n').slice(1)) {
    if (line === '') continue;
    const cells = line.split(',').map(Number);
    rows.set(cells[0], cells.slice(2));
  }
  return rows;
}

function motionRows(bidsDir: string, stem = STEM, sessionDir = 'sub-01'): string[][] {
  const text = fs.readFileSync(path.join(bidsDir, sessionDir, 'motion', `${stem}_motion.tsv`), 'utf8');
  return text.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

describe('lumbarpod export --bids (Motion-BIDS)', function () {
  this.timeout(300000);
  let tmp: string;
  let recordingDir: string;
  let meta: PodRecordingMeta;

  before(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-export-'));
    const bundleSource = (await builtBundleOnce(SIM_BUNDLE)).source;
    recordingDir = path.join(tmp, 'run1');
    meta = await recordSimulatedRun(recordingDir, { bundleSource, source: imuSourceFromSynthetic(generateSynthetic({ durationS: 20, seed: 3 })) });
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a dataset the official BIDS validator passes with no errors', async () => {
    const out = path.join(tmp, 'bids-a');
    const run = await lumbarpod('export', '--bids', recordingDir, '--out', out);
    expect(run.err).to.equal('');
    expect(run.code).to.equal(0);
    expect(run.out).to.match(/_motion\.tsv: \d+ rows \(0 n\/a\), \d+ events/);
    for (const f of ['dataset_description.json', 'participants.tsv', `sub-01/motion/${STEM}_motion.tsv`, `sub-01/motion/${STEM}_motion.json`,
      `sub-01/motion/${STEM}_channels.tsv`, `sub-01/motion/${STEM}_channels.json`, `sub-01/motion/${STEM}_events.tsv`, 'sub-01/sub-01_scans.tsv']) {
      expect(fs.existsSync(path.join(out, f)), f).to.equal(true);
    }
    const result = runBidsValidator(out);
    expect(result.errors, formatBidsIssues(result.errors)).to.deep.equal([]);
    // known warnings of the Node validator: no Authors; and it reads the first row of a (header-less, as
    // the spec requires) motion.tsv as column names
    const keys = result.warnings.map((w) => w.key).sort();
    expect(keys, formatBidsIssues(result.warnings)).to.deep.equal(['CUSTOM_COLUMN_WITHOUT_DESCRIPTION', 'NO_AUTHORS']);
    expect(result.warnings.find((w) => w.key === 'CUSTOM_COLUMN_WITHOUT_DESCRIPTION')?.files).to.deep.equal([`/sub-01/motion/${STEM}_motion.tsv`]);
  });

  it('writes every sample in SI units that convert back to the raw counts exactly', async () => {
    const out = path.join(tmp, 'bids-b');
    expect((await lumbarpod('export', '--bids', recordingDir, '--out', out)).code).to.equal(0);
    const rows = motionRows(out);
    const raw = rawRows(recordingDir);
    expect(rows).to.have.length(raw.size);
    expect(rows.length).to.equal(meta.rawSamples);
    const channels = motionChannels(meta.scale);
    const channelsTsv = fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_channels.tsv`), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    expect(channelsTsv[0].slice(0, 5)).to.deep.equal(['name', 'component', 'type', 'tracked_point', 'units']);
    expect(channelsTsv.slice(1).map((r) => r[0])).to.deep.equal(['acc_x', 'acc_y', 'acc_z', 'gyro_x', 'gyro_y', 'gyro_z']);
    // one count: 488 ug = 0.0047857 m/s^2, 70 mdps = 0.0012217 rad/s
    expect(channels[0].unitsPerCount).to.be.closeTo(0.000488 * 9.80665, 1e-12);
    expect(channels[3].unitsPerCount).to.be.closeTo((0.07 * Math.PI) / 180, 1e-12);
    let r = 0;
    for (const [, counts] of raw) {
      const row = rows[r++];
      expect(row).to.have.length(6);
      channels.forEach((c, k) => {
        const back = Number(row[k]) / c.unitsPerCount;
        expect(Math.abs(back - Math.round(back)), `row ${r} ${c.name}`).to.be.below(0.01);
        expect(Math.round(back), `row ${r} ${c.name}`).to.equal(counts[c.fifoColumn]);
      });
    }
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.json`), 'utf8'));
    expect(sidecar).to.include({ SamplingFrequency: 104, TaskName: 'running', MotionChannelCount: 6, ACCELChannelCount: 3, GYROChannelCount: 3, MissingValues: 'n/a' });
    expect(sidecar.TrackingSystemName).to.be.a('string');
    expect(sidecar.RecordingDuration).to.be.closeTo(meta.rawSamples / 104, 1e-6);
    const events = fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`), 'utf8').trim().split('\n');
    const steps = readPodRecording(recordingDir).lines.filter((l) => l.type === 'step');
    expect(events.length - 1).to.equal(steps.length);
    expect(steps.length).to.be.above(40);
  });

  it('lists, for a recording made with the pod\'s detector off (raw only: no steps of its own), the steps its detector gives over the raw samples: those the pod gave when it ran', async () => {
    // the same recording as the pod would have sent it raw only: statuses flagged, no steps or windows
    const rawOnlyDir = path.join(tmp, 'raw-only');
    fs.cpSync(recordingDir, rawOnlyDir, { recursive: true });
    const messagesFile = path.join(rawOnlyDir, 'messages.ndjson');
    const kept = fs.readFileSync(messagesFile, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l))
      .filter((m) => m.type !== 'step' && m.type !== 'summary' && m.type !== 'summaryForm')
      .map((m) => (m.type === 'status' ? { ...m, flags: m.flags | STATUS_RAW_ONLY } : m));
    expect(kept.filter((m) => m.type === 'status').length, 'statuses').to.be.at.least(1);
    fs.writeFileSync(messagesFile, kept.map((m) => JSON.stringify(m)).join('\n') + '\n');
    const stepRows = async (dir: string, out: string) => {
      const run = await lumbarpod('export', '--bids', dir, '--out', out);
      expect(run.code, run.err).to.equal(0);
      return fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`), 'utf8').trim().split('\n').map((l) => l.split('\t')).filter((r) => r[2] === 'step');
    };
    const byPod = await stepRows(recordingDir, path.join(tmp, 'bids-pod-steps'));
    expect(byPod.length).to.be.above(40);
    expect(byPod.every((r) => r[7] === 'pod'), 'detected by the pod').to.equal(true);
    const replayed = await stepRows(rawOnlyDir, path.join(tmp, 'bids-replayed-steps'));
    expect(replayed.every((r) => r[7] === 'replay'), 'detected by replay').to.equal(true);
    expect(replayed.map((r) => r.slice(0, 7))).to.deep.equal(byPod.map((r) => r.slice(0, 7)));
  });

  it('fills samples missing from the recording with n/a rows on the sample grid and lists them as events', async () => {
    // cut 30 samples out of a copy of the recording, as a lost stretch of frames leaves it
    const gapDir = path.join(tmp, 'run-gap');
    fs.cpSync(recordingDir, gapDir, { recursive: true });
    const lines = fs.readFileSync(path.join(gapDir, RAW_FILE), 'utf8').split('\n');
    const kept = lines.filter((l, i) => i === 0 || l === '' || !(Number(l.split(',')[0]) >= 500 && Number(l.split(',')[0]) < 530));
    fs.writeFileSync(path.join(gapDir, RAW_FILE), kept.join('\n'));
    const gapMeta = JSON.parse(fs.readFileSync(path.join(gapDir, META_FILE), 'utf8')) as PodRecordingMeta;
    gapMeta.gaps = [{ fromSample: 500, missingSamples: 30, cause: 'link' }];
    gapMeta.rawSamples -= 30;
    fs.writeFileSync(path.join(gapDir, META_FILE), JSON.stringify(gapMeta));
    const out = path.join(tmp, 'bids-gap');
    const run = await lumbarpod('export', '--bids', gapDir, '--out', out, '--subject', 'sub-02', '--session', '1', '--task', 'treadmill');
    expect(run.err).to.equal('');
    expect(run.out).to.match(/\(30 n\/a\)/);
    const stem = 'sub-02_ses-1_task-treadmill_tracksys-lumbarpod';
    const rows = motionRows(out, stem, 'sub-02/ses-1');
    const raw = rawRows(recordingDir);
    expect(rows).to.have.length(raw.size);
    for (let i = 0; i < rows.length; i++) {
      if (i >= 500 && i < 530) expect(rows[i], `row ${i}`).to.deep.equal(['n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']);
      else expect(rows[i][0], `row ${i}`).to.not.equal('n/a');
    }
    expect(Math.round(Number(rows[530][0]) / motionChannels(meta.scale)[0].unitsPerCount)).to.equal((raw.get(530) as number[])[3]);
    const events = fs.readFileSync(path.join(out, 'sub-02', 'ses-1', 'motion', `${stem}_events.tsv`), 'utf8');
    expect(events).to.match(/\n4\.807692\t0\.288462\tsamples_missing\t500\tn\/a\tn\/a\tlink\tn\/a\n/);
    const result = runBidsValidator(out);
    expect(result.errors, formatBidsIssues(result.errors)).to.deep.equal([]);
  });

  it('a recording that ends in a gap (the pod away until it stopped): n/a rows to the gap\'s end, as for one in the middle, so its event falls in the file', async () => {
    const raw = rawRows(recordingDir);
    const lastSample = Math.max(...raw.keys());
    const fromSample = lastSample + 1 - 30;
    // the last 30 samples lost as the pod went, and 22 more sample periods until the host stopped
    const tailDir = path.join(tmp, 'run-tail-gap');
    fs.cpSync(recordingDir, tailDir, { recursive: true });
    const lines = fs.readFileSync(path.join(tailDir, RAW_FILE), 'utf8').split('\n');
    fs.writeFileSync(path.join(tailDir, RAW_FILE), lines.filter((l, i) => i === 0 || l === '' || Number(l.split(',')[0]) < fromSample).join('\n'));
    const tailMeta = JSON.parse(fs.readFileSync(path.join(tailDir, META_FILE), 'utf8')) as PodRecordingMeta;
    tailMeta.gaps = [{ fromSample, missingSamples: 52, cause: 'disconnect' }];
    tailMeta.rawSamples -= 30;
    fs.writeFileSync(path.join(tailDir, META_FILE), JSON.stringify(tailMeta));
    const out = path.join(tmp, 'bids-tail-gap');
    const run = await lumbarpod('export', '--bids', tailDir, '--out', out);
    expect(run.err).to.equal('');
    expect(run.out).to.match(/\(52 n\/a\)/);
    const rows = motionRows(out);
    expect(rows).to.have.length(fromSample + 52);
    for (let i = fromSample - 1; i < rows.length; i++) {
      if (i >= fromSample) expect(rows[i], `row ${i}`).to.deep.equal(['n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']);
      else expect(rows[i][0], `row ${i}`).to.not.equal('n/a');
    }
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.json`), 'utf8'));
    expect(sidecar.RecordingDuration).to.be.closeTo((fromSample + 52) / 104, 1e-6);
    const events = fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`), 'utf8').trim().split('\n').map((l) => l.split('\t'));
    const missing = events.filter((e) => e[2] === 'samples_missing');
    expect(missing).to.deep.equal([[String(Number((fromSample / 104).toFixed(6))), '0.5', 'samples_missing', String(fromSample), 'n/a', 'n/a', 'disconnect', 'n/a']]);
    // the gap ends with the file
    expect(Number(missing[0][0]) + Number(missing[0][1])).to.be.closeTo(sidecar.RecordingDuration, 1e-5);
    const result = runBidsValidator(out);
    expect(result.errors, formatBidsIssues(result.errors)).to.deep.equal([]);
  });

  it('adds a second recording to an existing dataset and keeps the first', async () => {
    const out = path.join(tmp, 'bids-two');
    expect((await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '01')).code).to.equal(0);
    expect((await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '02')).code).to.equal(0);
    expect(fs.readFileSync(path.join(out, 'participants.tsv'), 'utf8')).to.equal('participant_id\nsub-01\nsub-02\n');
    expect(runBidsValidator(out).errors).to.deep.equal([]);
  });

  it('a dataset of pod recordings that takes a CSV from another device describes both in its README and GeneratedBy, once each, keeping what was written by hand', async () => {
    const out = path.join(tmp, 'bids-mixed');
    expect((await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '01')).code).to.equal(0);
    fs.appendFileSync(path.join(out, 'README'), 'Collected at the track, spring 2026.\n');
    const csv = path.join(tmp, 'other-device.csv');
    const trial = zlib.gunzipSync(fs.readFileSync(path.resolve(__dirname, '..', '..', 'fixtures', 'mobgap-lowerback', 'HA-001_Test5_Trial1.csv.gz'))).toString('utf8');
    fs.writeFileSync(csv, trial);
    for (const subject of ['02', '03']) {
      const run = await lumbarpod('export', '--bids', csv, '--out', out, '--subject', subject, '--axes', 'V=x,AP=z,ML=-y');
      expect(run.code, run.err).to.equal(0);
    }
    const readme = fs.readFileSync(path.join(out, 'README'), 'utf8');
    expect(readme.indexOf('LumbarPod recordings (Motion-BIDS)')).to.equal(0);
    expect(readme).to.contain('Collected at the track, spring 2026.\n\nIMU recordings (Motion-BIDS)');
    expect(readme.split('IMU recordings (Motion-BIDS)')).to.have.length(2);
    const description = JSON.parse(fs.readFileSync(path.join(out, 'dataset_description.json'), 'utf8'));
    expect(description.Name).to.equal('LumbarPod recordings');
    const sources = description.GeneratedBy.map((g: { Description: string }) => g.Description);
    expect(sources).to.have.length(2);
    expect(sources[0]).to.match(/^lumbarpod export --bids: a LumbarPod recording/);
    expect(sources[1]).to.match(/^lumbarpod export --bids: an IMU CSV file/);
    const result = runBidsValidator(out);
    expect(result.errors, formatBidsIssues(result.errors)).to.deep.equal([]);
  });

  it('refuses a recording whose run the dataset holds already, naming the next free run; with --run, the one there without a number becomes run 1', async () => {
    const out = path.join(tmp, 'bids-runs');
    const motionDir = path.join(out, 'sub-07', 'motion');
    const stem = 'sub-07_task-running_tracksys-lumbarpod';
    expect((await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '07')).code).to.equal(0);
    const first = fs.readFileSync(path.join(motionDir, `${stem}_motion.tsv`), 'utf8');
    const again = await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '07');
    expect(again.code).to.equal(1);
    expect(expectOneErrorLine(again.err)).to.match(/_motion\.tsv exists: .*--run 2; the one there then becomes run 1/);
    expect(fs.readFileSync(path.join(motionDir, `${stem}_motion.tsv`), 'utf8')).to.equal(first);
    const second = await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '07', '--run', '2');
    expect(second.code, second.err).to.equal(0);
    // numbered all or none: no sidecar without run- left to apply to both (the Inheritance Principle)
    expect(fs.readdirSync(motionDir).sort()).to.deep.equal(['channels.json', 'channels.tsv', 'events.json', 'events.tsv', 'motion.json', 'motion.tsv']
      .flatMap((file) => [`${stem}_run-1_${file}`, `${stem}_run-2_${file}`]).sort());
    expect(fs.readFileSync(path.join(motionDir, `${stem}_run-1_motion.tsv`), 'utf8')).to.equal(first);
    const scans = fs.readFileSync(path.join(out, 'sub-07', 'sub-07_scans.tsv'), 'utf8').trim().split('\n').map((r) => r.split('\t')[0]);
    expect(scans).to.deep.equal(['filename', `motion/${stem}_run-1_motion.tsv`, `motion/${stem}_run-2_motion.tsv`]);
    // numbered runs take no recording without a number, nor one of theirs again
    for (const args of [[], ['--run', '2']]) {
      const refused = await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '07', ...args);
      expect(refused.code).to.equal(1);
      expect(expectOneErrorLine(refused.err)).to.match(/--run 3\)/);
    }
    expect(runBidsValidator(out).errors).to.deep.equal([]);
    expect(expectOneErrorLine((await lumbarpod('export', '--bids', recordingDir, '--out', out, '--run', '0')).err)).to.match(/whole number from 1/);
  });

  it('keeps the columns and values a participants.tsv has beyond participant_id', async () => {
    const out = path.join(tmp, 'bids-participants');
    expect((await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '01')).code).to.equal(0);
    fs.writeFileSync(path.join(out, 'participants.tsv'), 'participant_id\tage\tsex\nsub-01\t34\tF\nsub-02\t41\tM\n');
    expect((await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '03')).code).to.equal(0);
    expect(fs.readFileSync(path.join(out, 'participants.tsv'), 'utf8')).to.equal('participant_id\tage\tsex\nsub-01\t34\tF\nsub-02\t41\tM\nsub-03\tn/a\tn/a\n');
    expect((await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '02', '--task', 'walking')).code).to.equal(0);
    expect(fs.readFileSync(path.join(out, 'participants.tsv'), 'utf8')).to.equal('participant_id\tage\tsex\nsub-01\t34\tF\nsub-02\t41\tM\nsub-03\tn/a\tn/a\n');
    // a file keyed by something else is not rewritten
    fs.writeFileSync(path.join(out, 'participants.tsv'), 'name\tage\nAnna\t34\n');
    const refused = await lumbarpod('export', '--bids', recordingDir, '--out', out, '--subject', '04');
    expect(refused.code).to.equal(1);
    expect(expectOneErrorLine(refused.err)).to.match(/participants\.tsv: its first column is 'name', not 'participant_id'/);
    expect(fs.readFileSync(path.join(out, 'participants.tsv'), 'utf8')).to.equal('name\tage\nAnna\t34\n');
  });

  it('measures the effective sampling frequency within each stretch of the pod\'s sample count, across a restart', async () => {
    // the same session as if the pod had restarted halfway: its batches count from 0 again (raw.csv counts on)
    const restarted = path.join(tmp, 'restarted');
    fs.cpSync(recordingDir, restarted, { recursive: true });
    const lines = fs.readFileSync(path.join(restarted, 'messages.ndjson'), 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    const batches = lines.filter((l) => l.type === 'rawBatch');
    const restartAt = batches[batches.length >> 1].firstSampleIndex;
    for (const batch of batches) if (batch.firstSampleIndex >= restartAt) batch.firstSampleIndex -= restartAt;
    fs.writeFileSync(path.join(restarted, 'messages.ndjson'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const rateOf = async (dir: string, out: string) => {
      expect((await lumbarpod('export', '--bids', dir, '--out', out)).code).to.equal(0);
      return JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.json`), 'utf8')).SamplingFrequencyEffective as number;
    };
    const whole = await rateOf(recordingDir, path.join(tmp, 'bids-rate-whole'));
    expect(whole).to.be.within(meta.sampleRateHz * 0.99, meta.sampleRateHz * 1.01);
    expect(await rateOf(restarted, path.join(tmp, 'bids-rate-restarted'))).to.be.within(whole * 0.99, whole * 1.01);
  });

  it('dates the motion file (scans.tsv acq_time) at the host time of its first sample where a restart comes before it: record started the pod while it streamed raw samples (its own start taken for a new recording), or the pod restarted before any of its batches got through', async () => {
    const acqTimeOf = async (name: string, happenings: Happening[]): Promise<string> => {
      const dir = path.join(tmp, name);
      await writeRecording(dir, happenings);
      const out = path.join(tmp, `bids-${name}`);
      const run = await lumbarpod('export', '--bids', dir, '--out', out);
      expect(run.code, run.err).to.equal(0);
      const scans = fs.readFileSync(path.join(out, 'sub-01', 'sub-01_scans.tsv'), 'utf8').trim().split('\n').map((r) => r.split('\t'));
      expect(scans[0]).to.deep.equal(['filename', 'acq_time']);
      return scans[1][1];
    };
    // the first batch arrives 300 ms into the session; its first sample was taken 25 samples (240.385 ms) before
    expect(await acqTimeOf('started-streaming', [{ restart: 'newRecording', atMs: 300 }, { batches: 40, fromMs: 300 }])).to.equal('2026-11-25T08:00:00.059615Z');
    // the first boot's batches were all lost on the line; the new boot's first arrives 5 s into the session
    expect(await acqTimeOf('restarted-unseen', [{ restart: 'reboot', atMs: 4990 }, { batches: 40, fromMs: 5000 }])).to.equal('2026-11-25T08:00:04.759615Z');
    // a restart after the first sample leaves it where it was
    expect(await acqTimeOf('restarted-later', [{ batches: 12, fromMs: 300 }, { restart: 'reboot', atMs: 6000 }, { batches: 40, fromMs: 6000 }]))
      .to.equal('2026-11-25T08:00:00.059615Z');
  });

  it('measures the effective sampling frequency of a pod that restarted while away and whose new boot had counted past the old one\'s samples when the host got it back: each boot on its own', async () => {
    const dir = path.join(tmp, 'restarted-away');
    // 20 batches (520 samples) over 4.75 s; back 30 s later, the new boot at its sample 1456; 40 more over 9.75 s
    await writeRecording(dir, [{ batches: 20, fromMs: 0 }, { restart: 'reboot', atMs: 34750, firstPodSample: 1456 }, { batches: 40, fromMs: 34750 }]);
    const out = path.join(tmp, 'bids-restarted-away');
    expect((await lumbarpod('export', '--bids', dir, '--out', out)).code).to.equal(0);
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.json`), 'utf8'));
    // (494 + 1014) samples in (4.75 + 9.75) s
    expect(sidecar.SamplingFrequencyEffective).to.equal(104);
  });

  it('measures the effective sampling frequency on the pod\'s clock, not the host\'s: a simulated pod run 5 times faster than real time still samples at 104 Hz', async () => {
    const dir = path.join(tmp, 'fast-simulated');
    await writeRecording(dir, [{ batches: 250, fromMs: 0 }]);
    // the host received the batches 5 times closer together than the pod sent them
    const file = path.join(dir, 'messages.ndjson');
    const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
    fs.writeFileSync(file, lines.map((l) => JSON.stringify({ ...l, receivedMs: l.receivedMs / 5 })).join('\n') + '\n');
    const out = path.join(tmp, 'bids-fast-simulated');
    expect((await lumbarpod('export', '--bids', dir, '--out', out)).code).to.equal(0);
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.json`), 'utf8'));
    // 249 batches of 26 samples in 62.25 s on the pod's clock (12.45 s on the host's: 520 Hz)
    expect(sidecar.SamplingFrequencyEffective).to.equal(104);
  });

  /** the export of a recording of `happenings` whose lines `damage` changes (undefined: left alone): its warnings, acq_time, effective rate and rows */
  async function exportDamaged(name: string, happenings: Happening[], damage: (row: string, index: number) => string | undefined) {
    const dir = path.join(tmp, name);
    await writeRecording(dir, happenings);
    const file = path.join(dir, 'messages.ndjson');
    const damaged = fs.readFileSync(file, 'utf8').split('\n').map((row, i) => (row !== '' ? damage(row, i) ?? row : row));
    fs.writeFileSync(file, damaged.join('\n'));
    const out = path.join(tmp, `bids-${name}`);
    const run = await lumbarpod('export', '--bids', dir, '--out', out);
    expect(run.code, run.err).to.equal(0);
    const scans = fs.readFileSync(path.join(out, 'sub-01', 'sub-01_scans.tsv'), 'utf8').trim().split('\n').map((r) => r.split('\t'));
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.json`), 'utf8'));
    const motionRows = fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.tsv`), 'utf8').trimEnd().split('\n');
    return { warnings: run.err.trimEnd().split('\n'), acqTime: scans[1][1], rateHz: sidecar.SamplingFrequencyEffective as number, rows: motionRows, dir, damaged };
  }
  const cutAt40 = (row: string) => row.slice(0, 40);
  const BATCH_PLACED = '(a rawBatch line: raw.csv still holds its samples and places them by their sample_index; only when they arrived is lost)';

  it('reads past a damaged first raw batch line with a warning: its samples are all exported, and dated (acq_time) from the next batch as its own line would have', async () => {
    const lost = await exportDamaged('first-batch-damaged', [{ batches: 40, fromMs: 300 }], (row, i) => (i === 0 ? cutAt40(row) : undefined));
    expect(lost.warnings).to.deep.equal([`lumbarpod: warning: ${lost.dir}: messages.ndjson line 1: not JSON: "${lost.damaged[0]}"; dropped ${BATCH_PLACED}`]);
    // as with the line: the first batch arrives 300 ms into the session, 25 samples (240.385 ms) after its first sample; the next 250 ms and 26 samples later
    expect(lost.acqTime).to.equal('2026-11-25T08:00:00.059615Z');
    expect(lost.rows.length).to.equal(40 * 26);
    expect(lost.rows.filter((row) => row.startsWith('n/a'))).to.deep.equal([]);
  });

  it('reads past a damaged restart line with a warning: the boot on the lines after it still parts the stretches the effective sampling frequency is measured in', async () => {
    // the pod restarted while away and came back at its sample 1456, its new boot counted past the old one's samples
    const away: Happening[] = [{ batches: 20, fromMs: 0 }, { restart: 'reboot', atMs: 34750, firstPodSample: 1456 }, { batches: 40, fromMs: 34750 }];
    // its first bytes overwritten
    const lost = await exportDamaged('restart-damaged', away, (row) => (row.includes('"linkEvent"') ? 'x@' + row.slice(2) : undefined));
    expect(lost.warnings).to.deep.equal([
      `lumbarpod: warning: ${lost.dir}: messages.ndjson line 21: not JSON: "${lost.damaged[20]}"; dropped (a restart link event: the restart gap in recording.json still places the new boot)`,
    ]);
    // (494 + 1014) samples in (4.75 + 9.75) s, as with the line
    expect(lost.rateHz).to.equal(104);
  });

  it('reads past a damaged line of a new boot\'s first raw batch with a warning: the batches after it are placed from the boot\'s start in raw.csv, and date the motion file as its own line would have', async () => {
    // the first boot's batches never got through; the new boot's first arrives 5 s into the session
    const lost = await exportDamaged('restart-first-batch-damaged', [{ restart: 'reboot', atMs: 4990 }, { batches: 40, fromMs: 5000 }], (row, i) => (i === 1 ? cutAt40(row) : undefined));
    expect(lost.warnings).to.deep.equal([`lumbarpod: warning: ${lost.dir}: messages.ndjson line 2: not JSON: "${lost.damaged[1]}"; dropped ${BATCH_PLACED}`]);
    expect(lost.acqTime).to.equal('2026-11-25T08:00:04.759615Z');
  });

  it('describes the sensor axes of the nominal Puck.js v2 mounting: x right, y up, z back', () => {
    expect(sensorSpatialAxes(PUCKJS2_BOARD.axisMap)).to.equal('RSP');
    expect(sensorSpatialAxes({ v: 1, ap: 3, ml: -2 })).to.equal('SRA');
  });

  it('refuses in one line a recording with raw samples but no start time, which scans.tsv\'s acq_time comes from, writing nothing', async () => {
    const dir = path.join(tmp, 'no-start-time');
    await writeRecording(dir, [{ batches: 8, fromMs: 250 }]);
    const metaFile = path.join(dir, META_FILE);
    fs.writeFileSync(metaFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(metaFile, 'utf8')), startTime: '' }));
    const out = path.join(tmp, 'bids-no-start-time');
    const run = await lumbarpod('export', '--bids', dir, '--out', out);
    expect(run.code).to.equal(1);
    expect(expectOneErrorLine(run.err)).to.equal(`lumbarpod: ${dir}: recording.json has no startTime, which the acquisition time of its samples (scans.tsv acq_time) is taken from`);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('exits non-zero with one line for a missing directory, a directory that is not a recording, and bad usage', async () => {
    const missing = await lumbarpod('export', '--bids', path.join(tmp, 'nope'));
    expect(missing.code).to.equal(1);
    expect(expectOneErrorLine(missing.err)).to.match(/nope: no such directory/);
    const plain = path.join(tmp, 'plain');
    fs.mkdirSync(plain);
    const notRecording = await lumbarpod('export', '--bids', plain);
    expect(notRecording.code).to.equal(1);
    expect(expectOneErrorLine(notRecording.err)).to.match(/not a LumbarPod recording/);
    const unknown = await lumbarpod('export', '--bids', recordingDir, '--frobnicate');
    expect(unknown.code).to.equal(2);
    expect(expectOneErrorLine(unknown.err)).to.match(/unknown option '--frobnicate'/);
    const badLabel = await lumbarpod('export', '--bids', recordingDir, '--subject', 'a_b');
    expect(badLabel.code).to.equal(2);
    expect(expectOneErrorLine(badLabel.err)).to.match(/letters and digits/);
    const noFormat = await lumbarpod('export', recordingDir);
    expect(noFormat.code).to.equal(2);
    expect(expectOneErrorLine(noFormat.err)).to.match(/--bids/);
    const notBids = await lumbarpod('export', '--bids', recordingDir, '--out', plain + '-x');
    expect(notBids.code).to.equal(0);
    fs.writeFileSync(path.join(plain, 'other.txt'), 'x');
    const occupied = await lumbarpod('export', '--bids', recordingDir, '--out', plain);
    expect(occupied.code).to.equal(1);
    expect(expectOneErrorLine(occupied.err)).to.match(/not a BIDS dataset/);
    const aFile = path.join(tmp, 'bids-out-a-file');
    fs.writeFileSync(aFile, 'notes');
    const onAFile = await lumbarpod('export', '--bids', recordingDir, '--out', aFile);
    expect(onAFile.code).to.equal(1);
    expect(expectOneErrorLine(onAFile.err)).to.equal(`lumbarpod: ${aFile} is a file, not a dataset directory: give --out a directory to create or add to (it was left as it was)`);
    expect(fs.readFileSync(aFile, 'utf8')).to.equal('notes');
  });

  it('refuses, for a recording directory, the options that only say how to read a CSV file, rather than ignore them', async () => {
    const out = path.join(tmp, 'bids-csv-options');
    const refused = await lumbarpod('export', '--bids', recordingDir, '--out', out, '--rate', '52', '--acc-unit', 'mg');
    expect(refused.code).to.equal(2);
    expect(expectOneErrorLine(refused.err)).to.equal(`lumbarpod: --acc-unit, --rate: for a CSV file only; ${recordingDir} is a recording, whose own board, rate, units and mounting are used`);
    expect(fs.existsSync(out)).to.equal(false);
  });
});
