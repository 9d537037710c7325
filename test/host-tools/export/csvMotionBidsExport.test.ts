import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { formatBidsIssues, runBidsValidator } from './bidsValidator';
import { expectOneErrorLine, lumbarpodInProcess as lumbarpod } from '../cli/cliInProcess';

// a real lower-back walking trial (Mobilise-D, mobgap; Apache-2.0): t_ms, g, deg/s, 100 Hz, sensor x up, y right, z forward
const TRIAL = path.resolve(__dirname, '..', '..', 'fixtures', 'mobgap-lowerback', 'HA-001_Test5_Trial1.csv.gz');
const AXES = ['--axes', 'V=x,AP=z,ML=-y'];
// no --task: the trial's steps are walking ones
const STEM = 'sub-01_task-walking_tracksys-imu';
const MS2_PER_G = 9.80665;
const RADS_PER_DPS = Math.PI / 180;
const NA_ROW = ['n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];

/** the trial's sample lines, each its cells as written */
function trialLines(): string[][] {
  const lines = zlib.gunzipSync(fs.readFileSync(TRIAL)).toString('utf8').trim().split('\n');
  expect(lines[0]).to.equal('t_ms,ax,ay,az,gx,gy,gz');
  return lines.slice(1).map((line) => line.split(','));
}

function tsvRows(file: string): string[][] {
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

describe('lumbarpod export --bids FILE.csv (an IMU CSV from another device as Motion-BIDS)', function () {
  this.timeout(120000);
  let tmp: string;
  /** the trial with its stamps from 5 s, lines removed and a value lost: what a logger that dropped samples writes */
  let cutCsv: string;
  /** the trial's lines by sample (row of the motion file), undefined where the cut file lacks it */
  let kept: Array<string[] | undefined>;
  /** samples removed or made a missing value, as the rows they leave */
  const REMOVED = [300, 301, 302, 303, 304, 305, 306, 307, 308, 309, 800, 801, 802];
  const MISSING_VALUE = 500;

  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-csv-export-'));
    const lines = trialLines();
    kept = lines.map((cells, i) => (REMOVED.indexOf(i) >= 0 || i === MISSING_VALUE ? undefined : cells));
    const written = lines.filter((_, i) => REMOVED.indexOf(i) < 0).map((cells) => {
      const shifted = [String(Number(cells[0]) + 5000), ...cells.slice(1)];
      if (cells === lines[MISSING_VALUE]) shifted[2] = 'NaN';
      return shifted.join(',');
    });
    cutCsv = path.join(tmp, 'cut.csv');
    fs.writeFileSync(cutCsv, ['t_ms,ax,ay,az,gx,gy,gz', ...written].join('\n') + '\n');
  });

  after(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('writes a row for every sample period of the file\'s time span: the file\'s values in m/s^2 and rad/s, n/a exactly at the lines removed and the value lost, and the BIDS validator passes it', async () => {
    const out = path.join(tmp, 'bids-cut');
    const run = await lumbarpod('export', '--bids', cutCsv, '--out', out, ...AXES);
    expect(run.code, run.err).to.equal(0);
    // the lost value is warned about, as replay warns
    expect(run.err).to.match(/line \d+ \(ay 'NaN'\)/);
    const lines = trialLines();
    // the stamps span (12450 - 0) ms at 10 ms a sample: 1246 rows, first and last samples kept
    expect(Number(lines[lines.length - 1][0])).to.equal(12450);
    // 8 steps and 3 stretches of missing samples
    expect(run.out).to.equal(`${path.join(out, 'sub-01', 'motion', `${STEM}_motion.tsv`)}: 1246 rows (14 n/a), 11 events; 10 files written to ${out}\n`);
    const rows = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_motion.tsv`));
    expect(rows).to.have.length(1246);
    for (let r = 0; r < rows.length; r++) {
      const cells = kept[r];
      if (cells === undefined) {
        expect(rows[r], `row ${r}`).to.deep.equal(NA_ROW);
        continue;
      }
      expect(rows[r], `row ${r}`).to.have.length(6);
      for (let k = 0; k < 6; k++) {
        const factor = k < 3 ? MS2_PER_G : RADS_PER_DPS;
        // written to a tenth of the file's last digit: back in g and deg/s it is the file's value
        expect(Number(rows[r][k]), `row ${r} column ${k}`).to.be.closeTo(Number(cells[k + 1]) * factor, 0.05e-5 * factor);
        expect(Number((Number(rows[r][k]) / factor).toFixed(5)), `row ${r} column ${k}`).to.equal(Number(cells[k + 1]));
      }
    }
    const result = runBidsValidator(out);
    expect(result.errors, formatBidsIssues(result.errors)).to.deep.equal([]);
    // the same known warnings as for a pod recording: no Authors, and the header-less motion.tsv's first row read as column names
    expect(result.warnings.map((w) => w.key).sort(), formatBidsIssues(result.warnings)).to.deep.equal(['CUSTOM_COLUMN_WITHOUT_DESCRIPTION', 'NO_AUTHORS']);
  });

  it('lists each stretch of missing samples as an event at its rows, its cause not known', async () => {
    const out = path.join(tmp, 'bids-gaps');
    expect((await lumbarpod('export', '--bids', cutCsv, '--out', out, ...AXES)).code).to.equal(0);
    const events = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`));
    expect(events[0]).to.deep.equal(['onset', 'duration', 'trial_type', 'sample', 'side', 'kind', 'cause', 'detected_by']);
    expect(events.filter((e) => e[2] === 'samples_missing')).to.deep.equal([
      ['3', '0.1', 'samples_missing', '300', 'n/a', 'n/a', 'n/a', 'n/a'],
      ['5', '0.01', 'samples_missing', '500', 'n/a', 'n/a', 'n/a', 'n/a'],
      ['8', '0.03', 'samples_missing', '800', 'n/a', 'n/a', 'n/a', 'n/a'],
    ]);
  });

  it('lists as steps exactly those `lumbarpod replay` finds in the file, at their times from the first row', async () => {
    const replayed = await lumbarpod('replay', cutCsv, ...AXES);
    expect(replayed.code, replayed.err).to.equal(0);
    const replaySteps = replayed.out.trim().split('\n').map((line) => JSON.parse(line)).filter((r) => r.type === 'step');
    expect(replaySteps.length).to.be.at.least(8);
    const out = path.join(tmp, 'bids-steps');
    expect((await lumbarpod('export', '--bids', cutCsv, '--out', out, ...AXES)).code).to.equal(0);
    const steps = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`)).filter((e) => e[2] === 'step');
    expect(steps).to.have.length(replaySteps.length);
    const sides: { [side: string]: string } = { L: 'left', R: 'right', '?': 'n/a' };
    steps.forEach((step, i) => {
      const expected = replaySteps[i];
      // replay's tMs is on the file's clock (from its first stamp, 5000 ms), rounded to whole ms
      expect(Number(step[0]) * 1000, `step ${i}`).to.be.closeTo(expected.tMs - 5000, 0.5);
      expect(Number(step[3]), `step ${i} row`).to.equal(Math.floor(Number(step[0]) * 100 + 1e-9));
      expect(step[4], `step ${i} side`).to.equal(sides[expected.side]);
      expect(step[5], `step ${i} kind`).to.equal(expected.kind);
      expect(step[1], `step ${i} duration`).to.equal(expected.contactMs > 0 ? String(expected.contactMs / 1000) : 'n/a');
      expect(step[7]).to.equal('replay');
    });
  });

  it('puts the rows of a file whose stamps run off whole Hz (102.4 Hz) at that rate, where replay places its steps', async () => {
    // the trial's stamps closer together, as a logger whose clock runs 2.4 % slow writes them
    const lines = trialLines().map((cells) => [(Number(cells[0]) / 1.024).toFixed(3), ...cells.slice(1)].join(','));
    const file = path.join(tmp, 'fast.csv');
    fs.writeFileSync(file, ['t_ms,ax,ay,az,gx,gy,gz', ...lines].join('\n') + '\n');
    const out = path.join(tmp, 'bids-fast');
    expect((await lumbarpod('export', '--bids', file, '--out', out, ...AXES)).code).to.equal(0);
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.json`), 'utf8'));
    expect(sidecar).to.include({ SamplingFrequency: 102.4, SamplingFrequencyEffective: 102.4, RecordingDuration: Number((1246 / 102.4).toFixed(6)) });
    const replaySteps = (await lumbarpod('replay', file, ...AXES)).out.trim().split('\n').map((line) => JSON.parse(line)).filter((r) => r.type === 'step');
    const steps = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`)).filter((e) => e[2] === 'step');
    expect(replaySteps.length).to.be.at.least(8);
    expect(steps.map((e) => Math.round(Number(e[0]) * 1000))).to.deep.equal(replaySteps.map((r) => r.tMs));
    expect(steps.map((e) => Number(e[3]))).to.deep.equal(steps.map((e) => Math.floor(Number(e[0]) * 102.4 + 1e-9)));
  });

  it('places the steps after a clock that started again (a logger that rebooted) at the rows of their samples, as the rows run on without a gap', async () => {
    const RESTART = 600;
    // from line 600 on the stamps start again at 0 and go on: the samples themselves run on
    const lines = trialLines().map((cells, i) => [String(i < RESTART ? Number(cells[0]) : Number(cells[0]) - 6000), ...cells.slice(1)].join(','));
    const file = path.join(tmp, 'rebooted.csv');
    fs.writeFileSync(file, ['t_ms,ax,ay,az,gx,gy,gz', ...lines].join('\n') + '\n');
    const out = path.join(tmp, 'bids-rebooted');
    const run = await lumbarpod('export', '--bids', file, '--out', out, ...AXES);
    expect(run.code, run.err).to.equal(0);
    const motion = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_motion.tsv`));
    expect(motion).to.have.length(1246);
    expect(motion.filter((row) => row[0] === 'n/a')).to.have.length(0);
    // replay places the stretch after the restart 1 s after the sample before it (5990 ms): its
    // sample 600 at 6990 ms, where it is row 600 of the motion file, 6 s from row 0
    const replaySteps = (await lumbarpod('replay', file, ...AXES)).out.trim().split('\n').map((line) => JSON.parse(line)).filter((r) => r.type === 'step');
    const steps = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`)).filter((e) => e[2] === 'step');
    expect(steps).to.have.length(replaySteps.length);
    const after = replaySteps.filter((r) => r.tMs > 6500);
    expect(after.length).to.be.at.least(5);
    expect(steps.map((e) => Math.round(Number(e[0]) * 1000))).to.deep.equal(replaySteps.map((r) => (r.tMs > 6500 ? r.tMs - 990 : r.tMs)));
    expect(steps.map((e) => Number(e[3]))).to.deep.equal(steps.map((e) => Math.floor(Number(e[0]) * 100 + 1e-9)));
    // the restart itself: an event of no length at its row, naming why
    const eventRows = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`));
    const causeColumn = eventRows[0].indexOf('cause');
    const missing = eventRows.filter((e) => e[2] === 'samples_missing');
    expect(missing.map((e) => [Number(e[0]), Number(e[1]), e[causeColumn]])).to.deep.equal([[6, 0, 'clockRestart']]);
    // the same contacts as in the file whose clock ran on: each within a few samples of one of those
    const whole = path.join(tmp, 'bids-whole');
    fs.writeFileSync(path.join(tmp, 'whole.csv'), ['t_ms,ax,ay,az,gx,gy,gz', ...trialLines().map((cells) => cells.join(','))].join('\n') + '\n');
    expect((await lumbarpod('export', '--bids', path.join(tmp, 'whole.csv'), '--out', whole, ...AXES)).code).to.equal(0);
    const wholeRows = tsvRows(path.join(whole, 'sub-01', 'motion', `${STEM}_events.tsv`)).filter((e) => e[2] === 'step').map((e) => Number(e[3]));
    for (const step of steps.filter((e) => Number(e[3]) >= RESTART)) {
      const nearest = Math.min(...wholeRows.map((row) => Math.abs(row - Number(step[3]))));
      expect(nearest, `step at row ${step[3]}`).to.be.at.most(8);
    }
  });

  it('says of the device what the file says and no more: no manufacturer, model, placement, channel status or acquisition time; the axes\' directions only as --axes gives them', async () => {
    const out = path.join(tmp, 'bids-sidecar');
    expect((await lumbarpod('export', '--bids', cutCsv, '--out', out, '--task', 'walking')).code).to.equal(0);
    const stem = 'sub-01_task-walking_tracksys-imu';
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${stem}_motion.json`), 'utf8'));
    expect(sidecar).to.include({
      TaskName: 'walking', SamplingFrequency: 100, SamplingFrequencyEffective: 100, RecordingDuration: 12.46, RecordingType: 'continuous',
      MotionChannelCount: 6, ACCELChannelCount: 3, GYROChannelCount: 3, TrackedPointsCount: 1, MissingValues: 'n/a', TrackingSystemName: 'IMU of cut.csv',
    });
    expect(sidecar).to.not.have.any.keys('Manufacturer', 'ManufacturersModelName', 'SoftwareVersions', 'DeviceSerialNumber');
    const channels = tsvRows(path.join(out, 'sub-01', 'motion', `${stem}_channels.tsv`));
    expect(channels[0]).to.deep.equal(['name', 'component', 'type', 'tracked_point', 'units', 'sampling_frequency', 'reference_frame']);
    expect(channels.slice(1).map((c) => `${c[0]} ${c[4]} ${c[5]}`)).to.deep.equal([
      'acc_x m/s^2 100', 'acc_y m/s^2 100', 'acc_z m/s^2 100', 'gyro_x rad/s 100', 'gyro_y rad/s 100', 'gyro_z rad/s 100',
    ]);
    // no --axes: the board's nominal mounting was only assumed for the detector
    const frame = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${stem}_channels.json`), 'utf8')).reference_frame.Levels.sensor;
    expect(frame).to.not.have.any.keys('SpatialAxes');
    expect(frame.Description).to.match(/not known/);
    expect(fs.existsSync(path.join(out, 'sub-01', 'sub-01_scans.tsv')), 'scans.tsv').to.equal(false);
    const events = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${stem}_events.json`), 'utf8'));
    expect(events.detected_by.Levels).to.have.all.keys('replay', 'n/a');
    // with --axes: x up, y right, z forward
    const told = path.join(tmp, 'bids-axes');
    expect((await lumbarpod('export', '--bids', cutCsv, '--out', told, ...AXES)).code).to.equal(0);
    const toldFrame = JSON.parse(fs.readFileSync(path.join(told, 'sub-01', 'motion', `${STEM}_channels.json`), 'utf8')).reference_frame.Levels.sensor;
    expect(toldFrame.SpatialAxes).to.equal('SRA');
  });

  it('gives scans.tsv the acquisition time where the file\'s stamps are date-times: in UTC where they give a zone, as written where they give none; the BIDS validator passes it', async () => {
    const lines = trialLines();
    // 10:00:00.250 at +01:00 is 09:00:00.250 UTC; the stamps keep the trial's 10 ms steps
    const firstUtcMs = Date.UTC(2024, 2, 1, 9, 0, 0, 250);
    const stamped = (zone: string, shiftMs: number) => lines.map((cells) =>
      [new Date(firstUtcMs + shiftMs + Number(cells[0])).toISOString().slice(0, 23) + zone, ...cells.slice(1)].join(','));
    const cases = [
      { name: 'offset', lines: stamped('+01:00', 3600000), acqTime: '2024-03-01T09:00:00.250Z', description: /in UTC/ },
      { name: 'local', lines: stamped('', 0), acqTime: '2024-03-01T09:00:00.250', description: /local time .* no time zone/ },
    ];
    for (const c of cases) {
      const file = path.join(tmp, `dated-${c.name}.csv`);
      fs.writeFileSync(file, ['t_ms,ax,ay,az,gx,gy,gz', ...c.lines].join('\n') + '\n');
      const out = path.join(tmp, `bids-dated-${c.name}`);
      const run = await lumbarpod('export', '--bids', file, '--out', out, ...AXES);
      expect(run.code, run.err).to.equal(0);
      expect(tsvRows(path.join(out, 'sub-01', 'sub-01_scans.tsv')), c.name).to.deep.equal([['filename', 'acq_time'], [`motion/${STEM}_motion.tsv`, c.acqTime]]);
      const scans = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'sub-01_scans.json'), 'utf8'));
      expect(scans.acq_time.Description, c.name).to.match(c.description);
      const result = runBidsValidator(out);
      expect(result.errors, formatBidsIssues(result.errors)).to.deep.equal([]);
    }
  });

  it('writes n/a rows for the lines with a missing value before the first whole sample and after the last, as for those between, from the file\'s first line; the BIDS validator passes it', async () => {
    const lines = trialLines();
    // the first three lines each lack a value (the third its time stamp), and so do the last two
    const written = lines.map((cells, i) => {
      const out = [...cells];
      if (i === 0) out[1] = 'NaN';
      if (i === 1) out[2] = '';
      if (i === 2) out[0] = 'NaN';
      if (i >= lines.length - 2) out[6] = 'nan';
      return out;
    });
    const firstUtcMs = Date.UTC(2024, 2, 1, 9, 0, 0, 250);
    const cases = [
      { name: 'numbers', stamp: (cell: string) => cell, acqTime: undefined },
      { name: 'dates', stamp: (cell: string) => (cell === 'NaN' ? cell : new Date(firstUtcMs + Number(cell)).toISOString().slice(0, 23)), acqTime: '2024-03-01T09:00:00.250' },
    ];
    for (const c of cases) {
      const file = path.join(tmp, `edges-${c.name}.csv`);
      fs.writeFileSync(file, ['t_ms,ax,ay,az,gx,gy,gz', ...written.map((cells) => [c.stamp(cells[0]), ...cells.slice(1)].join(','))].join('\n') + '\n');
      const out = path.join(tmp, `bids-edges-${c.name}`);
      const run = await lumbarpod('export', '--bids', file, '--out', out, ...AXES);
      expect(run.code, run.err).to.equal(0);
      expect(run.err).to.match(/3 before the first whole sample and 2 after the last are outside the replay/);
      // the rows span the file's lines, 0 to 12450 ms, as for the whole trial
      const motion = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_motion.tsv`));
      expect(motion, c.name).to.have.length(1246);
      const naRows = motion.map((row, r) => (row[0] === 'n/a' ? r : -1)).filter((r) => r >= 0);
      expect(naRows, c.name).to.deep.equal([0, 1, 2, 1244, 1245]);
      expect(Number(motion[3][0]) / MS2_PER_G).to.be.closeTo(Number(lines[3][1]), 1e-6);
      expect(Number(motion[1243][5]) / RADS_PER_DPS).to.be.closeTo(Number(lines[1243][6]), 1e-6);
      const events = tsvRows(path.join(out, 'sub-01', 'motion', `${STEM}_events.tsv`));
      expect(events.filter((e) => e[2] === 'samples_missing'), c.name).to.deep.equal([
        ['0', '0.03', 'samples_missing', '0', 'n/a', 'n/a', 'n/a', 'n/a'],
        ['12.44', '0.02', 'samples_missing', '1244', 'n/a', 'n/a', 'n/a', 'n/a'],
      ]);
      // the steps at their times from the first line (0 ms), where replay puts them on the file's clock
      if (c.name === 'numbers') {
        const replaySteps = (await lumbarpod('replay', file, ...AXES)).out.trim().split('\n').map((line) => JSON.parse(line)).filter((r) => r.type === 'step');
        const steps = events.filter((e) => e[2] === 'step');
        expect(replaySteps.length).to.be.at.least(8);
        expect(steps.map((e) => Math.round(Number(e[0]) * 1000))).to.deep.equal(replaySteps.map((r) => r.tMs));
      }
      const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', `${STEM}_motion.json`), 'utf8'));
      expect(sidecar).to.include({ RecordingDuration: 12.46 });
      if (c.acqTime !== undefined) {
        // the first row's time: the first line's stamp, three periods before the first whole sample's
        expect(tsvRows(path.join(out, 'sub-01', 'sub-01_scans.tsv'))[1]).to.deep.equal([`motion/${STEM}_motion.tsv`, c.acqTime]);
        const scans = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'sub-01_scans.json'), 'utf8'));
        expect(scans.acq_time.Description).to.match(/first row.*less the 3 sample periods/);
      }
      const result = runBidsValidator(out);
      expect(result.errors, formatBidsIssues(result.errors)).to.deep.equal([]);
    }
  });

  it('names the task from the steps the detector finds where --task does not: walking for a walk, running for a run, with a note saying why; --task overrides it', async () => {
    const walk = path.join(tmp, 'walk.csv');
    fs.writeFileSync(walk, ['t_ms,ax,ay,az,gx,gy,gz', ...trialLines().map((cells) => cells.join(','))].join('\n') + '\n');
    const out = path.join(tmp, 'bids-task');
    const walked = await lumbarpod('export', '--bids', walk, '--out', out, ...AXES);
    expect(walked.code, walked.err).to.equal(0);
    expect(walked.err).to.contain(`lumbarpod: note: ${walk}: task walking: the detector finds 0 running and 10 walking steps in it (--task names the task)\n`);
    const sidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-01', 'motion', 'sub-01_task-walking_tracksys-imu_motion.json'), 'utf8'));
    expect(sidecar.TaskName).to.equal('walking');
    expect(sidecar.TaskDescription).to.match(/No task was given when exporting: the task label is named from those steps \(0 running, 10 walking\)/);
    // the bundled synthetic run: running steps
    const run = path.resolve(__dirname, '..', '..', '..', 'examples', 'synthetic', 'run-172spm-fatigue.csv');
    const ran = await lumbarpod('export', '--bids', run, '--out', out, '--subject', '02');
    expect(ran.code, ran.err).to.equal(0);
    expect(ran.err).to.match(/note: .*: task running: the detector finds \d+ running and 0 walking steps in it/);
    expect(fs.existsSync(path.join(out, 'sub-02', 'motion', 'sub-02_task-running_tracksys-imu_motion.tsv'))).to.equal(true);
    // --task names it, and no note is given
    const told = await lumbarpod('export', '--bids', walk, '--out', out, ...AXES, '--subject', '03', '--task', 'treadmill');
    expect(told.code, told.err).to.equal(0);
    expect(told.err).to.not.contain('task');
    const toldSidecar = JSON.parse(fs.readFileSync(path.join(out, 'sub-03', 'motion', 'sub-03_task-treadmill_tracksys-imu_motion.json'), 'utf8'));
    expect(toldSidecar.TaskName).to.equal('treadmill');
    expect(toldSidecar.TaskDescription).to.not.match(/No task was given/);
    const result = runBidsValidator(out);
    expect(result.errors, formatBidsIssues(result.errors)).to.deep.equal([]);
  });

  it('keeps values finer than the board\'s resolution and beyond its range as the file gives them, in mg and rad/s as read', async () => {
    // 2 s at 50 Hz, gravity on x in mg; a 20 g spike (past the Puck.js v2's 16 g) and a gyro value of 0.00001 rad/s (a hundredth of a count)
    const lines = ['time,AccX,AccY,AccZ,GyrX,GyrY,GyrZ'];
    for (let i = 0; i < 100; i++) {
      const ax = i === 50 ? '20000' : '1000.1';
      lines.push(`${(i * 0.02).toFixed(2)},${ax},0.3,-0.2,0.00001,-0.5,0`);
    }
    const file = path.join(tmp, 'fine.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const run = await lumbarpod('export', '--bids', file, '--columns', 't_s=time,ax=AccX,ay=AccY,az=AccZ,gx=GyrX,gy=GyrY,gz=GyrZ', '--acc-unit', 'mg', '--gyro-unit', 'rads');
    expect(run.code, run.err).to.equal(0);
    // the default --out: beside the file, its name without .csv
    // no steps in it: what was done is not known
    const rows = tsvRows(path.join(tmp, 'fine-bids', 'sub-01', 'motion', 'sub-01_task-unknown_tracksys-imu_motion.tsv'));
    expect(rows).to.have.length(100);
    expect(rows[0]).to.deep.equal(['9.807631', '0.002942', '-0.001961', '0.00001', '-0.5', '0']);
    expect(rows[50][0]).to.equal('196.133');
  });

  it('refuses a file with a bad line in one line, naming it, and writes nothing', async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(TRIAL)).toString('utf8').trim().split('\n');
    lines[400] = '3990,0.9,abc,0.1,1,2,3';
    const file = path.join(tmp, 'bad.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const out = path.join(tmp, 'bids-bad');
    const run = await lumbarpod('export', '--bids', file, '--out', out, ...AXES);
    expect(run.code).to.equal(1);
    expect(expectOneErrorLine(run.err)).to.equal(`lumbarpod: ${file}: line 401, column ay: 'abc' is not a number; nothing written`);
    expect(fs.existsSync(out)).to.equal(false);
  });
});
