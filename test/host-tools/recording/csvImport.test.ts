import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { PUCKJS2_BOARD } from '../../../boards/puckjs2';
import { SAMPLE_STRIDE } from '../../../firmware/core/pipeline';
import {
  CsvImportOptions,
  CsvImportResult,
  importCsvFile,
  importCsvText,
  parseCsvColumnMap,
} from '../../../host-tools/recording/csvImport';
import { ImuRecording } from '../../../host-tools/recording/imuRecording';
import { replayRecording } from '../../../host-tools/replay/replayRecording';
import { syntheticToCsv } from '../../../host-tools/synthetic/csv';
import { EXAMPLE_RUN_FILE, EXAMPLE_RUN_OPTIONS } from '../../../host-tools/synthetic/exampleRun';
import { SyntheticRun, generateSynthetic } from '../../../host-tools/synthetic/generate';
import { Prng, createPrng } from '../../../host-tools/synthetic/prng';

const OPTIONS: CsvImportOptions = { scale: PUCKJS2_BOARD.scale, axisMap: PUCKJS2_BOARD.axisMap };
const HEADER = 't_ms,ax,ay,az,gx,gy,gz';
// the real walking trial bundled with the project (examples/mobgap, Apache-2.0)
const MOBGAP = path.resolve(__dirname, '..', '..', '..', 'examples', 'mobgap', 'HA-001_Test5_Trial1.csv');

/** `count` rows at `rateHz`, standing still (1 g on x), times in ms with `decimals` digits */
function steadyCsv(count: number, rateHz: number, decimals = 3, skip: (i: number) => boolean = () => false): string {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    if (!skip(i)) lines.push(`${((i * 1000) / rateHz).toFixed(decimals)},1,0,0,0,0,0`);
  }
  return lines.join('\n') + '\n';
}

// the real 2-minute walking trial at its own 100 Hz, t_ms exact (test/fixtures/mobgap-lowerback, Apache-2.0)
const WALK_100HZ = path.resolve(__dirname, '..', '..', 'fixtures', 'mobgap-lowerback', 'HA-001_Test11_Trial1.csv.gz');

/** the 2-minute trial's rows: each sample's exact time and its six values as the file writes them */
function walkRows(): Array<{ tMs: number; values: string }> {
  const lines = zlib.gunzipSync(fs.readFileSync(WALK_100HZ)).toString('utf8').trimEnd().split('\n').slice(1);
  return lines.map((line) => ({ tMs: Number(line.slice(0, line.indexOf(','))), values: line.slice(line.indexOf(',') + 1) }));
}

/** the t_s stamps of a CSV, as written */
function stampsOf(csv: string): string[] {
  return csv.trimEnd().split('\n').slice(1).map((line) => line.slice(0, line.indexOf(',')));
}

/** the first row whose stamp repeats the one before, as a sample index */
function firstRepeatOf(stamps: string[]): number {
  return stamps.findIndex((stamp, i) => i > 0 && stamp === stamps[i - 1]);
}

/** the mobgap trial's six values per sample, as the file writes them */
function mobgapValues(): string[] {
  return fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n').slice(1).map((line) => line.slice(line.indexOf(',') + 1));
}

/** where restamped rows start: not on a round time, so the rounding falls differently on every stamp */
const RESTAMPED_START_S = 3.217;

/**
 * Rows of `values` stamped t_s = RESTAMPED_START_S + i / rateHz, written with `decimals` digits
 * (6: to the microsecond, as exact as a stamp need be); the samples `dropped` says are left out.
 */
function restampedCsv(values: string[], rateHz: number, decimals: number, dropped: (i: number) => boolean = () => false): string {
  const lines = ['t_s,ax,ay,az,gx,gy,gz'];
  for (let i = 0; i < values.length; i++) {
    if (!dropped(i)) lines.push(`${(RESTAMPED_START_S + i / rateHz).toFixed(decimals)},${values[i]}`);
  }
  return lines.join('\n') + '\n';
}

/** the samples a stamp written with `decimals` digits repeats: how many rows of restampedCsv repeat the one before */
function repeatedStampsOf(csv: string): number {
  const stamps = csv.trimEnd().split('\n').slice(1).map((line) => line.slice(0, line.indexOf(',')));
  return stamps.filter((stamp, i) => i > 0 && stamp === stamps[i - 1]).length;
}

/** the same samples, rate and gaps as `exact`, and every time (gap ends too) within toleranceMs of its */
function expectSameRecording(recording: ImuRecording, exact: ImuRecording, toleranceMs: number, what: string): void {
  expect(recording.sampleCount, what).to.equal(exact.sampleCount);
  const bytes = exact.sampleCount * SAMPLE_STRIDE * 2;
  expect(Buffer.from(recording.samplesCounts.buffer, 0, bytes).equals(Buffer.from(exact.samplesCounts.buffer, 0, bytes)), `${what}: samples`).to.equal(true);
  expect(recording.sampleRateHz, what).to.equal(exact.sampleRateHz);
  expect(recording.stampRateHz, what).to.equal(exact.stampRateHz);
  expect(recording.gaps.map((gap) => [gap.beforeSample, gap.missingSamples]), `${what}: gaps`).to.deep.equal(exact.gaps.map((gap) => [gap.beforeSample, gap.missingSamples]));
  recording.gaps.forEach((gap, g) => {
    expect(gap.startMs, `${what}: gap ${g} start`).to.be.closeTo(exact.gaps[g].startMs, toleranceMs);
    expect(gap.endMs, `${what}: gap ${g} end`).to.be.closeTo(exact.gaps[g].endMs, toleranceMs);
  });
  let furthestMs = 0;
  for (let i = 0; i < exact.sampleCount; i++) furthestMs = Math.max(furthestMs, Math.abs(recording.timesMs[i] - exact.timesMs[i]));
  expect(furthestMs, `${what}: furthest time from the exact one, ms`).to.be.at.most(toleranceMs);
}

/** the runs of the bundled example (5 s standing, then running at 172 spm) cut to 95 s, by rate */
const runs = new Map<number, { run: SyntheticRun; rows: string[] }>();

/** the example run at `rateHz`, and its rows' six values as the CSV writes them */
function runAt(rateHz: number): { run: SyntheticRun; rows: string[] } {
  let found = runs.get(rateHz);
  if (found === undefined) {
    const segments = EXAMPLE_RUN_OPTIONS.segments!.map((segment) => (segment.kind === 'running' ? { ...segment, durationS: 90 } : segment));
    const run = generateSynthetic({ ...EXAMPLE_RUN_OPTIONS, sampleRateHz: rateHz, segments: segments });
    found = { run: run, rows: syntheticToCsv(run).trimEnd().split('\n').slice(1).map((line) => line.slice(line.indexOf(',') + 1)) };
    runs.set(rateHz, found);
  }
  return found;
}

function recordingOf(result: CsvImportResult): ImuRecording {
  expect(result.recording, result.error && result.error.message).to.not.equal(undefined);
  return result.recording as ImuRecording;
}

function sample(recording: ImuRecording, index: number): number[] {
  return Array.from(recording.samplesCounts.subarray(index * SAMPLE_STRIDE, (index + 1) * SAMPLE_STRIDE));
}

describe('csvImport', () => {
  describe('values', () => {
    it('converts g and deg/s into counts of the board scale, rounded to nearest', () => {
      const text = `${HEADER}\n0,1,0.5,-0.25,100,-100,0.035\n10,0,0,0,0,0,0\n`;
      const recording = recordingOf(importCsvText(text, OPTIONS));
      expect(recording.sampleCount).to.equal(2);
      // 1 g = 1e6 ug / 488 ug = 2049.18; 100 dps = 1e5 mdps / 70 mdps = 1428.57; 0.035 dps = 0.5
      expect(sample(recording, 0)).to.deep.equal([2049, 1025, -512, 1429, -1429, 1]);
      expect(sample(recording, 1)).to.deep.equal([0, 0, 0, 0, 0, 0]);
      expect(Array.from(recording.timesMs.subarray(0, 2))).to.deep.equal([0, 10]);
    });

    it('reads m/s^2 and mg accelerometers and rad/s gyroscopes', () => {
      const ms2 = recordingOf(
        importCsvText(`${HEADER}\n0,9.80665,-4.903325,0,3.141592653589793,0,0\n10,0,0,0,0,0,0\n`, {
          ...OPTIONS,
          accUnit: 'ms2',
          gyroUnit: 'rads',
        }),
      );
      // pi rad/s = 180 dps = 180000 mdps / 70 = 2571.43
      expect(sample(ms2, 0)).to.deep.equal([2049, -1025, 0, 2571, 0, 0]);
      const mg = recordingOf(importCsvText(`${HEADER}\n0,1000,-250,0,0,0,0\n10,0,0,0,0,0,0\n`, { ...OPTIONS, accUnit: 'mg' }));
      expect(sample(mg, 0)).to.deep.equal([2049, -512, 0, 0, 0, 0]);
    });

    it('clamps values past full scale to +-32767 and counts those samples as saturated', () => {
      const text = `${HEADER}\n0,20,-20,0,0,0,0\n10,0,0,0,0,0,3000\n20,1,0,0,0,0,0\n`;
      const recording = recordingOf(importCsvText(text, OPTIONS));
      expect(sample(recording, 0).slice(0, 2)).to.deep.equal([32767, -32767]);
      expect(sample(recording, 1)[5]).to.equal(32767);
      expect(recording.saturatedSamples).to.equal(2);
    });

    it('reads t_s as seconds', () => {
      const text = 't_s,ax,ay,az,gx,gy,gz\n0.00,1,0,0,0,0,0\n0.01,1,0,0,0,0,0\n0.02,1,0,0,0,0,0\n';
      const recording = recordingOf(importCsvText(text, OPTIONS));
      expect(Array.from(recording.timesMs.subarray(0, 3))).to.deep.equal([0, 10, 20]);
      expect(recording.sampleRateHz).to.equal(100);
    });

    it('reads t_us as microseconds, from a logger\'s clock far from 0: the trial stamped so has the samples, times (within 0.001 ms), rate and gap of the trial in ms', () => {
      const T0_US = 1700000000123456;
      const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n').slice(1).filter((_, i) => i < 600 || i >= 605);
      const inMs = recordingOf(importCsvText(['t_ms,ax,ay,az,gx,gy,gz', ...rows].join('\n') + '\n', OPTIONS));
      const inUs = ['t_us,ax,ay,az,gx,gy,gz', ...rows.map((row) => `${T0_US + Number(row.slice(0, row.indexOf(','))) * 1000}${row.slice(row.indexOf(','))}`)];
      const result = importCsvText(inUs.join('\n') + '\n', OPTIONS);
      expect(result.warnings).to.deep.equal([]);
      const recording = recordingOf(result);
      const shifted = { ...inMs, timesMs: inMs.timesMs.map((tMs) => tMs + T0_US / 1000), gaps: inMs.gaps.map((gap) => ({ ...gap, startMs: gap.startMs + T0_US / 1000, endMs: gap.endMs + T0_US / 1000 })) };
      expectSameRecording(recording, shifted, 0.001, 't_us');
      expect(recording.gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[600, 5]]);
      // by a column map too, the header's name kept
      const mapped = importCsvText(inUs.join('\n').replace(/^t_us/, 'Timestamp (us)') + '\n', { ...OPTIONS, columns: parseCsvColumnMap('t_us=Timestamp (us)') });
      expectSameRecording(recordingOf(mapped), shifted, 0.001, 'mapped');
    });

    it('reads t_ns as nanoseconds, from a clock counting them since 1970 as Android\'s sensor events do (past 2^53): the trial stamped so has the samples, times (within 0.001 ms), rate and gap of the trial in ms; written under t_us they are refused, naming t_ns', () => {
      const T0_NS = BigInt('1709287200123456789');
      const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n').slice(1).filter((_, i) => i < 600 || i >= 605);
      const inMs = recordingOf(importCsvText(['t_ms,ax,ay,az,gx,gy,gz', ...rows].join('\n') + '\n', OPTIONS));
      const inNs = ['t_ns,ax,ay,az,gx,gy,gz', ...rows.map((row) => `${T0_NS + BigInt(Number(row.slice(0, row.indexOf(','))) * 1000000)}${row.slice(row.indexOf(','))}`)];
      const result = importCsvText(inNs.join('\n') + '\n', OPTIONS);
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([]);
      const recording = recordingOf(result);
      const t0Ms = Number(T0_NS) / 1e6;
      const shifted = { ...inMs, timesMs: inMs.timesMs.map((tMs) => tMs + t0Ms), gaps: inMs.gaps.map((gap) => ({ ...gap, startMs: gap.startMs + t0Ms, endMs: gap.endMs + t0Ms })) };
      expectSameRecording(recording, shifted, 0.001, 't_ns');
      expect(recording.gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[600, 5]]);
      const asMicroseconds = importCsvText(inNs.join('\n').replace(/^t_ns/, 'time') + '\n', { ...OPTIONS, columns: parseCsvColumnMap('t_us=time') });
      expect(asMicroseconds.recording).to.equal(undefined);
      expect(asMicroseconds.error && asMicroseconds.error.message).to.equal(
        "the time stamps of t_us ('time'), read as microseconds, give 0.1 Hz, a rate no IMU samples at; read as nanoseconds they give 100 Hz. If they are in nanoseconds, read them with --columns t_ns=time",
      );
    });

    it('refuses stamps read in a unit 1000 times off (microseconds as ms, ms as seconds, seconds as ms), naming the unit whose rate is an IMU\'s and the --columns that reads them so, with nothing imported; with --rate, imports them with that warning', () => {
      const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n').slice(1);
      const restamped = (header: string, stamp: (tMs: number) => string): string =>
        [header, ...rows.map((row) => `${stamp(Number(row.slice(0, row.indexOf(','))))}${row.slice(row.indexOf(','))}`)].join('\n') + '\n';
      for (const [what, text, message] of [
        ['microseconds in t_ms', restamped('t_ms,ax,ay,az,gx,gy,gz', (tMs) => String(tMs * 1000)),
          "the time stamps of t_ms, read as ms, give 0.1 Hz, a rate no IMU samples at; read as microseconds they give 100 Hz. If they are in microseconds, read them with --columns t_us=t_ms"],
        ['ms in t_s', restamped('t_s,ax,ay,az,gx,gy,gz', (tMs) => String(tMs)),
          'the time stamps of t_s, read as seconds, give 0.1 Hz, a rate no IMU samples at; read as ms they give 100 Hz. If they are in ms, read them with --columns t_ms=t_s'],
        ['seconds in t_ms', restamped('t_ms,ax,ay,az,gx,gy,gz', (tMs) => (tMs / 1000).toFixed(2)),
          'the time stamps of t_ms, read as ms, give 100000 Hz, a rate no IMU samples at; read as seconds they give 100 Hz. If they are in seconds, read them with --columns t_s=t_ms'],
      ] as Array<[string, string, string]>) {
        const refused = importCsvText(text, OPTIONS);
        expect(refused.recording, what).to.equal(undefined);
        expect(refused.error && refused.error.message, what).to.equal(message);
        const atRate = importCsvText(text, { ...OPTIONS, rateHz: 100 });
        expect(atRate.warnings[0], what).to.equal(message);
        expect(recordingOf(atRate).sampleCount, what).to.equal(rows.length);
      }
    });

    it('skips a row of units under the header that agrees with the units read in, the samples and line numbers as without it; one that names units not known here is skipped with a warning', () => {
      const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
      const plain = recordingOf(importCsvText(rows.join('\n') + '\n', OPTIONS));
      for (const units of ['ms,g,g,g,deg/s,deg/s,deg/s', '[ms],(g),(g),(g),[°/s],[°/s],[°/s]', 'mSecs,g,g,g,dps,dps,dps']) {
        const result = importCsvText([rows[0], units, ...rows.slice(1)].join('\n') + '\n', OPTIONS);
        expect(result.warnings, units).to.deep.equal([]);
        expectSameRecording(recordingOf(result), plain, 0, units);
      }
      const withBad = [rows[0], 'ms,g,g,g,deg/s,deg/s,deg/s', ...rows.slice(1)];
      withBad[500] = withBad[500].replace(/^(\d+),[^,]*/, '$1,oops'); // sample 497
      const bad = importCsvText(withBad.join('\n') + '\n', OPTIONS);
      expect(bad.error && bad.error.message).to.equal("line 501, column ax: 'oops' is not a number");
      expect(recordingOf(bad).sampleCount).to.equal(498);
      const unknown = importCsvText([rows[0], 'ms,CAL,CAL,CAL,deg/s,deg/s,deg/s', ...rows.slice(1)].join('\n') + '\n', OPTIONS);
      expect(unknown.warnings).to.deep.equal([
        "line 2 holds the columns' units, not a sample, and is skipped; 'CAL' (ax), 'CAL' (ay), 'CAL' (az) are no units known here: the values are read in g and dps as told",
      ]);
      expectSameRecording(recordingOf(unknown), plain, 0, 'CAL');
    });

    it('refuses a file whose row of units names other units than the values are read in, naming the option that reads them so, with nothing imported', () => {
      const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
      const text = [rows[0], 's,m/s^2,m/s^2,m/s^2,rad/s,rad/s,rad/s', ...rows.slice(1)].join('\n') + '\n';
      const result = importCsvText(text, OPTIONS);
      expect(result.recording).to.equal(undefined);
      expect(result.error && result.error.message).to.equal(
        'line 2: the units under the header give t_ms in seconds, where it is read in ms: read it with --columns t_s=t_ms; ' +
          'the accelerometer in m/s^2, where it is read in g: read it with --acc-unit ms2; the gyroscope in rad/s, where it is read in dps: read it with --gyro-unit rads',
      );
      const told = importCsvText(text, { ...OPTIONS, accUnit: 'ms2', gyroUnit: 'rads', columns: parseCsvColumnMap('t_s=t_ms') });
      expect(told.error && told.error.message).to.match(/the accelerometer values look like g, not m\/s\^2/);
    });

    it('finds columns by the names given in a column map, in any order, ignoring extra columns', () => {
      const text = 'temp,GyrZ,time,AccX,AccY,AccZ,GyrX,GyrY\n25,7,0,1,2,3,4,5\n25,0,10,0,0,0,0,0\n';
      const columns = parseCsvColumnMap('t_ms=time,ax=AccX,ay=AccY,az=AccZ,gx=GyrX,gy=GyrY,gz=GyrZ');
      const recording = recordingOf(importCsvText(text, { ...OPTIONS, columns: columns }));
      expect(sample(recording, 0)).to.deep.equal([2049, 4098, 6148, 57, 71, 100]);
    });

    it('rejects a column map with an unknown column name or a missing header name', () => {
      expect(() => parseCsvColumnMap('acc_x=AccX')).to.throw(/unknown column 'acc_x'/);
      expect(() => parseCsvColumnMap('ax=')).to.throw(/needs a header name/);
      expect(() => parseCsvColumnMap('t_ms=a,t_s=b')).to.throw(/map one time column, not t_ms and t_s/);
      expect(() => parseCsvColumnMap('t_us=a,t_s=b')).to.throw(/map one time column, not t_s and t_us/);
    });

    it('skips empty lines and a trailing CRLF without shifting line numbers', () => {
      const text = `${HEADER}\r\n0,1,0,0,0,0,0\r\n\r\n10,1,0,0,0,0,0\r\n20,1,oops,0,0,0,0\r\n`;
      const result = importCsvText(text, OPTIONS);
      expect(recordingOf(result).sampleCount).to.equal(2);
      expect(result.error && result.error.line).to.equal(5);
    });
  });

  describe('sample rate and gaps', () => {
    it('infers 100 Hz from whole-ms time stamps', () => {
      const result = importCsvText(steadyCsv(500, 100, 0), OPTIONS);
      expect(recordingOf(result).sampleRateHz).to.equal(100);
      expect(result.inferredRateHz).to.be.closeTo(100, 0.01);
      expect(recordingOf(result).gaps).to.deep.equal([]);
    });

    it('infers 104 Hz from fractional time stamps and from time stamps rounded to whole ms', () => {
      expect(recordingOf(importCsvText(steadyCsv(520, 104, 3), OPTIONS)).sampleRateHz).to.equal(104);
      // rounded: intervals of 9 and 10 ms, median 10 ms, yet the mean gives 104 Hz
      const rounded = importCsvText(steadyCsv(520, 104, 0), OPTIONS);
      expect(recordingOf(rounded).sampleRateHz).to.equal(104);
      expect(recordingOf(rounded).gaps).to.deep.equal([]);
    });

    it('infers 100 Hz from time stamps that alternate 7 and 13 ms apart (a logger stamping late every other sample), with no gaps', () => {
      // 502 rows: 251 intervals of the first kind and 250 of the other, which alone is then the median
      for (const first of [7, 13]) {
        const lines = [HEADER];
        let t = 0;
        for (let i = 0; i < 502; i++) {
          lines.push(`${t},1,0,0,0,0,0`);
          t += i % 2 === 0 ? first : 20 - first;
        }
        const result = importCsvText(lines.join('\n') + '\n', OPTIONS);
        expect(recordingOf(result).sampleRateHz, `${first} ms first`).to.equal(100);
        expect(recordingOf(result).gaps, `${first} ms first`).to.deep.equal([]);
      }
    });

    it('time stamps at 102.4 Hz: the detector\'s whole 102 Hz, the stamps\' rate kept for replay\'s clock, and a warning saying durations come out 0.4 % long', () => {
      const result = importCsvText(steadyCsv(2000, 102.4, 3), OPTIONS);
      expect(recordingOf(result).sampleRateHz).to.equal(102);
      expect(recordingOf(result).stampRateHz).to.be.closeTo(102.4, 0.001);
      expect(result.warnings).to.have.length(1);
      expect(result.warnings[0]).to.match(/102\.40 Hz; the detector runs at whole Hz, so at 102 Hz: .* 0\.4 % long and cadence 0\.4 % low$/);
      // a gap counts the samples lost at the stamps' rate: 3000 of them, not the 2988 of 102 Hz
      const gapped = recordingOf(importCsvText(steadyCsv(8000, 102.4, 3, (i) => i >= 4000 && i < 7000), OPTIONS));
      expect(gapped.gaps.map((g) => g.missingSamples)).to.deep.equal([3000]);
      // at a whole rate, rounded stamps included, nothing to tell
      for (const rounded of [0, 3]) {
        const whole = importCsvText(steadyCsv(2000, 104, rounded), OPTIONS);
        expect(recordingOf(whole).stampRateHz, `${rounded} decimals`).to.equal(undefined);
        expect(whole.warnings).to.deep.equal([]);
      }
    });

    it('uses a given rate over the inferred one and warns when they are far apart', () => {
      const result = importCsvText(steadyCsv(300, 100, 0), { ...OPTIONS, rateHz: 104 });
      expect(recordingOf(result).sampleRateHz).to.equal(104);
      expect(result.warnings).to.have.length(1);
      expect(result.warnings[0]).to.match(/100 Hz.*104 Hz/);
      expect(importCsvText(steadyCsv(300, 100, 0), { ...OPTIONS, rateHz: 100 }).warnings).to.deep.equal([]);
    });

    it('times each sample at a given rate from the first stamp, the samples a gap lost counted, as the detector does: the stamps say only where samples are missing', () => {
      // 100 Hz stamps with samples 50 to 54 lost (60 ms between the stamps either side), read at 50 Hz
      const recording = recordingOf(importCsvText(steadyCsv(300, 100, 0, (i) => i >= 50 && i < 55), { ...OPTIONS, rateHz: 50 }));
      expect(recording.sampleCount).to.equal(295);
      // 60 ms is 3 periods at 50 Hz: 2 samples missing
      expect(recording.gaps).to.deep.equal([{ startMs: 49 * 20, endMs: (50 + 2) * 20, missingSamples: 2, beforeSample: 50 }]);
      expect([recording.timesMs[0], recording.timesMs[1], recording.timesMs[49], recording.timesMs[50], recording.timesMs[294]])
        .to.deep.equal([0, 20, 980, 1040, (294 + 2) * 20]);
    });

    it('reports a gap with its start, end and exact missing sample count, and keeps no made-up samples', () => {
      const result = importCsvText(steadyCsv(300, 100, 0, (i) => i >= 50 && i < 55), OPTIONS);
      const recording = recordingOf(result);
      expect(recording.sampleCount).to.equal(295);
      expect(recording.sampleRateHz).to.equal(100);
      expect(recording.gaps).to.deep.equal([{ startMs: 490, endMs: 550, missingSamples: 5, beforeSample: 50 }]);
    });

    it('counts missing samples at 104 Hz with whole-ms time stamps', () => {
      const skip = (i: number) => (i >= 100 && i < 103) || i === 200;
      const recording = recordingOf(importCsvText(steadyCsv(520, 104, 0, skip), OPTIONS));
      expect(recording.sampleRateHz).to.equal(104);
      expect(recording.gaps.map((gap) => gap.missingSamples)).to.deep.equal([3, 1]);
    });
  });

  describe('units', () => {
    /** the 2-minute trial with its accelerometer columns times `accFactor` and gyroscope columns times `gyroFactor` */
    function walkScaled(accFactor: number, gyroFactor = 1): string {
      const lines = [HEADER];
      for (const row of walkRows()) {
        const values = row.values.split(',').map(Number);
        const scaled = values.map((value, k) => (value * (k < 3 ? accFactor : gyroFactor)).toPrecision(7));
        lines.push(`${row.tMs},${scaled.join(',')}`);
      }
      return lines.join('\n') + '\n';
    }

    it('refuses m/s^2 or mg read as g, and g read as m/s^2 or mg, naming the unit gravity says and --acc-unit, with nothing imported', () => {
      const cases: Array<{ factor: number; declared: 'g' | 'mg' | 'ms2'; likely: string; option: string }> = [
        { factor: 9.80665, declared: 'g', likely: 'm/s\\^2', option: 'ms2' },
        { factor: 1000, declared: 'g', likely: 'mg', option: 'mg' },
        { factor: 1, declared: 'ms2', likely: 'g', option: 'g' },
        { factor: 1, declared: 'mg', likely: 'g', option: 'g' },
      ];
      for (const { factor, declared, likely, option } of cases) {
        const result = importCsvText(walkScaled(factor), { ...OPTIONS, accUnit: declared });
        const what = `x${factor} read as ${declared}`;
        expect(result.recording, what).to.equal(undefined);
        expect(result.error, what).to.not.equal(undefined);
        expect(result.error!.message, what).to.match(new RegExp(`look like ${likely}, not `));
        expect(result.error!.message, what).to.include(`--acc-unit ${option}`);
        // the trial's median magnitude is 0.98 g
        const median = Number(/median magnitude, ([0-9.]+)/.exec(result.error!.message)![1]);
        expect(median, what).to.be.closeTo(0.98 * factor, 0.01 * factor);
      }
    });

    it('warns of gyroscope values that look like rad/s read as dps (a walking runner turning under 10), or dps read as rad/s (faster than the IMU can), naming --gyro-unit; imports them as told', () => {
      const toRadS = Math.PI / 180;
      const cases: Array<{ gyroFactor: number; declared: 'dps' | 'rads'; likely: string; option: string; why: RegExp }> = [
        { gyroFactor: toRadS, declared: 'dps', likely: 'rad/s', option: 'rads', why: /99 % of them are below [0-9.]+ dps, where a moving runner's lower back turns faster/ },
        { gyroFactor: 1, declared: 'rads', likely: 'dps', option: 'dps', why: /1 % of them reach [0-9.]+ rad\/s, faster than the IMU can measure/ },
      ];
      for (const { gyroFactor, declared, likely, option, why } of cases) {
        const result = importCsvText(walkScaled(1, gyroFactor), { ...OPTIONS, gyroUnit: declared });
        const what = `gyro x${gyroFactor.toPrecision(3)} read as ${declared}`;
        expect(result.error, what).to.equal(undefined);
        expect(recordingOf(result).sampleCount, what).to.be.above(10000);
        const warning = result.warnings.find((w) => w.includes('gyroscope'));
        expect(warning, what).to.match(new RegExp(`look like ${likely}, not `));
        expect(warning, what).to.include(`--gyro-unit ${option}`);
        expect(warning, what).to.match(why);
      }
      // told right, no warning: the trial in dps, and the same in rad/s read as rad/s
      expect(importCsvText(walkScaled(1), OPTIONS).warnings.filter((w) => w.includes('gyroscope'))).to.deep.equal([]);
      expect(importCsvText(walkScaled(1, toRadS), { ...OPTIONS, gyroUnit: 'rads' }).warnings.filter((w) => w.includes('gyroscope'))).to.deep.equal([]);
      // a pod lying still turns at nothing in any unit: no warning
      expect(importCsvText(steadyCsv(500, 100, 0), OPTIONS).warnings.filter((w) => w.includes('gyroscope'))).to.deep.equal([]);
    });

    it('reads the same trial in m/s^2 and in mg to the counts of the g file when told the unit', () => {
      const inG = recordingOf(importCsvText(walkScaled(1), OPTIONS));
      for (const [factor, unit] of [[9.80665, 'ms2'], [1000, 'mg']] as Array<[number, 'ms2' | 'mg']>) {
        const result = importCsvText(walkScaled(factor), { ...OPTIONS, accUnit: unit });
        expect(result.error, unit).to.equal(undefined);
        const recording = recordingOf(result);
        expect(recording.sampleCount, unit).to.equal(inG.sampleCount);
        let furthest = 0;
        for (let i = 0; i < recording.sampleCount * SAMPLE_STRIDE; i++) {
          furthest = Math.max(furthest, Math.abs(recording.samplesCounts[i] - inG.samplesCounts[i]));
        }
        // 7 significant digits of a value in g is well under a count of 0.488 mg
        expect(furthest, `${unit}: furthest count from the g file's`).to.be.at.most(1);
      }
    });

    it('leaves an accelerometer alone whose median magnitude is gravity in no unit (a synthetic or gravity-free signal), and a file too short to tell', () => {
      const zeros = importCsvText(steadyCsv(500, 100, 0).replace(/,1,0,0,0,0,0/g, ',0,0,0,0,0,0'), OPTIONS);
      expect(zeros.error).to.equal(undefined);
      expect(recordingOf(zeros).sampleCount).to.equal(500);
      const threeG = importCsvText(steadyCsv(500, 100, 0).replace(/,1,0,0,0,0,0/g, ',3,0,0,0,0,0'), OPTIONS);
      expect(threeG.error).to.equal(undefined);
      const short = importCsvText(`${HEADER}\n0,9.81,0,0,0,0,0\n10,9.81,0,0,0,0,0\n`, OPTIONS);
      expect(short.error).to.equal(undefined);
    });
  });

  describe('a sample rate that changes inside the file', () => {
    /** the trial's rows stamped `periodMs(i)` after the one before, t_ms to `decimals` digits; rows `dropped` says are left out */
    function walkStamped(periodMs: (i: number) => number, decimals = 0, dropped: (i: number) => boolean = () => false, lateMs: (i: number) => number = () => 0): string {
      const lines = [HEADER];
      let tMs = 0;
      walkRows().forEach((row, i) => {
        if (i > 0) tMs += periodMs(i);
        if (!dropped(i)) lines.push(`${(tMs + lateMs(i)).toFixed(decimals)},${row.values}`);
      });
      return lines.join('\n') + '\n';
    }

    it('100 Hz, then 50 Hz from sample 3000 on: the line where it changes, both rates, and the 3000 samples before it kept at 100 Hz with no gaps', () => {
      const result = importCsvText(walkStamped((i) => (i < 3000 ? 10 : 20)), OPTIONS);
      const recording = recordingOf(result);
      expect(recording.sampleCount).to.equal(3000);
      expect(recording.sampleRateHz).to.equal(100);
      expect(recording.gaps).to.deep.equal([]);
      // header on line 1, sample 3000 on line 3002
      expect(result.error && result.error.line).to.equal(3002);
      expect(result.error!.message).to.match(/from 100 Hz \(10 ms a sample\) to 50 Hz \(20 ms a sample\) for the next 10\d\d\d samples/);
      expect(result.error!.message).to.include('1 sample in 2 lost');
    });

    it('50 Hz, then 100 Hz; and 104 Hz, then 52 Hz with whole-ms stamps: each change named at its line', () => {
      const faster = importCsvText(walkStamped((i) => (i < 2000 ? 20 : 10)), OPTIONS);
      expect(recordingOf(faster).sampleCount).to.equal(2000);
      expect(recordingOf(faster).sampleRateHz).to.equal(50);
      expect(faster.error && faster.error.line).to.equal(2002);
      expect(faster.error!.message).to.match(/from 50 Hz .* to 100 Hz /);
      const halved = importCsvText(walkStamped((i) => (i < 5000 ? 1000 / 104 : 1000 / 52)), OPTIONS);
      expect(halved.error && halved.error.line).to.equal(5002);
      expect(halved.error!.message).to.match(/from 104 Hz .* to 52 Hz /);
      expect(recordingOf(halved).sampleRateHz).to.equal(104);
      expect(recordingOf(halved).gaps).to.deep.equal([]);
    });

    it('100 Hz, then 80 Hz, stamped up to 4 ms late (t_ms with 1 decimal): the change found within a sample of its line', () => {
      const prng = createPrng(7);
      const result = importCsvText(walkStamped((i) => (i < 4000 ? 10 : 12.5), 1, () => false, () => prng.nextFloat() * 4), OPTIONS);
      expect(result.error).to.not.equal(undefined);
      expect(result.error!.message).to.match(/from 100 Hz .* to 80 Hz \(12.5 ms a sample\)/);
      expect(result.error!.line).to.be.within(4001, 4003);
    });

    it('gaps stay gaps: a 500 ms gap, 10 % of the samples lost at random, 60 % lost over a 2 s burst, and stamps up to 4 ms late, at 100 Hz', () => {
      const oneGap = importCsvText(walkStamped((i) => (i === 6000 ? 510 : 10)), OPTIONS);
      expect(oneGap.error).to.equal(undefined);
      expect(recordingOf(oneGap).gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[6000, 50]]);

      const lost = createPrng(11);
      const randomLoss = walkStamped(() => 10, 0, (i) => i > 0 && lost.nextFloat() < 0.1);
      const random = importCsvText(randomLoss, OPTIONS);
      expect(random.error).to.equal(undefined);
      const randomRows = randomLoss.trimEnd().split('\n').length - 1;
      expect(recordingOf(random).sampleCount).to.equal(randomRows);
      expect(recordingOf(random).sampleRateHz).to.equal(100);
      const missing = recordingOf(random).gaps.reduce((sum, gap) => sum + gap.missingSamples, 0);
      expect(missing).to.equal(walkRows().length - randomRows);

      const burstLoss = createPrng(12);
      const burst = importCsvText(walkStamped(() => 10, 0, (i) => i >= 5000 && i < 5200 && burstLoss.nextFloat() < 0.6), OPTIONS);
      expect(burst.error).to.equal(undefined);
      expect(recordingOf(burst).sampleRateHz).to.equal(100);

      const late = createPrng(13);
      const jitter = importCsvText(walkStamped(() => 10, 1, () => false, () => late.nextFloat() * 4), OPTIONS);
      expect(jitter.error).to.equal(undefined);
      expect(recordingOf(jitter).sampleCount).to.equal(walkRows().length);
      expect(recordingOf(jitter).gaps).to.deep.equal([]);
    });

    it('a stretch at another rate that changes back is told with the samples it lasts: 200 Hz for 80 samples inside 100 Hz, ending inside a block of 32 steps', () => {
      const result = importCsvText(walkStamped((i) => (i >= 5000 && i < 5080 ? 5 : 10)), OPTIONS);
      expect(result.error && result.error.line).to.equal(5002);
      expect(result.error!.message).to.match(/from 100 Hz \(10 ms a sample\) to 200 Hz \(5 ms a sample\) for the next 80 samples: /);
      expect(recordingOf(result).sampleCount).to.equal(5000);
    });

    it('a short stretch at another rate that changes back (16 to 63 samples: 200 Hz, 125 Hz and 80 Hz inside 100 Hz, t_ms with 1 decimal) is a bad line at its first sample, naming both rates and its length, the samples before it kept', () => {
      const cases = [
        { periodMs: 5, samples: 16, rate: '200 Hz \\(5 ms a sample\\)' },
        { periodMs: 8, samples: 40, rate: '125 Hz \\(8 ms a sample\\)' },
        { periodMs: 12.5, samples: 63, rate: '80 Hz \\(12\\.5 ms a sample\\)' },
      ];
      for (const { periodMs, samples, rate } of cases) {
        const what = `${samples} samples ${periodMs} ms apart`;
        const result = importCsvText(walkStamped((i) => (i >= 7000 && i < 7000 + samples ? periodMs : 10), 1), OPTIONS);
        expect(result.error && result.error.line, what).to.equal(7002);
        expect(result.error!.message, what).to.match(new RegExp(`from 100 Hz \\(10 ms a sample\\) to ${rate} for the next ${samples} samples: `));
        expect(recordingOf(result).sampleCount, what).to.equal(7000);
        expect(recordingOf(result).sampleRateHz, what).to.equal(100);
        expect(recordingOf(result).gaps, what).to.deep.equal([]);
      }
    });

    it('every other sample lost over 62 samples stays 31 gaps: the stamps are those of 50 Hz for a moment, but read as gaps each sample is at its own time', () => {
      const result = importCsvText(walkStamped(() => 10, 0, (i) => i >= 6000 && i < 6062 && i % 2 === 1), OPTIONS);
      expect(result.error).to.equal(undefined);
      expect(recordingOf(result).gaps.map((gap) => gap.missingSamples)).to.deep.equal(new Array(31).fill(1));
    });

    it('a rate that changes within the first 96 samples and stays changed is a bad line at the change, the samples before it kept at their rate: 100 Hz for 20, 40 or 90 samples, then 50 Hz; 80 Hz for 40, then 100 Hz; 50 Hz for 60, then 100 Hz (t_ms with 1 decimal)', () => {
      const cases = [
        { beforeMs: 10, afterMs: 20, samples: 20, rates: 'from 100 Hz \\(10 ms a sample\\) to 50 Hz \\(20 ms a sample\\)' },
        { beforeMs: 10, afterMs: 20, samples: 40, rates: 'from 100 Hz \\(10 ms a sample\\) to 50 Hz \\(20 ms a sample\\)' },
        { beforeMs: 10, afterMs: 20, samples: 90, rates: 'from 100 Hz \\(10 ms a sample\\) to 50 Hz \\(20 ms a sample\\)' },
        { beforeMs: 12.5, afterMs: 10, samples: 40, rates: 'from 80 Hz \\(12\\.5 ms a sample\\) to 100 Hz \\(10 ms a sample\\)' },
        { beforeMs: 20, afterMs: 10, samples: 60, rates: 'from 50 Hz \\(20 ms a sample\\) to 100 Hz \\(10 ms a sample\\)' },
      ];
      const rows = walkRows().length;
      for (const { beforeMs, afterMs, samples, rates } of cases) {
        const what = `${samples} samples ${beforeMs} ms apart, then ${afterMs}`;
        const result = importCsvText(walkStamped((i) => (i < samples ? beforeMs : afterMs), 1), OPTIONS);
        expect(result.error && result.error.line, what).to.equal(samples + 2);
        expect(result.error!.message, what).to.match(new RegExp(`^line ${samples + 2}, column t_ms: the sample rate changes here ${rates} for the next ${rows - samples} samples`));
        const recording = recordingOf(result);
        expect(recording.sampleCount, what).to.equal(samples);
        expect(recording.sampleRateHz, what).to.equal(1000 / beforeMs);
        expect(recording.gaps, what).to.deep.equal([]);
        expect(result.warnings, what).to.deep.equal([]);
      }
    });

    it('a given rate (--rate) does not hide a rate change: the stamps still tell where samples are missing, so 100 Hz then 80 Hz read at 100 Hz (where steps of 12.5 ms make no gap) is still a bad line at the change, and the message says what --rate sets and what it does not', () => {
      const rows = walkRows().length;
      const csv = walkStamped((i) => (i < 4000 ? 10 : 12.5), 1);
      for (const rateHz of [100, 80]) {
        const result = importCsvText(csv, { ...OPTIONS, rateHz: rateHz });
        expect(result.error && result.error.line, `${rateHz} Hz`).to.equal(4002);
        expect(result.error!.message, `${rateHz} Hz`).to.equal(
          `line 4002, column t_ms: the sample rate changes here from 100 Hz (10 ms a sample) to 80 Hz (12.5 ms a sample) for the next ${rows - 4000} samples: ` +
            `--rate ${rateHz} sets the rate the samples are read at, but the time stamps still tell where samples are missing: ` +
            `read at ${rateHz} Hz, each step at another rate would be a gap or a sample out of time; split the file where the rate changes, or resample it to one rate`,
        );
        const recording = recordingOf(result);
        expect(recording.sampleCount, `${rateHz} Hz`).to.equal(4000);
        expect(recording.sampleRateHz, `${rateHz} Hz`).to.equal(rateHz);
        expect(recording.gaps, `${rateHz} Hz`).to.deep.equal([]);
      }
      // the samples kept are at 100 Hz: read at 80 Hz, the mismatch is told as for any file
      expect(importCsvText(csv, { ...OPTIONS, rateHz: 100 }).warnings).to.deep.equal([]);
      expect(importCsvText(csv, { ...OPTIONS, rateHz: 80 }).warnings).to.deep.equal(['the time stamps give 100 Hz but the rate was set to 80 Hz; gaps and times follow the set rate']);
    });
  });

  describe('a logger that stalls, then writes the samples it held back close together', () => {
    /** the first sample after the stall, on line 5002 */
    const STALL_AT = 5000;

    interface Stalled {
      csv: string;
      /** when each sample was taken, ms */
      takenMs: Float64Array;
      /** the samples from STALL_AT on written later than taken: those held back, and those taken while they were written */
      queued: number;
    }

    /**
     * The 2-minute trial as a logger at rateHz writes it, each sample stamped as written (t_ms with 3
     * decimals): sample i is taken at i periods and written up to maxLateMs later, but no sooner than
     * drainMs (times 0.5 to 1.5 where stamps jitter) after the one before; from STALL_AT on, nothing is
     * written for `held` periods (up to half a period before sample STALL_AT + held is taken).
     */
    function stalledCsv(rateHz: number, held: number, drainMs: number, maxLateMs: number, seed = 1): Stalled {
      const prng = createPrng(seed);
      const periodMs = 1000 / rateHz;
      const rows = walkRows();
      const takenMs = new Float64Array(rows.length);
      const lines = [HEADER];
      const stallEndMs = (STALL_AT + held - 0.5) * periodMs;
      let writtenMs = -Infinity;
      let queued = 0;
      rows.forEach((row, i) => {
        takenMs[i] = i * periodMs;
        const readyMs = takenMs[i] + prng.nextFloat() * maxLateMs;
        const stalledMs = i >= STALL_AT && i < STALL_AT + held ? stallEndMs : -Infinity;
        const afterMs = writtenMs + (maxLateMs > 0 ? drainMs * (0.5 + prng.nextFloat()) : drainMs);
        writtenMs = Math.max(readyMs, stalledMs, afterMs);
        if (i - STALL_AT === queued && writtenMs > readyMs) queued++;
        lines.push(`${writtenMs.toFixed(3)},${row.values}`);
      });
      return { csv: lines.join('\n') + '\n', takenMs: takenMs, queued: queued };
    }

    /** imported whole, with no gap, at its rate, one warning naming the catch-up, each sample within a quarter period (and how late it was stamped) of when it was taken */
    function expectCaughtUp(stalled: Stalled, rateHz: number, held: number, maxLateMs: number, what: string, givenRateHz?: number): void {
      const result = importCsvText(stalled.csv, givenRateHz === undefined ? OPTIONS : { ...OPTIONS, rateHz: givenRateHz });
      expect(result.error, what).to.equal(undefined);
      const recording = recordingOf(result);
      expect(recording.sampleCount, what).to.equal(walkRows().length);
      expect(recording.gaps, what).to.deep.equal([]);
      expect(recording.sampleRateHz, what).to.equal(rateHz);
      // the catch-up's stamps no longer pull the rate fast (300 samples 0.048 ms apart at 100 Hz: 102.2 Hz)
      expect(result.inferredRateHz!, what).to.be.closeTo(rateHz, 0.001 * rateHz);
      expect(result.warnings, what).to.have.length(1);
      const told = /^a logger stalled, then wrote the samples it held back close together, stamped as written, not as taken: (\d+) samples from line 5002 on, after [\d.]+ ms with none\. The stamps come back on the grid they were on, with as many samples as [\d.]+ ms a sample gives for the time, so those samples are placed evenly between the samples either side, not read as a gap followed by samples crowded together$/.exec(result.warnings[0]);
      expect(told, `${what}: ${result.warnings[0]}`).to.not.equal(null);
      // the last sample written late may be written within a quarter period of when it was taken
      expect(Number(told![1]), what).to.be.within(stalled.queued - 1, stalled.queued);
      const periodMs = 1000 / rateHz;
      let earliestMs = Infinity;
      let latestMs = -Infinity;
      for (let i = 0; i < recording.sampleCount; i++) {
        earliestMs = Math.min(earliestMs, recording.timesMs[i] - stalled.takenMs[i]);
        latestMs = Math.max(latestMs, recording.timesMs[i] - stalled.takenMs[i]);
      }
      // stamps with 3 decimals are up to 0.0005 ms early
      expect(earliestMs, `${what}: earliest time against the time taken, ms`).to.be.at.least(-0.0005);
      expect(latestMs, `${what}: latest time against the time taken, ms`).to.be.at.most(maxLateMs + periodMs / 4);
    }

    it('a stall of 10, 20, 50, 100 or 300 samples, then those samples written 0.048 ms apart (20833 Hz), at 52, 100, 104 and 208 Hz, stamped on time or up to 0.4 periods late: imported whole with no gap, each sample placed within a quarter period of when it was taken, and a warning naming where', () => {
      for (const rateHz of [52, 100, 104, 208]) {
        for (const held of [10, 20, 50, 100, 300]) {
          for (const lateShare of [0, 0.4]) {
            const maxLateMs = (lateShare * 1000) / rateHz;
            const what = `${rateHz} Hz, ${held} samples held, up to ${maxLateMs.toFixed(2)} ms late`;
            expectCaughtUp(stalledCsv(rateHz, held, 0.048, maxLateMs), rateHz, held, maxLateMs, what);
          }
        }
      }
    });

    it('the same, written at twice the rate (10 or 300 samples held, up to 300 more taken while they are written), and read with --rate', () => {
      for (const rateHz of [52, 100, 104, 208]) {
        for (const held of [10, 300]) {
          for (const lateShare of [0, 0.4]) {
            const maxLateMs = (lateShare * 1000) / rateHz;
            const what = `${rateHz} Hz, ${held} samples held, written ${(500 / rateHz).toFixed(2)} ms apart, up to ${maxLateMs.toFixed(2)} ms late`;
            expectCaughtUp(stalledCsv(rateHz, held, 500 / rateHz, maxLateMs, 2), rateHz, held, maxLateMs, what);
          }
        }
      }
      expectCaughtUp(stalledCsv(100, 50, 0.048, 4), 100, 50, 4, '--rate 100', 100);
    });

    it('a stretch at another rate after a gap it does not fill is still a bad line: 10 samples lost, then 40 at 200 Hz, inside 100 Hz', () => {
      const lines = [HEADER];
      let tMs = 0;
      walkRows().forEach((row, i) => {
        if (i > 0) tMs += i === 7000 ? 110 : i > 7000 && i <= 7040 ? 5 : 10;
        lines.push(`${tMs},${row.values}`);
      });
      const result = importCsvText(lines.join('\n') + '\n', OPTIONS);
      expect(result.error && result.error.message).to.match(/^line 700[23], column t_ms: the sample rate changes here from 100 Hz \(10 ms a sample\) to 200 Hz \(5 ms a sample\) for the next 4\d samples/);
      expect(result.warnings).to.deep.equal([]);
    });

    it('short stretches at another rate inside 100 Hz, with no stall before them, are still bad lines at their first sample: 200, 125 and 80 Hz for 16, 24, 32, 48 and 63 samples', () => {
      for (const periodMs of [5, 8, 12.5]) {
        for (const samples of [16, 24, 32, 48, 63]) {
          const what = `${samples} samples ${periodMs} ms apart`;
          const lines = [HEADER];
          let tMs = 0;
          walkRows().forEach((row, i) => {
            if (i > 0) tMs += i >= 7000 && i < 7000 + samples ? periodMs : 10;
            lines.push(`${tMs.toFixed(1)},${row.values}`);
          });
          const result = importCsvText(lines.join('\n') + '\n', OPTIONS);
          expect(result.error && result.error.line, what).to.equal(7002);
          expect(result.error!.message, what).to.match(new RegExp(`to ${1000 / periodMs} Hz \\(${String(periodMs).replace('.', '\\.')} ms a sample\\) for the next ${samples} samples: `));
          expect(recordingOf(result).sampleCount, what).to.equal(7000);
          expect(result.warnings, what).to.deep.equal([]);
        }
      }
    });
  });

  describe('bad input', () => {
    it('names the line and column of a value that is not a number and keeps the rows before it', () => {
      const lines = steadyCsv(10, 100, 0).trim().split('\n');
      lines[6] = '50,1,0,abc,0,0,0'; // line 7 of the file
      const result = importCsvText(lines.join('\n') + '\n', OPTIONS);
      expect(result.error && result.error.message).to.equal("line 7, column az: 'abc' is not a number");
      expect(result.error && result.error.line).to.equal(7);
      expect(result.error && result.error.column).to.equal('az');
      const recording = recordingOf(result);
      expect(recording.sampleCount).to.equal(5);
      expect(recording.sampleRateHz).to.equal(100);
    });

    it('reads a line with an empty or NaN value as a lost sample, not as zero and not as the end: the trial with 4 such lines imports the other samples as they are, each lost one a gap of 1 where it was, with a warning naming the lines', () => {
      const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
      const whole = recordingOf(importCsvText(rows.join('\n') + '\n', OPTIONS));
      // sample i is on line i + 2 (rows[i + 1]); each lost one is a cell a logger or a spreadsheet writes
      const lost: Array<[number, number, string]> = [[300, 4, 'NaN'], [500, 2, ''], [501 + 200, 6, 'nan'], [1000, 0, '#N/A']];
      const damaged = rows.slice();
      for (const [i, column, text] of lost) {
        const cells = damaged[i + 1].split(',');
        cells[column] = text;
        damaged[i + 1] = cells.join(',');
      }
      const result = importCsvText(damaged.join('\n') + '\n', OPTIONS);
      expect(result.error).to.equal(undefined);
      const recording = recordingOf(result);
      expect(recording.sampleCount).to.equal(whole.sampleCount - lost.length);
      const kept = Array.from({ length: whole.sampleCount }, (_, i) => i).filter((i) => !lost.some(([l]) => l === i));
      kept.forEach((i, k) => {
        expect(sample(recording, k), `sample ${i}`).to.deep.equal(sample(whole, i));
        expect(recording.timesMs[k], `sample ${i}`).to.equal(whole.timesMs[i]);
      });
      expect(recording.sampleRateHz).to.equal(100);
      expect(recording.gaps.map((gap) => [gap.startMs, gap.endMs, gap.missingSamples])).to.deep.equal(
        lost.map(([i]) => [(i - 1) * 10, (i + 1) * 10, 1]),
      );
      expect(result.warnings).to.deep.equal([
        "4 lines have a missing value (empty or NaN): line 302 (gx 'NaN'), line 502 (ay empty), line 703 (gz 'nan'), and 1 more. " +
          'Each is a sample lost, left out of the replay, not read as 0; the time stamps either side show the gap it leaves',
      ]);
    });

    it('a lost sample before the first whole one or after the last is said to be outside the replay; lines after a lost sample keep their numbers in errors', () => {
      const ends = importCsvText(`${HEADER}\n0,NaN,0,0,0,0,0\n10,1,0,0,0,0,0\n20,1,0,0,0,0,0\n30,1,0,0,0,0,0\n40,1,0,0,0,0,null\n`, OPTIONS);
      const recording = recordingOf(ends);
      expect(recording.sampleCount).to.equal(3);
      expect(recording.gaps).to.deep.equal([]);
      expect(recording.timesMs[0]).to.equal(10);
      expect(ends.warnings).to.deep.equal([
        "2 lines have a missing value (empty or NaN): line 2 (ax 'NaN'), line 6 (gz 'null'). Each is a sample lost, left out of the replay, " +
          'not read as 0; the time stamps either side show the gap it leaves; 1 before the first whole sample and 1 after the last are outside the replay, not a gap in it',
      ]);
      const lines = steadyCsv(100, 100, 0).trim().split('\n');
      lines[30] = '290,,,,,,'; // line 31: a row a logger wrote for a sample it did not take
      lines[60] = '590,1,0,abc,0,0,0'; // line 61
      const bad = importCsvText(lines.join('\n') + '\n', OPTIONS);
      expect(bad.error && bad.error.message).to.equal("line 61, column az: 'abc' is not a number");
      expect(recordingOf(bad).sampleCount).to.equal(58);
      expect(recordingOf(bad).gaps).to.deep.equal([{ startMs: 280, endMs: 300, missingSamples: 1, beforeSample: 29 }]);
      lines[60] = '590,1,0,0,0,0,0';
      lines[80] = lines[79]; // line 81 repeats the stamp before it
      const repeat = importCsvText(lines.join('\n') + '\n', OPTIONS);
      expect(repeat.error && repeat.error.message).to.equal('line 81, column t_ms: time stamp 780 repeats the previous time stamp');
      expect(recordingOf(repeat).sampleCount).to.equal(78);
    });

    it('a file whose every sample has a missing value (a gyroscope column left empty) has no recording, and the error says why', () => {
      const lines = steadyCsv(20, 100, 0).trim().split('\n').map((line, i) => (i === 0 ? line : line.slice(0, line.lastIndexOf(',') + 1)));
      const result = importCsvText(lines.join('\n') + '\n', OPTIONS);
      expect(result.recording).to.equal(undefined);
      expect(result.error && result.error.message).to.equal(
        'no samples: each of the 20 lines after the header has a missing value (the first, line 2: gz empty); the detector needs all six of a sample',
      );
    });

    it('reports a truncated last line and keeps everything before it', () => {
      const text = steadyCsv(8, 100, 0) + '80,1,0';
      const result = importCsvText(text, OPTIONS);
      expect(result.error && result.error.line).to.equal(10);
      expect(result.error && result.error.message).to.match(/expected 7 fields as in the header, found 3/);
      expect(recordingOf(result).sampleCount).to.equal(8);
    });

    it('refuses a last line cut inside its last number, with no line end, where the column writes a fixed number of decimals, keeping the rows before it; read whole, the same line is taken without a word', () => {
      // the trial's gz is written with 5 decimals throughout; its last line ends in 1.79909
      const text = fs.readFileSync(MOBGAP, 'utf8').trimEnd();
      for (const [cut, decimals] of [['1.799', 3], ['1.', 0], ['1', 0]] as Array<[string, number]>) {
        const result = importCsvText(text.slice(0, text.length - '1.79909'.length) + cut, OPTIONS);
        expect(result.error && result.error.message, cut).to.equal(
          `line 1247, column gz: truncated last line: the file ends without a line end in '${cut}', shorter after its decimal point than the 1245 values before it ` +
            `(${decimals} characters, not 5)`,
        );
        expect(recordingOf(result).sampleCount, cut).to.equal(1245);
        expect(result.warnings, cut).to.deep.equal([]);
      }
      const whole = importCsvText(text, OPTIONS);
      expect(whole.error).to.equal(undefined);
      expect(whole.warnings).to.deep.equal([]);
      expect(recordingOf(whole).sampleCount).to.equal(1246);
    });

    it('reads a last line with no line end with a warning that it may be cut, where a cut number cannot be told from a whole one: a column of whole numbers, of numbers of any length, or too few lines to show a fixed format', () => {
      const wholeNumbers = steadyCsv(200, 100, 0).trimEnd();
      const anyLength = [HEADER, ...Array.from({ length: 200 }, (_, i) => `${i * 10},1,0,0,0,0,${((i * 37) % 1000) / 1000}`)].join('\n');
      const fewLines = [HEADER, ...Array.from({ length: 50 }, (_, i) => `${i * 10},1,0,0,0,0,0.25000`)].join('\n');
      for (const [what, text, count, last] of [
        ['whole numbers', wholeNumbers, 200, '0'], ['any length', anyLength, 200, '0.363'], ['few lines', fewLines, 50, '0.25000'],
      ] as Array<[string, string, number, string]>) {
        const result = importCsvText(text, OPTIONS);
        expect(result.error, what).to.equal(undefined);
        expect(recordingOf(result).sampleCount, what).to.equal(count);
        expect(result.warnings, what).to.deep.equal([
          `the last line (${count + 1}) has no line end, so it may have been cut short while the file was written; its gz, '${last}', is read as it is`,
        ]);
        expect(importCsvText(text + '\n', OPTIONS).warnings, `${what}, ended`).to.deep.equal([]);
      }
    });

    it('takes a last line with no line end without a word where the last column is not read: a cut there leaves the samples whole', () => {
      const lines = steadyCsv(200, 100, 0).trimEnd().split('\n').map((line, i) => `${line},${i === 0 ? 'note' : 'standing'}`);
      const result = importCsvText(lines.join('\n').slice(0, -'nding'.length), OPTIONS);
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([]);
      expect(recordingOf(result).sampleCount).to.equal(200);
    });

    it('reports a row with too many fields', () => {
      const result = importCsvText(`${HEADER}\n0,1,0,0,0,0,0\n10,1,0,0,0,0,0\n20,1,0,0,0,0,0,9\n`, OPTIONS);
      expect(result.error && result.error.message).to.match(/^line 4: expected 7 fields as in the header, found 8/);
    });

    it('rejects a time stamp that repeats or goes back, naming the line', () => {
      const repeated = importCsvText(`${HEADER}\n0,1,0,0,0,0,0\n10,1,0,0,0,0,0\n10,1,0,0,0,0,0\n`, OPTIONS);
      expect(repeated.error && repeated.error.message).to.equal('line 4, column t_ms: time stamp 10 repeats the previous time stamp');
      expect(recordingOf(repeated).sampleCount).to.equal(2);
      const back = importCsvText(`${HEADER}\n0,1,0,0,0,0,0\n10,1,0,0,0,0,0\n20,1,0,0,0,0,0\n15,1,0,0,0,0,0\n`, OPTIONS);
      expect(back.error && back.error.message).to.equal(
        'line 5, column t_ms: time stamp 15 goes back in time on the last sample read: a damaged stamp cannot be told from a clock that started again there',
      );
      expect(recordingOf(back).sampleCount).to.equal(3);
      const damaged = importCsvText(`${HEADER}\n0,1,0,0,0,0,0\n10,1,0,0,0,0,0\n20,1,0,0,0,0,0\n15,1,0,0,0,0,0\n30,1,0,0,0,0,0\n`, OPTIONS);
      expect(damaged.error && damaged.error.message).to.equal(
        'line 5, column t_ms: time stamp 15 goes back in time, and the next one (30, line 6) goes on from before it: a damaged stamp, or lines out of order (sort them by time), not a clock that started again',
      );
      expect(recordingOf(damaged).sampleCount).to.equal(3);
    });

    it('says a header of one column holding the names with semicolons or tabs between them is not comma-separated', () => {
      for (const [separator, named] of [[';', "';'"], ['\t', 'tabs']]) {
        const result = importCsvText(`${HEADER.split(',').join(separator)}\n0${separator}0,98${separator}0${separator}0${separator}0${separator}0${separator}0\n`, OPTIONS);
        expect(result.error && result.error.message, named).to.match(new RegExp(`^line 1: the header \\(.*\\) is one column: its names are separated by ${named}, where lumbarpod reads comma-separated values`));
      }
    });

    it('names the missing required columns on line 1', () => {
      const result = importCsvText('t_ms,ax,ay,gx,gy\n0,1,0,0,0\n', OPTIONS);
      expect(result.recording).to.equal(undefined);
      expect(result.error && result.error.line).to.equal(1);
      expect(result.error && result.error.message).to.match(/missing required columns az, gz/);
      const noTime = importCsvText('time,ax,ay,az,gx,gy,gz\n0,1,0,0,0,0,0\n', OPTIONS);
      expect(noTime.error && noTime.error.message).to.match(/t_ms \(or t_s, t_us, t_ns\)/);
    });

    it('names the line of an unclosed quote and keeps the rows before it', () => {
      const result = importCsvText(`${HEADER}\n0,1,0,0,0,0,0\n10,1,0,0,0,0,0\n20,1,"0,0,0,0\n30,1,0,0,0,0,0\n`, OPTIONS);
      expect(result.error && result.error.line).to.equal(4);
      expect(recordingOf(result).sampleCount).to.equal(2);
    });

    it('says the rate cannot be inferred from a single sample', () => {
      const result = importCsvText(`${HEADER}\n0,1,0,0,0,0,0\n`, OPTIONS);
      expect(result.recording).to.equal(undefined);
      expect(result.error && result.error.message).to.match(/too few to infer the sample rate/);
      expect(recordingOf(importCsvText(`${HEADER}\n0,1,0,0,0,0,0\n`, { ...OPTIONS, rateHz: 104 })).sampleCount).to.equal(1);
    });

    it('reports an empty file', () => {
      expect(importCsvText('', OPTIONS).error!.message).to.match(/^line 1: the file is empty/);
    });

    it('a file with its header and no sample has no recording, whatever the rate: nothing to replay, and the error says why', () => {
      for (const [text, rateHz] of [[`${HEADER}\n`, undefined], [`${HEADER}\n`, 104], [`${HEADER}\n\n\n`, 104]] as Array<[string, number | undefined]>) {
        const result = importCsvText(text, { ...OPTIONS, rateHz });
        expect(result.recording, `${JSON.stringify(text)} at ${rateHz}`).to.equal(undefined);
        expect(result.error && result.error.message).to.equal('no samples: the file holds its header (line 1) and nothing after it');
      }
      // a bad first sample line is the error, with no recording of nothing before it
      const badFirst = importCsvText(`${HEADER}\nx,1,0,0,0,0,0\n10,1,0,0,0,0,0\n`, { ...OPTIONS, rateHz: 104 });
      expect(badFirst.recording).to.equal(undefined);
      expect(badFirst.error && badFirst.error.line).to.equal(2);
    });
  });

  describe('time stamps rounded about as coarse as the sample period, or coarser', () => {
    // the real trial's samples, stamped at the pod's rates; its own 100 Hz on a 10 ms grid would not round
    const values = mobgapValues();
    /**
     * sample times from the rounded stamps are this close to the exact ones: at 80 Hz the stamps
     * fall on 4 places of the 10 ms grid only (4 x 12.5 ms = 50 ms), 2.5 ms apart, which leave
     * the samples' offset open by half that; at 104 Hz they fall on 26 places, at 208 Hz on 52
     */
    const TIME_TOLERANCE_MS = 1.25;

    it('t_s with 2 decimals at 104 Hz (9.6 ms apart on a 10 ms grid, so stamps repeat): the samples, rate and gaps of the exact stamps, times within 1.25 ms of them, and a warning naming the grid and the rate', () => {
      const exact = importCsvText(restampedCsv(values, 104, 6), OPTIONS);
      const text = restampedCsv(values, 104, 2);
      const rounded = importCsvText(text, OPTIONS);
      expect(rounded.error).to.equal(undefined);
      expect(exact.warnings).to.deep.equal([]);
      expectSameRecording(recordingOf(rounded), recordingOf(exact), TIME_TOLERANCE_MS, '104 Hz');
      expect(recordingOf(rounded).sampleCount).to.equal(1246);
      expect(recordingOf(rounded).sampleRateHz).to.equal(104);
      expect(rounded.inferredRateHz).to.be.closeTo(104, 0.01);
      const repeats = repeatedStampsOf(text);
      // 1245 steps of 9.615 ms on a 10 ms grid: 1 - 9.615 / 10 of them, about 48, are repeats
      expect(repeats).to.be.within(45, 50);
      expect(rounded.warnings).to.deep.equal([
        `time stamps rounded to 10 ms, coarser than the 9.62 ms between samples (${repeats} repeat the one before): ` +
          "each sample's time is taken from its index at 104.00 Hz, the rate the stamps give over the stretches between gaps; " +
          'a gap of one sample can hide in the rounding',
      ]);
    });

    it('which roundings are taken for it: 2 decimals at 208 and 80 Hz are (80 Hz: steps of 20 ms, past 1.5 periods, but no gap); 3 decimals at 208 Hz, and 2 at 52 and 100 Hz, are read as they are', () => {
      const cases = [
        { rateHz: 208, decimals: 2, taken: true },
        { rateHz: 80, decimals: 2, taken: true },
        { rateHz: 208, decimals: 3, taken: false },
        { rateHz: 52, decimals: 2, taken: false },
        { rateHz: 100, decimals: 2, taken: false },
      ];
      for (const { rateHz, decimals, taken } of cases) {
        const what = `${rateHz} Hz, ${decimals} decimals`;
        const exact = recordingOf(importCsvText(restampedCsv(values, rateHz, 6), OPTIONS));
        const result = importCsvText(restampedCsv(values, rateHz, decimals), OPTIONS);
        expect(result.error, what).to.equal(undefined);
        expect(result.warnings, what).to.have.length(taken ? 1 : 0);
        if (taken) {
          expect(result.warnings[0], what).to.match(new RegExp(`^time stamps rounded to 10 ms, .* at ${rateHz}\\.00 Hz, `));
          expectSameRecording(recordingOf(result), exact, TIME_TOLERANCE_MS, what);
        } else {
          // the stamps themselves: each within half its last digit of the exact one
          expectSameRecording(recordingOf(result), exact, 0.5 * 1000 * 10 ** -decimals + 1e-9, what);
        }
      }
    });

    it('a gap cut out of a rounded file is found with the samples it lost, where the exact file has it', () => {
      // at 104 Hz on a 10 ms grid a gap of 2 samples always shows (steps of 20 or 30 ms, where rounding makes 0 or 10)
      const dropped104 = (i: number) => (i >= 400 && i < 437) || (i >= 900 && i < 902);
      const exact104 = recordingOf(importCsvText(restampedCsv(values, 104, 6, dropped104), OPTIONS));
      const rounded104 = importCsvText(restampedCsv(values, 104, 2, dropped104), OPTIONS);
      expect(rounded104.error).to.equal(undefined);
      expect(recordingOf(rounded104).gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[400, 37], [863, 2]]);
      expectSameRecording(recordingOf(rounded104), exact104, TIME_TOLERANCE_MS, '104 Hz');
      // at 208 Hz up to 3 lost samples can hide in the rounding: 5 cannot
      const dropped208 = (i: number) => i >= 700 && i < 705;
      const exact208 = recordingOf(importCsvText(restampedCsv(values, 208, 6, dropped208), OPTIONS));
      const rounded208 = importCsvText(restampedCsv(values, 208, 2, dropped208), OPTIONS);
      expect(rounded208.warnings[0]).to.match(/a gap of up to 3 samples can hide in the rounding$/);
      expect(recordingOf(rounded208).gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[700, 5]]);
      expectSameRecording(recordingOf(rounded208), exact208, TIME_TOLERANCE_MS, '208 Hz');
    });

    it('a repeat that rounding does not explain is still the bad line, and the samples before it are kept', () => {
      const withRowTwice = (csv: string, row: number) => {
        const lines = csv.trimEnd().split('\n');
        lines.splice(row + 1, 0, lines[row]);
        return lines.join('\n') + '\n';
      };
      // whole ms at 104 Hz: a 1 ms grid, finer than the period; row 1499 written twice, an empty line before it
      const wholeMs = steadyCsv(2000, 104, 0).trimEnd().split('\n');
      wholeMs.splice(1500, 0, '');
      const repeated = importCsvText(withRowTwice(wholeMs.join('\n') + '\n', 1501), OPTIONS);
      expect(repeated.error && repeated.error.message).to.equal(`line 1503, column t_ms: time stamp ${Math.round(1499000 / 104)} repeats the previous time stamp`);
      expect(recordingOf(repeated).sampleCount).to.equal(1500);
      expect(repeated.warnings).to.deep.equal([]);
      // 100 Hz on a 10 ms grid: exact stamps, where a repeat is a row written twice
      const onGrid = importCsvText(withRowTwice(steadyCsv(2000, 100, 0), 1000), OPTIONS);
      expect(onGrid.error && onGrid.error.message).to.equal(
        'line 1002, column t_ms: time stamp 9990 repeats the previous time stamp ' +
          '(the stamps are on a 10 ms grid, too close to the 9.99 ms between samples to take a repeat for rounding)',
      );
      expect(recordingOf(onGrid).sampleCount).to.equal(1000);
      // rounded at 104 Hz: two samples on a stamp are rounding, a third is not
      const roundedText = restampedCsv(values, 104, 2);
      const stamps = roundedText.split('\n').map((line) => line.slice(0, line.indexOf(',')));
      let twice = 1000;
      while (stamps[twice] !== stamps[twice - 1]) twice++;
      const thrice = importCsvText(withRowTwice(roundedText, twice), OPTIONS);
      // (the period is fitted to the whole file, the extra row in it)
      expect(thrice.error && thrice.error.message).to.match(new RegExp(
        `^line ${twice + 2}, column t_s: time stamp ${Number(stamps[twice])} repeats the previous time stamp: ` +
          '3 samples on one stamp, where rounding to 10 ms puts at most 2 at 9\\.6\\d ms a sample$',
      ));
      expect(recordingOf(thrice).sampleCount).to.equal(twice);
      expect(recordingOf(thrice).sampleRateHz).to.equal(104);
      expect(thrice.warnings[0]).to.match(/^time stamps rounded to 10 ms/);
      // too few stamps (under 100 grid steps) to tell rounding from a fault: the first repeat stops the import, as before
      const short = importCsvText(restampedCsv(values.slice(0, 80), 104, 2), OPTIONS);
      expect(short.error && short.error.message).to.match(/^line \d+, column t_s: time stamp [\d.]+ repeats the previous time stamp$/);
    });

    it('a rounded time stamp going back is still an error, and exact stamps on a grid of one period still show a lost sample as a gap', () => {
      const lines = restampedCsv(values, 104, 2).trimEnd().split('\n');
      lines[1001] = `${(Number(lines[1001].split(',')[0]) - 0.05).toFixed(2)},${values[1000]}`;
      const back = importCsvText(lines.join('\n') + '\n', OPTIONS);
      expect(back.error && back.error.message).to.match(/^line 1002, column t_s: time stamp [\d.]+ goes back in time, and the next one \([\d.]+, line 1003\) goes on from before it: a damaged stamp/);
      expect(recordingOf(back).sampleCount).to.equal(1000);
      expect(recordingOf(back).sampleRateHz).to.equal(104);
      const lost = recordingOf(importCsvText(steadyCsv(2000, 100, 0, (i) => i === 700), OPTIONS));
      expect(lost.gaps).to.deep.equal([{ startMs: 6990, endMs: 7010, missingSamples: 1, beforeSample: 700 }]);
      expect(Array.from(lost.timesMs.subarray(698, 701))).to.deep.equal([6980, 6990, 7010]);
    });

    it('stamps a host logger writes (each sample stamped as it arrives, 0 to 2.5 or 4 ms late, t_s with 2 decimals) are not taken for rounding: the 100 Hz trial stops at the first repeated stamp, the samples before it kept, with the reason, instead of importing at a wrong rate with made-up gaps', () => {
      const rows = walkRows();
      expect(rows).to.have.length(13759);
      // the logger's clock puts each sample 3 ms before a rounding edge, so its latency carries some
      // stamps over it: these repeat the one before, and others step 20 ms where the samples are 10 ms apart
      const clockMs = 3213;
      for (const latencyMs of [2.5, 4]) {
        for (const seed of [1, 2, 3]) {
          const what = `latency up to ${latencyMs} ms, seed ${seed}`;
          const prng = createPrng(seed);
          const lines = ['t_s,ax,ay,az,gx,gy,gz'];
          for (const row of rows) lines.push(`${((clockMs + row.tMs + latencyMs * prng.nextFloat()) / 1000).toFixed(2)},${row.values}`);
          const csv = lines.join('\n') + '\n';
          const stamps = stampsOf(csv);
          const firstRepeat = firstRepeatOf(stamps);
          expect(firstRepeat, what).to.be.above(0);
          expect(stamps.filter((stamp, i) => i > 0 && Number(stamp) - Number(stamps[i - 1]) > 0.015), `${what}: steps of 20 ms`).to.not.be.empty;
          const result = importCsvText(csv, OPTIONS);
          expect(result.error && result.error.message, what).to.match(new RegExp(
            `^line ${firstRepeat + 2}, column t_s: time stamp ${Number(stamps[firstRepeat])} repeats the previous time stamp ` +
              '\\(the time stamps look rounded to 10 ms, but one even rate does not explain them \\(stamps that jitter, or lost samples hidden in the rounding one after another\\): ' +
              '(they step 20 ms to line \\d+, more than rounding makes, yet those on either side leave no sample missing there' +
              '|between lines \\d+ and \\d+ they spread over [\\d.]+ ms about it, more than rounding and one gap hidden in it make \\(1\\d\\.\\d ms\\))\\)$',
          ));
          if (firstRepeat >= 2) expect(recordingOf(result).sampleCount, what).to.equal(firstRepeat);
          else expect(result.recording, what).to.equal(undefined);
          expect(result.warnings.filter((warning) => /rounded/.test(warning)), what).to.deep.equal([]);
        }
      }
    });

    it('lost samples that hide in the rounding one after another are not smoothed over: the 2-minute trial at 208 Hz with t_s to 2 decimals and 0.5 % of its samples dropped at random stops at the first repeated stamp with the reason, while one lost sample hidden in it (at 208 Hz, and at 80 Hz where it moves the stamps after it further than a grid step) still imports with the rounding warning', () => {
      const walk = walkRows().map((row) => row.values);
      const prng = createPrng(7);
      const droppedAtRandom = walk.map((_, i) => prng.nextFloat() < 0.005 && i > 0 && i < walk.length - 1);
      const droppedCount = droppedAtRandom.filter((dropped) => dropped).length;
      expect(droppedCount).to.be.within(40, 100);
      const exact = recordingOf(importCsvText(restampedCsv(walk, 208, 6, (i) => droppedAtRandom[i]), OPTIONS));
      expect(exact.gaps.reduce((sum, gap) => sum + gap.missingSamples, 0), 'samples the exact stamps show lost').to.equal(droppedCount);
      const csv = restampedCsv(walk, 208, 2, (i) => droppedAtRandom[i]);
      const stamps = stampsOf(csv);
      const firstRepeat = firstRepeatOf(stamps);
      const result = importCsvText(csv, OPTIONS);
      expect(result.error && result.error.message).to.match(new RegExp(
        `^line ${firstRepeat + 2}, column t_s: time stamp ${Number(stamps[firstRepeat])} repeats the previous time stamp ` +
          '\\(the time stamps look rounded to 10 ms, but one even rate does not explain them \\(stamps that jitter, or lost samples hidden in the rounding one after another\\): ' +
          'between lines 2 and \\d+ they spread over [\\d.]+ ms about it, more than rounding and one gap hidden in it make \\(2\\d\\.\\d ms\\)\\)$',
      ));

      const hiddenCases = [
        // at 208 Hz a lost sample never shows: the stamps step 0 or 10 ms over it (9.6 ms of samples), as they do between samples
        { rateHz: 208, hides: 'a gap of up to 3 samples can hide in the rounding' },
        // at 80 Hz one hides where the stamps step 20 ms over it (25 ms of samples), as they do between samples
        { rateHz: 80, hides: 'a gap of one sample can hide in the rounding' },
      ];
      for (const { rateHz, hides } of hiddenCases) {
        const what = `one lost sample at ${rateHz} Hz`;
        const allStamps = stampsOf(restampedCsv(walk, rateHz, 2));
        let lost = 7000;
        while (Number(allStamps[lost + 1]) - Number(allStamps[lost - 1]) > 0.025) lost++;
        const exactOne = recordingOf(importCsvText(restampedCsv(walk, rateHz, 6, (i) => i === lost), OPTIONS));
        expect(exactOne.gaps.map((gap) => [gap.beforeSample, gap.missingSamples]), what).to.deep.equal([[lost, 1]]);
        const one = importCsvText(restampedCsv(walk, rateHz, 2, (i) => i === lost), OPTIONS);
        expect(one.error, what).to.equal(undefined);
        expect(one.warnings, what).to.have.length(1);
        expect(one.warnings[0], what).to.match(new RegExp(`^time stamps rounded to 10 ms, .*; ${hides}$`));
        const recording = recordingOf(one);
        expect(recording.sampleRateHz, what).to.equal(rateHz);
        expect(recording.sampleCount, what).to.equal(walk.length - 1);
        expect(recording.gaps, what).to.deep.equal([]);
        // the samples beside the hidden gap are placed as if none were lost there: off by up to the period
        let furthestMs = 0;
        for (let i = 0; i < recording.sampleCount; i++) furthestMs = Math.max(furthestMs, Math.abs(recording.timesMs[i] - exactOne.timesMs[i]));
        expect(furthestMs, what).to.be.at.most(1000 / rateHz + TIME_TOLERANCE_MS);
      }
    });

    it('at 80 Hz, where the 10 ms grid repeats no stamp, 1 % of the samples lost at random, half of them hidden in the rounding, leave the stamps read as they are, with a warning saying why', () => {
      const walk = walkRows().map((row) => row.values);
      const prng = createPrng(11);
      const dropped = walk.map(() => prng.nextFloat() < 0.01);
      const csv = restampedCsv(walk, 80, 2, (i) => dropped[i]);
      const stamps = stampsOf(csv);
      expect(firstRepeatOf(stamps)).to.equal(-1);
      const result = importCsvText(csv, OPTIONS);
      expect(result.error).to.equal(undefined);
      expect(result.warnings.filter((warning) => /rounded/.test(warning))).to.have.length(1);
      expect(result.warnings[0]).to.match(new RegExp(
        '^the time stamps look rounded to 10 ms, but one even rate does not explain them \\(stamps that jitter, or lost samples hidden in the rounding one after another\\): ' +
          'between lines \\d+ and \\d+ they spread over [\\d.]+ ms about it, more than rounding and one gap hidden in it make \\(2\\d\\.\\d ms\\); they are read as they are$',
      ));
      const recording = recordingOf(result);
      expect(recording.sampleCount).to.equal(stamps.length);
      expect(Array.from(recording.timesMs.subarray(0, recording.sampleCount))).to.deep.equal(stamps.map((stamp) => Number(stamp) * 1000));
    });
  });

  describe('time stamps that jitter about the times the samples were taken', () => {
    // a logger that stamps each sample as it arrives stamps it a little early or late, the stamps
    // in the order the samples came; they keep to the rate on average
    const RATES_HZ = [52, 104, 208];
    interface Jitter {
      what: string;
      /** how far one stamp is off its sample's time, ms */
      offMs: (prng: Prng) => number;
      /** how far a stamp is off at most, or is seldom further (4 standard deviations), ms */
      mostOffMs: number;
    }
    const JITTERS: Jitter[] = [
      ...[0.5, 1, 1.5, 2, 3].map((sdMs) => ({ what: `Gaussian, ${sdMs} ms`, offMs: (prng: Prng) => prng.nextGaussian() * sdMs, mostOffMs: 4 * sdMs })),
      { what: 'uniform, up to 3 ms either way', offMs: (prng: Prng) => (prng.nextFloat() * 2 - 1) * 3, mostOffMs: 3 },
    ];
    /** a lost sample's place is told to the sample where no stamp is off by half a period */
    const placeTold = (rateHz: number, jitter: Jitter): boolean => jitter.mostOffMs < 500 / rateHz;
    /**
     * The run's samples that `lost` leaves, each stamped at its time plus the jitter, the stamps in
     * the order they came (so they increase) and written to the microsecond; and the gaps the lost
     * samples make, [index of the first sample after, samples lost]
     */
    function jitteredCsv(rateHz: number, jitter: Jitter, seed: number, lost: (i: number, prng: Prng) => boolean = () => false): { csv: string; gaps: Array<[number, number]> } {
      const { rows } = runAt(rateHz);
      const prng = createPrng(seed);
      const kept: number[] = [];
      for (let i = 0; i < rows.length; i++) if (i === 0 || !lost(i, prng)) kept.push(i);
      const stampsUs = kept.map((i) => Math.round(((i * 1000) / rateHz + jitter.offMs(prng)) * 1000)).sort((a, b) => a - b);
      // the logger's clock moves on between two arrivals
      for (let k = 1; k < stampsUs.length; k++) stampsUs[k] = Math.max(stampsUs[k], stampsUs[k - 1] + 1);
      const gaps: Array<[number, number]> = [];
      for (let k = 1; k < kept.length; k++) if (kept[k] - kept[k - 1] > 1) gaps.push([k, kept[k] - kept[k - 1] - 1]);
      const lines = [HEADER, ...kept.map((i, k) => `${(stampsUs[k] / 1000).toFixed(3)},${rows[i]}`)];
      return { csv: lines.join('\n') + '\n', gaps: gaps };
    }

    it('with no sample lost (Gaussian, 0.5 to 3 ms; uniform, up to 3 ms either way; at 52, 104 and 208 Hz): no gap, no warning, the rate within 0.1 %, and the steps of the run within 1 %', () => {
      for (const rateHz of RATES_HZ) {
        const truthSteps = runAt(rateHz).run.truth.steps.length;
        expect(truthSteps, `${rateHz} Hz`).to.be.above(250);
        for (const jitter of JITTERS) {
          const what = `${rateHz} Hz, ${jitter.what}`;
          const result = importCsvText(jitteredCsv(rateHz, jitter, 1).csv, OPTIONS);
          const recording = recordingOf(result);
          expect(result.error, what).to.equal(undefined);
          expect(result.warnings, what).to.deep.equal([]);
          expect(recording.gaps, what).to.deep.equal([]);
          expect(recording.sampleRateHz, what).to.equal(rateHz);
          expect(result.inferredRateHz!, what).to.be.closeTo(rateHz, 0.001 * rateHz);
          expect(replayRecording(recording).totals.steps, what).to.be.closeTo(truthSteps, 0.01 * truthSteps);
        }
      }
    });

    /** 10 samples lost from 20 s on, 100 from 50 s on, and 1 % of the rest at random */
    const lostAtKnownPlaces = (rateHz: number) => (i: number, prng: Prng): boolean =>
      (i >= 20 * rateHz && i < 20 * rateHz + 10) || (i >= 50 * rateHz && i < 50 * rateHz + 100) || prng.nextFloat() < 0.01;

    it('with 10 and 100 samples lost at known places and 1 % at random, while no stamp is off by half a period (52 Hz: Gaussian up to 2 ms, uniform; 104 Hz: Gaussian up to 1 ms, uniform; 208 Hz: Gaussian 0.5 ms): exactly those gaps, each where it is with its samples lost', () => {
      for (const rateHz of RATES_HZ) {
        for (const jitter of JITTERS.filter((one) => placeTold(rateHz, one))) {
          const what = `${rateHz} Hz, ${jitter.what}`;
          const { csv, gaps } = jitteredCsv(rateHz, jitter, 2, lostAtKnownPlaces(rateHz));
          expect(gaps.length, what).to.be.above(0.008 * 95 * rateHz);
          const result = importCsvText(csv, OPTIONS);
          expect(result.error, what).to.equal(undefined);
          expect(result.warnings, what).to.deep.equal([]);
          expect(recordingOf(result).sampleRateHz, what).to.equal(rateHz);
          expect(result.inferredRateHz!, what).to.be.closeTo(rateHz, 0.001 * rateHz);
          expect(recordingOf(result).gaps.map((gap) => [gap.beforeSample, gap.missingSamples]), what).to.deep.equal(gaps);
        }
      }
    });

    it('with the same losses and stamps off by half a period or more (the rest, up to 3 ms at 208 Hz: 0.6 periods): the samples lost within one of the truth, the 10 and 100 lost found whole within 2 samples of their place, and no gap further than 30 samples from a lost one, as which of two neighbouring samples a lost one was is then not in the stamps', () => {
      for (const rateHz of RATES_HZ) {
        for (const jitter of JITTERS.filter((one) => !placeTold(rateHz, one))) {
          const what = `${rateHz} Hz, ${jitter.what}`;
          const { csv, gaps } = jitteredCsv(rateHz, jitter, 2, lostAtKnownPlaces(rateHz));
          const result = importCsvText(csv, OPTIONS);
          expect(result.error, what).to.equal(undefined);
          expect(result.warnings, what).to.deep.equal([]);
          expect(result.inferredRateHz!, what).to.be.closeTo(rateHz, 0.001 * rateHz);
          const found = recordingOf(result).gaps.map((gap): [number, number] => [gap.beforeSample, gap.missingSamples]);
          const lostSamples = (list: Array<[number, number]>) => list.reduce((sum, gap) => sum + gap[1], 0);
          expect(lostSamples(found), what).to.be.closeTo(lostSamples(gaps), 1);
          for (const [place, missing] of gaps.filter((gap) => gap[1] >= 10)) {
            const near = found.filter((gap) => Math.abs(gap[0] - place) <= 2);
            expect(lostSamples(near), `${what}: ${missing} lost before sample ${place}`).to.be.closeTo(missing, 1);
          }
          for (const [place] of found) {
            expect(Math.min(...gaps.map((gap) => Math.abs(gap[0] - place))), `${what}: the gap before sample ${place}`).to.be.at.most(30);
          }
        }
      }
    });

    it('stamps in the samples\' order, not sorted, that cross where they jitter by more than half a period (208 Hz: uniform up to 3 ms either way, Gaussian 1 ms): read in their place, not refused as damaged, with a warning; no gap, the rate within 0.1 %, the steps of the run within 1 %', () => {
      const rateHz = 208;
      const { rows, run } = runAt(rateHz);
      const truthSteps = run.truth.steps.length;
      for (const jitter of [JITTERS[5], JITTERS[1]]) {
        const what = `${rateHz} Hz, ${jitter.what}`;
        const prng = createPrng(4);
        const stampsMs = rows.map((_, i) => Number(((i * 1000) / rateHz + jitter.offMs(prng)).toFixed(4)));
        const crossings = stampsMs.filter((t, i) => i > 0 && t < stampsMs[i - 1]).length;
        expect(crossings, what).to.be.above(0);
        // a stamp that repeats the one before is judged as a repeat (roundedStamps.ts): none here
        expect(stampsMs.filter((t, i) => i > 0 && t === stampsMs[i - 1]).length, what).to.equal(0);
        const csv = [HEADER, ...rows.map((row, i) => `${stampsMs[i].toFixed(4)},${row}`)].join('\n') + '\n';
        const result = importCsvText(csv, OPTIONS);
        expect(result.error && result.error.message, what).to.equal(undefined);
        const recording = recordingOf(result);
        expect(recording.sampleCount, what).to.equal(rows.length);
        expect(result.warnings, what).to.have.length(1);
        expect(result.warnings[0], what).to.match(new RegExp(`^${crossings === 1 ? 'a time stamp goes' : `${crossings} time stamps go`} back by less than a sample period, and the next goes on past the one before \\(`));
        expect(result.warnings[0], what).to.match(/as stamps that jitter by more than half a period, or a clock set back by a little, do: not a clock that started again. Each such sample is read in its place in the file, its time halfway between the stamps either side$/);
        for (let i = 1; i < recording.sampleCount; i++) expect(recording.timesMs[i] > recording.timesMs[i - 1], `${what}: sample ${i}`).to.equal(true);
        expect(recording.gaps, what).to.deep.equal([]);
        expect(recording.sampleRateHz, what).to.equal(rateHz);
        expect(result.inferredRateHz!, what).to.be.closeTo(rateHz, 0.001 * rateHz);
        expect(replayRecording(recording).totals.steps, what).to.be.closeTo(truthSteps, 0.01 * truthSteps);
      }
    });

    it('a clock set back by one to two periods (its stamp steps back by less than one, the next go on from it): read on, not refused as damaged; exact stamps with one off by less than a period, the next going on from before it, stay a damaged stamp', () => {
      const text = fs.readFileSync(MOBGAP, 'utf8');
      const rows = text.trimEnd().split('\n');
      // from the 601st sample on, the clock is 15 ms (1.5 periods) behind: 5990, then 5985
      const setBack = [rows[0], ...rows.slice(1).map((row, i) => (i < 600 ? row : `${Number(row.split(',')[0]) - 15}${row.slice(row.indexOf(','))}`))].join('\n') + '\n';
      const result = importCsvText(setBack, { ...OPTIONS, axisMap: { v: 1, ap: 3, ml: -2 } });
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([
        'a time stamp goes back by less than a sample period, and the next goes on past the one before (at line 602: 5985 after 5990), as stamps that jitter ' +
          'by more than half a period, or a clock set back by a little, do: not a clock that started again. Each such sample is read in its place in the file, ' +
          'its time halfway between the stamps either side',
      ]);
      const recording = recordingOf(result);
      expect(recording.sampleCount).to.equal(1246);
      expect(recording.gaps).to.deep.equal([]);
      expect(Array.from(recording.timesMs.subarray(598, 603))).to.deep.equal([5980, 5990, 5992.5, 5995, 6005]);
      // exact stamps, one 5 ms back and the next a period on from the one before it: damaged
      const damaged = rows.slice();
      damaged[601] = `5985${rows[601].slice(rows[601].indexOf(','))}`;
      const refused = importCsvText(damaged.join('\n') + '\n', OPTIONS);
      expect(refused.error && refused.error.message).to.equal(
        'line 602, column t_ms: time stamp 5985 goes back in time, and the next one (6010, line 603) goes on from before it: a damaged stamp, or lines out of order (sort them by time), not a clock that started again',
      );
    });

    it('the bundled run stamped t_ms = i * 1000 / 104 plus a Gaussian of 1.5 ms: no gap, 104 Hz, no warning, and the 516 steps of the exact stamps; read with --rate 104 alike', () => {
      // judged an interval at a time, these stamps made 258 gaps, 105 Hz and 357 steps (at --rate
      // 104: 229 gaps and 375 steps), with a warning of a rate of 104.73 Hz
      const rows = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', EXAMPLE_RUN_FILE), 'utf8').trimEnd().split('\n').slice(1);
      const prng = createPrng(3);
      const lines = [HEADER, ...rows.map((row, i) => `${((i * 1000) / 104 + 1.5 * prng.nextGaussian()).toFixed(3)}${row.slice(row.indexOf(','))}`)];
      const exact = replayRecording(recordingOf(importCsvText([HEADER, ...rows].join('\n') + '\n', OPTIONS))).totals.steps;
      expect(exact).to.equal(516);
      for (const rateHz of [undefined, 104]) {
        const result = importCsvText(lines.join('\n') + '\n', { ...OPTIONS, ...(rateHz !== undefined ? { rateHz: rateHz } : {}) });
        const recording = recordingOf(result);
        expect(result.error, `--rate ${rateHz}`).to.equal(undefined);
        expect(result.warnings, `--rate ${rateHz}`).to.deep.equal([]);
        expect(recording.sampleCount, `--rate ${rateHz}`).to.equal(rows.length);
        expect(recording.gaps, `--rate ${rateHz}`).to.deep.equal([]);
        expect(recording.sampleRateHz, `--rate ${rateHz}`).to.equal(104);
        expect(result.inferredRateHz!, `--rate ${rateHz}`).to.be.closeTo(104, 0.01);
        expect(replayRecording(recording).totals.steps, `--rate ${rateHz}`).to.equal(exact);
      }
    });
  });

  describe('time stamps that come in batches', () => {
    // a logger that takes the samples a batch at a time (a FIFO read, a BLE notification) and
    // stamps each batch with the time it came, up to `lateMs` after its last sample was taken
    interface Batched {
      csv: string;
      /** the samples kept: those of the batches not lost */
      kept: number[];
      gaps: Array<[number, number]>;
    }
    function batchedCsv(rateHz: number, perBatch: number, options: { apartMs?: number; lateMs?: number; seed?: number; lostBatch?: (b: number, prng: Prng) => boolean; lostInBatch?: (b: number) => number } = {}): Batched {
      const { rows } = runAt(rateHz);
      const prng = createPrng(options.seed ?? 1);
      const kept: number[] = [];
      const lines = [HEADER];
      for (let b = 0; b * perBatch < rows.length; b++) {
        if (options.lostBatch !== undefined && options.lostBatch(b, prng)) continue;
        const first = b * perBatch + (options.lostInBatch !== undefined ? options.lostInBatch(b) : 0);
        const end = Math.min(rows.length, (b + 1) * perBatch);
        const cameMs = ((end - 1) * 1000) / rateHz + prng.nextFloat() * (options.lateMs ?? 1);
        for (let i = first; i < end; i++) {
          lines.push(`${(cameMs + (i - first) * (options.apartMs ?? 0)).toFixed(3)},${rows[i]}`);
          kept.push(i);
        }
      }
      const gaps: Array<[number, number]> = [];
      for (let k = 1; k < kept.length; k++) if (kept[k] - kept[k - 1] > 1) gaps.push([k, kept[k] - kept[k - 1] - 1]);
      return { csv: lines.join('\n') + '\n', kept: kept, gaps: gaps };
    }

    it('8, 13 or 26 samples a batch, on one stamp or 0.1 ms apart, each batch stamped up to 1 or 3 ms after its last sample, at 52, 104 and 208 Hz: read at the rate the batches give with a warning saying so, no gap, each sample within the batch lateness of its time, and the run\'s steps within 1 %', () => {
      for (const rateHz of [52, 104, 208]) {
        const truthSteps = runAt(rateHz).run.truth.steps.length;
        for (const perBatch of [8, 13, 26]) {
          for (const apartMs of [0, 0.1]) {
            for (const lateMs of [1, 3]) {
              const what = `${rateHz} Hz, ${perBatch} a batch, ${apartMs} ms apart, up to ${lateMs} ms late`;
              const result = importCsvText(batchedCsv(rateHz, perBatch, { apartMs: apartMs, lateMs: lateMs }).csv, OPTIONS);
              const recording = recordingOf(result);
              expect(result.error, what).to.equal(undefined);
              expect(result.warnings, what).to.have.length(1);
              expect(result.warnings[0], what).to.match(new RegExp(
                `^the time stamps come in batches: ${perBatch} samples ${apartMs === 0 ? 'on one stamp' : 'within [\\d.]+ ms'}.*, \\d+ batches, each stamped when it came, ` +
                  `not when its samples were taken\\. The samples are read at the rate the batches give, ${rateHz}\\.0 Hz`,
              ));
              expect(recording.gaps, what).to.deep.equal([]);
              expect(recording.sampleRateHz, what).to.equal(rateHz);
              expect(result.inferredRateHz!, what).to.be.closeTo(rateHz, 0.001 * rateHz);
              let furthestMs = 0;
              for (let i = 0; i < recording.sampleCount; i++) furthestMs = Math.max(furthestMs, Math.abs(recording.timesMs[i] - (i * 1000) / rateHz));
              // (and the rate the batches give, a little off over a batch)
              expect(furthestMs, `${what}: furthest time off, ms`).to.be.at.most(lateMs + 0.01);
              expect(replayRecording(recording).totals.steps, what).to.be.closeTo(truthSteps, 0.01 * truthSteps);
            }
          }
        }
      }
    });

    it('a batch lost whole, 5 samples of another, and 1 % of the batches at random, at 104 Hz, 13 a batch: each a gap with the samples it lost', () => {
      for (const apartMs of [0, 0.1]) {
        const { csv, gaps } = batchedCsv(104, 13, {
          apartMs: apartMs,
          seed: 5,
          lostBatch: (b, prng) => b === 160 || (b > 0 && b !== 400 && prng.nextFloat() < 0.01),
          lostInBatch: (b) => (b === 400 ? 5 : 0),
        });
        expect(gaps.length, `${apartMs} ms apart`).to.be.above(5);
        const result = importCsvText(csv, OPTIONS);
        expect(result.error, `${apartMs} ms apart`).to.equal(undefined);
        expect(recordingOf(result).gaps.map((gap) => [gap.beforeSample, gap.missingSamples]), `${apartMs} ms apart`).to.deep.equal(gaps);
      }
    });

    it('13 a batch at 104 Hz, 0.1 ms apart, read with --rate 104: the same samples, gaps and steps as without, and times within the 1 ms the batches came late', () => {
      // read as they were, each batch was a gap of 12 samples there, and no step was found
      const { csv } = batchedCsv(104, 13, { apartMs: 0.1 });
      const inferred = recordingOf(importCsvText(csv, OPTIONS));
      const given = importCsvText(csv, { ...OPTIONS, rateHz: 104 });
      expect(given.error).to.equal(undefined);
      expect(given.warnings).to.have.length(1);
      // the set rate times each sample from its index; read without it, the batch stamps place them
      expectSameRecording(recordingOf(given), inferred, 1, '--rate 104');
      expect(replayRecording(recordingOf(given)).totals.steps).to.equal(replayRecording(inferred).totals.steps);
    });

    it('refuses batches whose time from one to the next does not follow the samples in them (3 to 30 samples each, one batch every 125 ms), saying that the stamps come in batches, with nothing imported', () => {
      const { rows } = runAt(104);
      const prng = createPrng(9);
      const lines = [HEADER];
      for (let i = 0, b = 1; i < rows.length; b++) {
        const size = 3 + Math.floor(prng.nextFloat() * 28);
        for (let k = 0; k < size && i < rows.length; k++, i++) lines.push(`${b * 125},${rows[i]}`);
      }
      const result = importCsvText(lines.join('\n') + '\n', OPTIONS);
      expect(result.recording).to.equal(undefined);
      expect(result.error && result.error.message).to.match(
        /^the time stamps come in batches \(\d+ samples on about one stamp, \d+ batches\), but the time from one batch to the next does not follow the samples in it \(only \d+ % of the batches are within 25 % of one rate\): when each sample was taken cannot be told from these stamps/,
      );
    });
  });

  describe('lines before the header', () => {
    /** the mobgap trial (t_ms, g and dps) as its file writes it, and read so */
    const trialText = (): string => fs.readFileSync(MOBGAP, 'utf8');
    const MOBGAP_AXES: CsvImportOptions = { ...OPTIONS, axisMap: { v: 1, ap: 3, ml: -2 } };

    it('skips a logger\'s notes before the header (# Device, # Sampling rate): the trial\'s samples, times and rate as without them, a note saying how many lines were skipped, and later lines named by their own line numbers', () => {
      const plain = importCsvText(trialText(), MOBGAP_AXES);
      const text = '# Device: XYZ logger\n# Sampling rate: 100 Hz\n' + trialText();
      const result = importCsvText(text, MOBGAP_AXES);
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([]);
      expect(result.notes).to.deep.equal(["2 lines before the header (line 3) are no data and were skipped: '# Device: XYZ logger', '# Sampling rate: 100 Hz'"]);
      expectSameRecording(recordingOf(result), recordingOf(plain), 0, 'notes');
      expect(Array.from(recordingOf(result).timesMs.subarray(0, 3))).to.deep.equal([0, 10, 20]);
      // a bad value on the file's line 503 (the trial's sample 499) is named so
      const lines = text.split('\n');
      lines[502] = lines[502].replace(/^(\d+),[^,]*/, '$1,oops');
      const bad = importCsvText(lines.join('\n'), MOBGAP_AXES);
      expect(bad.error && bad.error.message).to.equal("line 503, column ax: 'oops' is not a number");
      expect(recordingOf(bad).sampleCount).to.equal(499);
      // a file without notes has none to tell
      expect(plain.notes).to.equal(undefined);
    });

    it('skips notes of any form before the header that names the columns: key-value lines, a quote in a note, empty lines, a header mapped by --columns', () => {
      const plain = recordingOf(importCsvText(trialText(), MOBGAP_AXES));
      const rows = trialText().split('\n');
      const mappedText = ['Device,XYZ logger', 'Firmware: "2.1" (beta)', '', 'time,AccX,AccY,AccZ,GyrX,GyrY,GyrZ', ...rows.slice(1)].join('\n');
      const mapped = importCsvText(mappedText, { ...MOBGAP_AXES, columns: parseCsvColumnMap('t_ms=time,ax=AccX,ay=AccY,az=AccZ,gx=GyrX,gy=GyrY,gz=GyrZ') });
      expect(mapped.error).to.equal(undefined);
      expect(mapped.notes).to.deep.equal(["2 lines before the header (line 4) are no data and were skipped: 'Device,XYZ logger', 'Firmware: \"2.1\" (beta)'"]);
      expectSameRecording(recordingOf(mapped), plain, 0, 'mapped');
    });

    it('reads the values with the separator a first line sep=; or sep=, names (Excel\'s), with a note saying so', () => {
      const plain = recordingOf(importCsvText(trialText(), MOBGAP_AXES));
      for (const separator of [';', ',', '\t']) {
        const text = `sep=${separator}\n` + trialText().replace(/,/g, separator);
        const result = importCsvText(text, MOBGAP_AXES);
        expect(result.error, separator).to.equal(undefined);
        const named = separator === '\t' ? 'tabs' : `'${separator}'`;
        expect(result.notes, separator).to.deep.equal([`1 line before the header (line 2) is no data and was skipped: 'sep=${separator.trim()}'; the values are separated by ${named}, as its sep= line says`]);
        expectSameRecording(recordingOf(result), plain, 0, separator);
      }
      // quoted, as a spreadsheet may save it
      expectSameRecording(recordingOf(importCsvText('"sep=;"\n' + trialText().replace(/,/g, ';'), MOBGAP_AXES)), plain, 0, 'quoted');
    });

    it('warns where the notes name a sampling rate the time stamps do not keep (50 Hz, the stamps 100 Hz), naming the line and --rate; one they keep is no warning', () => {
      const result = importCsvText('# Device: XYZ logger\n# Sampling rate: 50 Hz\n' + trialText(), MOBGAP_AXES);
      expect(result.warnings).to.deep.equal([
        "line 2 before the header ('# Sampling rate: 50 Hz') gives 50 Hz, but the time stamps give 100 Hz: the samples are timed by their stamps (if 50 Hz is right, --rate 50 times them at it)",
      ]);
      expect(recordingOf(result).sampleRateHz).to.equal(100);
      for (const stated of ['# Sampling rate: 100 Hz', 'Sampling frequency [Hz]: 100.0', '# ODR = 0.1 kHz', 'fs,100', '# Radio frequency: 2.4 GHz', '# Frequency band: 868 MHz']) {
        expect(importCsvText(`${stated}\n` + trialText(), MOBGAP_AXES).warnings, stated).to.deep.equal([]);
      }
    });

    it('a file of notes and no header is an error saying so, and a header whose names are not the columns is named on its own line, not on a note', () => {
      const notesOnly = importCsvText('# Device: XYZ logger\n# Sampling rate: 100 Hz\n', OPTIONS);
      expect(notesOnly.recording).to.equal(undefined);
      expect(notesOnly.error && notesOnly.error.message).to.equal(
        "no header: the file holds 2 lines of notes ('# Device: XYZ logger'), none naming the columns: expected a header such as t_ms,ax,ay,az,gx,gy,gz",
      );
      const otherNames = importCsvText('# Device: XYZ logger\ntime,AccX,AccY,AccZ,GyrX,GyrY,GyrZ\n0,1,0,0,0,0,0\n', OPTIONS);
      expect(otherNames.error && otherNames.error.message).to.equal(
        'line 2: missing required columns t_ms (or t_s, t_us, t_ns), ax, ay, az, gx, gy, gz in the header (time,AccX,AccY,AccZ,GyrX,GyrY,GyrZ); map other names with --columns, e.g. ax=AccX',
      );
    });

    it('streams a file with notes (one not ASCII) to the recording the text import gives', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-csv-'));
      try {
        const text = '\ufeff# Gerät: XYZ logger (Zürich)\n# Sampling rate: 100 Hz\n' + trialText();
        const file = path.join(dir, 'notes.csv');
        fs.writeFileSync(file, text);
        const streamed = await importCsvFile(file, MOBGAP_AXES);
        expect(streamed.error).to.equal(undefined);
        expect(streamed.notes).to.deep.equal(["2 lines before the header (line 3) are no data and were skipped: '# Gerät: XYZ logger (Zürich)', '# Sampling rate: 100 Hz'"]);
        expectSameRecording(recordingOf(streamed), recordingOf(importCsvText(trialText(), MOBGAP_AXES)), 0, 'streamed');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('time stamps that are ISO 8601 date-times', () => {
    const MOBGAP_AXES: CsvImportOptions = { ...OPTIONS, axisMap: { v: 1, ap: 3, ml: -2 } };
    const START_UTC_MS = Date.UTC(2024, 2, 1, 10, 0, 0);
    /** the trial's rows with each t_ms written as `stamp` makes it (ms after 10:00:00 UTC) */
    function dateTimeTrial(stamp: (tMs: number) => string, header = 't_ms,ax,ay,az,gx,gy,gz', keep: (i: number) => boolean = () => true): string {
      const rows = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n').slice(1).filter((_, i) => keep(i));
      return [header, ...rows.map((row) => stamp(Number(row.slice(0, row.indexOf(',')))) + row.slice(row.indexOf(',')))].join('\n') + '\n';
    }
    const iso = (tMs: number): string => new Date(START_UTC_MS + tMs).toISOString();

    it('the trial stamped 2024-03-01T10:00:00.000Z on: its samples and times as in ms, no warning, the start kept on the recording and said in a note', () => {
      const plain = recordingOf(importCsvText(fs.readFileSync(MOBGAP, 'utf8'), MOBGAP_AXES));
      const result = importCsvText(dateTimeTrial(iso), MOBGAP_AXES);
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([]);
      expect(result.notes).to.deep.equal(["the time stamps are date-times: the recording starts at 2024-03-01T10:00:00.000Z, and each sample's time is its ms after that"]);
      expectSameRecording(recordingOf(result), plain, 0, 'UTC');
      expect(recordingOf(result).startTime).to.equal('2024-03-01T10:00:00.000Z');
      expect(plain.startTime).to.equal(undefined);
    });

    it('the same with an offset (+01:00), with a space for the T, with no zone (local time), in any time column, and to the microsecond at 104 Hz', () => {
      const plain = recordingOf(importCsvText(fs.readFileSync(MOBGAP, 'utf8'), MOBGAP_AXES));
      const local = (tMs: number): string => iso(tMs + 3600000).slice(0, 23);
      for (const [what, text, start] of [
        ['offset', dateTimeTrial((tMs) => `${local(tMs)}+01:00`), '2024-03-01T11:00:00.000+01:00'],
        ['space', dateTimeTrial((tMs) => iso(tMs).replace('T', ' ')), '2024-03-01T10:00:00.000Z'],
        ['no zone', dateTimeTrial(local), '2024-03-01T11:00:00.000'],
        ['t_s column', dateTimeTrial(iso, 't_s,ax,ay,az,gx,gy,gz'), '2024-03-01T10:00:00.000Z'],
      ] as Array<[string, string, string]>) {
        const result = importCsvText(text, MOBGAP_AXES);
        expect(result.warnings, what).to.deep.equal([]);
        expectSameRecording(recordingOf(result), plain, 0, what);
        expect(recordingOf(result).startTime, what).to.equal(start);
      }
      expect(importCsvText(dateTimeTrial(local), MOBGAP_AXES).notes).to.deep.equal([
        "the time stamps are date-times: the recording starts at 2024-03-01T11:00:00.000 (no zone given: the logger's local time), and each sample's time is its ms after that",
      ]);
      // pandas writes microseconds: the trial's samples at 104 Hz, each i * 1000 / 104 ms after the first
      const values = mobgapValues();
      const at104 = ['t_ms,ax,ay,az,gx,gy,gz', ...values.map((v, i) => {
        const us = Math.round((i * 1e6) / 104);
        return `2024-03-01T10:00:${String(Math.floor(us / 1e6)).padStart(2, '0')}.${String(us % 1e6).padStart(6, '0')}Z,${v}`;
      })].join('\n') + '\n';
      const recording = recordingOf(importCsvText(at104, MOBGAP_AXES));
      expect(recording.sampleRateHz).to.equal(104);
      expect(recording.gaps).to.deep.equal([]);
      for (let i = 0; i < recording.sampleCount; i++) expect(recording.timesMs[i]).to.be.closeTo((i * 1000) / 104, 0.0005);
    });

    it('a gap cut out of date-time stamps is where the ms stamps have it, with the samples it lost, as is one over midnight', () => {
      const cut = (i: number): boolean => i < 600 || i >= 605;
      const inMs = recordingOf(importCsvText(dateTimeTrial(String, 't_ms,ax,ay,az,gx,gy,gz', cut), MOBGAP_AXES));
      expect(inMs.gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[600, 5]]);
      expectSameRecording(recordingOf(importCsvText(dateTimeTrial(iso, undefined, cut), MOBGAP_AXES)), inMs, 0, 'UTC');
      const nearMidnight = (tMs: number): string => new Date(Date.UTC(2024, 1, 29, 23, 59, 55) + tMs).toISOString();
      const overMidnight = recordingOf(importCsvText(dateTimeTrial(nearMidnight, undefined, cut), MOBGAP_AXES));
      expectSameRecording(overMidnight, inMs, 0, 'over midnight');
      expect(overMidnight.startTime).to.equal('2024-02-29T23:59:55.000Z');
    });

    it('a stamp that is not a date-time after date-times is a bad line naming it and the first stamp, the samples before it kept; a repeated one is named as a date-time', () => {
      const lines = dateTimeTrial(iso).split('\n');
      lines[101] = lines[101].replace(/^[^,]*/, '1000');
      const result = importCsvText(lines.join('\n'), MOBGAP_AXES);
      expect(result.error && result.error.message).to.equal("line 102, column t_ms: '1000' is not a date-time, as the time stamps before it are (the first, 2024-03-01T10:00:00.000Z)");
      expect(recordingOf(result).sampleCount).to.equal(100);
      const repeated = dateTimeTrial(iso).split('\n');
      repeated[201] = repeated[201].replace(/^[^,]*/, repeated[200].slice(0, repeated[200].indexOf(',')));
      const repeat = importCsvText(repeated.join('\n'), MOBGAP_AXES);
      expect(repeat.error && repeat.error.message).to.match(/^line 202, column t_ms: time stamp 2024-03-01T10:00:01\.990Z repeats the previous time stamp/);
      expect(recordingOf(repeat).sampleCount).to.equal(200);
    });
  });

  describe('a clock that starts again mid-file (a logger that restarted)', () => {
    const MOBGAP_AXES: CsvImportOptions = { ...OPTIONS, axisMap: { v: 1, ap: 3, ml: -2 } };
    /** `header` and `rows` (stamp, then the six values) with each row's stamp from `stamp` */
    function restamped(header: string, rows: string[], stamp: (i: number, stamp: string) => string): string {
      return [header, ...rows.map((row, i) => stamp(i, row.slice(0, row.indexOf(','))) + row.slice(row.indexOf(',')))].join('\n') + '\n';
    }

    it('the trial whose stamps go back to 0 at its 601st sample: every sample kept as it was, those before the restart at their times, those after 1 s after them, a gap of unknown length with its cause where the clock restarted, and a warning naming the line', () => {
      const text = fs.readFileSync(MOBGAP, 'utf8');
      const plain = recordingOf(importCsvText(text, MOBGAP_AXES));
      const rows = text.trimEnd().split('\n');
      const result = importCsvText(restamped(rows[0], rows.slice(1), (i, t) => String(i < 600 ? Number(t) : Number(t) - 6000)), MOBGAP_AXES);
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([
        "the time stamps start again at line 602 (0 after 5990; 646 samples from there), as a logger's clock does when it restarts: the samples from there on are read as a new stretch after a gap of unknown length " +
          '(a gap with cause clockRestart and no samples counted as lost, placed 1 s after the sample before it; the detector starts afresh there). ' +
          "Times after it are not those of the file, nor is the recording's duration its real one",
      ]);
      const recording = recordingOf(result);
      expect(recording.sampleCount).to.equal(1246);
      const bytes = 1246 * SAMPLE_STRIDE * 2;
      expect(Buffer.from(recording.samplesCounts.buffer, 0, bytes).equals(Buffer.from(plain.samplesCounts.buffer, 0, bytes))).to.equal(true);
      expect(recording.sampleRateHz).to.equal(100);
      expect(recording.gaps).to.deep.equal([
        { startMs: 5990, endMs: 6990, missingSamples: 0, beforeSample: 600, restart: { clockZeroMs: 6990, finished: true }, cause: 'clockRestart' },
      ]);
      for (let i = 0; i < 1246; i++) expect(recording.timesMs[i], `sample ${i}`).to.equal(plain.timesMs[i] + (i < 600 ? 0 : 990));
    });

    it('replays each stretch as the file of its own samples would be: the same steps and windows, those after the restart on its clock placed after the gap', () => {
      const { rows } = runAt(104);
      const stamp = (i: number): string => ((i * 1000) / 104).toFixed(3);
      const RESTART = 5000;
      const whole = recordingOf(importCsvText(restamped(HEADER, rows.map((v, i) => `${stamp(i < RESTART ? i : i - RESTART)},${v}`), (_, t) => t), OPTIONS));
      expect(whole.gaps.map((gap) => [gap.beforeSample, gap.missingSamples, gap.cause])).to.deep.equal([[RESTART, 0, 'clockRestart']]);
      const before = recordingOf(importCsvText(restamped(HEADER, rows.slice(0, RESTART).map((v, i) => `${stamp(i)},${v}`), (_, t) => t), OPTIONS));
      const after = recordingOf(importCsvText(restamped(HEADER, rows.slice(RESTART).map((v, i) => `${stamp(i)},${v}`), (_, t) => t), OPTIONS));
      const replayed = replayRecording(whole);
      const zeroMs = whole.gaps[0].endMs;
      const apart = [...replayRecording(before).records, ...replayRecording(after).records.map((record) => (
        record.type === 'step' ? { ...record, tMs: record.tMs + Math.round(zeroMs) }
          : record.type === 'summary' ? { ...record, startMs: record.startMs + Math.round(zeroMs), endMs: record.endMs + Math.round(zeroMs) } : record))];
      const records = replayed.records.filter((record) => record.type !== 'gap');
      expect(records.filter((record) => record.type === 'step').length).to.be.above(200);
      expect(records.map((record) => JSON.stringify(record))).to.deep.equal(apart.map((record) => JSON.stringify(record)));
    });

    it('restarts twice, with t_s rounded to 2 decimals at 104 Hz: read as the rounded stamps are, each stretch a new one, and read at a set rate (--rate) alike', () => {
      const values = mobgapValues();
      const text = restamped('t_s,ax,ay,az,gx,gy,gz', values.map((v) => `0,${v}`), (i) => {
        const k = i < 400 ? i : i < 900 ? i - 400 : i - 900;
        return (3.217 + k / 104).toFixed(2);
      });
      const result = importCsvText(text, MOBGAP_AXES);
      expect(result.error).to.equal(undefined);
      expect(result.warnings.length).to.equal(2);
      expect(result.warnings[0]).to.match(/^time stamps rounded to 10 ms/);
      expect(result.warnings[1]).to.match(/^the time stamps start again 2 times: at line 402 \(3\.22 after 7\.05; 500 samples from there\); at line 902 \(3\.22 after 8\.02; 346 samples from there\), as a logger's clock/);
      const recording = recordingOf(result);
      expect(recording.sampleCount).to.equal(1246);
      expect(recording.sampleRateHz).to.equal(104);
      expect(recording.gaps.map((gap) => [gap.beforeSample, gap.missingSamples, gap.cause])).to.deep.equal([[400, 0, 'clockRestart'], [900, 0, 'clockRestart']]);
      for (const gap of recording.gaps) expect(gap.endMs - gap.startMs).to.be.closeTo(1000, 10);
      const atRate = recordingOf(importCsvText(text, { ...MOBGAP_AXES, rateHz: 104 }));
      expect(atRate.gaps.map((gap) => [gap.beforeSample, gap.missingSamples, gap.cause])).to.deep.equal([[400, 0, 'clockRestart'], [900, 0, 'clockRestart']]);
      for (const gap of atRate.gaps) {
        expect(gap.restart && gap.restart.clockZeroMs).to.equal(gap.endMs);
        expect(atRate.timesMs[gap.beforeSample]).to.equal(gap.endMs);
      }
    });

    it('a date-time clock set back (an hour, as at the end of summer time) is a restart too, named by its stamps', () => {
      const text = fs.readFileSync(MOBGAP, 'utf8');
      const rows = text.trimEnd().split('\n');
      const start = Date.UTC(2024, 9, 27, 2, 59, 55);
      const result = importCsvText(restamped(rows[0], rows.slice(1), (i, t) => new Date(start + Number(t) - (i < 600 ? 0 : 3600000)).toISOString().slice(0, 23)), MOBGAP_AXES);
      expect(result.warnings[0]).to.match(/^the time stamps start again at line 602 \(2024-10-27T02:00:01\.000 after 2024-10-27T03:00:00\.990; 646 samples from there\)/);
      expect(recordingOf(result).sampleCount).to.equal(1246);
    });
  });

  describe('numbers written with a decimal comma', () => {
    const MOBGAP_AXES: CsvImportOptions = { ...OPTIONS, axisMap: { v: 1, ap: 3, ml: -2 } };
    /** the trial's lines with each cell's point a comma, each cell quoted where `quote` says */
    function commaTrial(separator: string, quote: boolean): string {
      const lines = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
      return [lines[0].split(',').join(separator), ...lines.slice(1).map((line) => line.split(',').map((cell) => {
        const comma = cell.replace('.', ',');
        return quote ? `"${comma}"` : comma;
      }).join(separator))].join('\n') + '\n';
    }

    it('reads the trial written comma-separated with its numbers quoted and a decimal comma ("0,95451") to the samples and times of the trial, with a note saying so', () => {
      const plain = recordingOf(importCsvText(fs.readFileSync(MOBGAP, 'utf8'), MOBGAP_AXES));
      const result = importCsvText(commaTrial(',', true), MOBGAP_AXES);
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([]);
      expect(result.notes).to.deep.equal(["the numbers are written with a decimal comma (the first, '0,95451' on line 2, column ax), and read so"]);
      expectSameRecording(recordingOf(result), plain, 0, 'quoted');
    });

    it('reads a decimal comma in a file separated by semicolons or tabs, as its sep= line says; without that line the error says to add it', () => {
      const plain = recordingOf(importCsvText(fs.readFileSync(MOBGAP, 'utf8'), MOBGAP_AXES));
      for (const separator of [';', '\t']) {
        const result = importCsvText(`sep=${separator}\n` + commaTrial(separator, false), MOBGAP_AXES);
        expect(result.error, separator).to.equal(undefined);
        expectSameRecording(recordingOf(result), plain, 0, separator);
        expect(result.notes && result.notes[1], separator).to.equal("the numbers are written with a decimal comma (the first, '0,95451' on line 3, column ax), and read so");
      }
      expect(importCsvText(commaTrial(';', false), MOBGAP_AXES).error!.message).to.match(/put the line sep=; before the header \(a decimal comma is then read\), or save the file comma-separated/);
      expect(importCsvText(commaTrial('\t', false), MOBGAP_AXES).error!.message).to.match(/put the line sep= and a tab before the header/);
    });

    it('reads a first line whose every cell has a decimal comma (the time in seconds, \'0,000\') as a sample, not as a row of units', () => {
      const plain = recordingOf(importCsvText(fs.readFileSync(MOBGAP, 'utf8'), MOBGAP_AXES));
      const lines = fs.readFileSync(MOBGAP, 'utf8').trimEnd().split('\n');
      const seconds = ['t_s' + lines[0].slice(lines[0].indexOf(',')), ...lines.slice(1).map((line) => {
        const cells = line.split(',');
        return [(Number(cells[0]) / 1000).toFixed(3), ...cells.slice(1)].join(',');
      })];
      const text = 'sep=;\n' + seconds.map((line) => line.split(',').map((cell) => cell.replace('.', ',')).join(';')).join('\n') + '\n';
      const result = importCsvText(text, MOBGAP_AXES);
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([]);
      expect(recordingOf(result).sampleCount).to.equal(1246);
      expectSameRecording(recordingOf(result), plain, 1e-6, 'seconds');
    });

    it('a quoted comma that a thousands separator could have written (\'1,024\') is read as a decimal comma after one that could not, and is an error saying so before any; a thousands separator with a point is an error naming it', () => {
      const row = (t: string, ax: string) => `${t},"${ax}","0,0","0,0","0,0","0,0","0,0"`;
      const after = importCsvText([HEADER, row('0', '0,985'), row('10', '1,024'), row('20', '1,000')].join('\n') + '\n', OPTIONS);
      expect(after.error).to.equal(undefined);
      expect(sample(recordingOf(after), 1)[0]).to.equal(Math.round(1.024 * 1e6 / PUCKJS2_BOARD.scale.accUgPerCount));
      const before = importCsvText([HEADER, row('0', '1,024'), row('10', '0,985')].join('\n') + '\n', OPTIONS);
      expect(before.recording).to.equal(undefined);
      expect(before.error && before.error.message).to.equal(
        "line 2, column ax: '1,024' is 1 to 3 digits, a comma and 3 more: a decimal comma, or a thousands separator, and no number before it says which. Save the file with a point as the decimal mark and no thousands separator",
      );
      const thousands = importCsvText([HEADER, row('0', '1'), row('10', '1,024.5')].join('\n') + '\n', OPTIONS);
      expect(thousands.error && thousands.error.message).to.equal(
        "line 3, column ax: '1,024.5' is not a number: a comma as a thousands separator is not read; save the file with a point as the decimal mark and no thousands separator",
      );
      expect(recordingOf(importCsvText([HEADER, row('0', '1'), row('10', '1,024.5')].join('\n') + '\n', { ...OPTIONS, rateHz: 100 })).sampleCount).to.equal(1);
    });
  });

  describe('files', () => {
    let dir: string;
    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-csv-'));
    });
    after(() => {
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('streams a file to the same samples, gaps and errors as the text import', async () => {
      const lines = steadyCsv(3000, 104, 0, (i) => i >= 1000 && i < 1010).trim().split('\n');
      lines[2500] = lines[2500].replace(',1,', ',x,'); // line 2501
      const text = lines.join('\n') + '\n';
      const file = path.join(dir, 'run.csv');
      fs.writeFileSync(file, text);
      const streamed = await importCsvFile(file, OPTIONS);
      const direct = importCsvText(text, OPTIONS);
      const a = recordingOf(streamed);
      const b = recordingOf(direct);
      expect(a.sampleCount).to.equal(2499);
      expect(a.sampleCount).to.equal(b.sampleCount);
      expect(a.gaps).to.deep.equal(b.gaps);
      expect(a.gaps.map((gap) => gap.missingSamples)).to.deep.equal([10]);
      expect(Buffer.from(a.samplesCounts.buffer, 0, a.sampleCount * 12).equals(Buffer.from(b.samplesCounts.buffer, 0, b.sampleCount * 12))).to.equal(true);
      expect(streamed.error && streamed.error.message).to.equal("line 2501, column ax: 'x' is not a number");
    });

    it('keeps every row before an unclosed quote deep inside a large file', async () => {
      const file = path.join(dir, 'quote.csv');
      fs.writeFileSync(file, steadyCsv(40000, 100, 0) + '400000,1,"0,0,0,0\n400010,1,0,0,0,0,0\n');
      const result = await importCsvFile(file, OPTIONS);
      expect(recordingOf(result).sampleCount).to.equal(40000);
      expect(result.error && result.error.line).to.equal(40002);
    });

    it('keeps every row before a quote inside a value (a hand-edited line), naming its line and column, and says a JSON file has no CSV header', async () => {
      const file = path.join(dir, 'inner-quote.csv');
      const lines = steadyCsv(300, 100, 0).trimEnd().split('\n');
      lines[201] = lines[201].replace(/,([^,]*)$/, ',1"$1');
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const result = await importCsvFile(file, OPTIONS);
      expect(recordingOf(result).sampleCount).to.equal(200);
      expect(result.error && result.error.message).to.equal(`line 202: Invalid Opening Quote: a quote is found in column 7, value is "1"`);
      const json = path.join(dir, 'recording.json');
      fs.writeFileSync(json, '{"format": "lumbarpod-recording"}\n');
      const notCsv = await importCsvFile(json, OPTIONS);
      expect(notCsv.recording).to.equal(undefined);
      expect(notCsv.error && notCsv.error.message).to.equal('line 1: Invalid Opening Quote: a quote is found in column 1, value is "{": no CSV header, such as t_ms,ax,ay,az,gx,gy,gz');
    });

    it('tells a file whose last line has no line end from one whose last line ends in \\n or \\r\\n, as the text import does', async () => {
      const text = fs.readFileSync(MOBGAP, 'utf8').trimEnd();
      const file = path.join(dir, 'ends.csv');
      fs.writeFileSync(file, text.slice(0, -2));
      const cut = await importCsvFile(file, OPTIONS);
      expect(cut.error && cut.error.message).to.match(/^line 1247, column gz: truncated last line: the file ends without a line end in '1\.799'/);
      expect(recordingOf(cut).sampleCount).to.equal(1245);
      for (const end of ['', '\n', '\r\n']) {
        fs.writeFileSync(file, (end === '\r\n' ? text.replace(/\n/g, '\r\n') : text) + end);
        const whole = await importCsvFile(file, OPTIONS);
        expect(whole.error, JSON.stringify(end)).to.equal(undefined);
        expect(whole.warnings, JSON.stringify(end)).to.deep.equal([]);
        expect(recordingOf(whole).sampleCount).to.equal(1246);
      }
      fs.writeFileSync(file, steadyCsv(200, 100, 0).trimEnd());
      expect((await importCsvFile(file, OPTIONS)).warnings).to.deep.equal([
        "the last line (201) has no line end, so it may have been cut short while the file was written; its gz, '0', is read as it is",
      ]);
    });

    it('throws the file system error for a missing file', async () => {
      let caught: unknown;
      try {
        await importCsvFile(path.join(dir, 'nope.csv'), OPTIONS);
      } catch (err) {
        caught = err;
      }
      expect((caught as NodeJS.ErrnoException).code).to.equal('ENOENT');
    });

    it('imports every bundled mobgap trial whole, at 100 Hz with no gaps, no error and no warning (their gravity and stamps pass the unit and rate checks)', () => {
      const dir = path.dirname(WALK_100HZ);
      const trials = fs.readdirSync(dir).filter((name) => name.endsWith('.csv.gz'));
      expect(trials.length).to.be.at.least(8);
      for (const name of trials) {
        const text = zlib.gunzipSync(fs.readFileSync(path.join(dir, name))).toString('utf8');
        const result = importCsvText(text, OPTIONS);
        expect(result.error, name).to.equal(undefined);
        expect(result.warnings, name).to.deep.equal([]);
        expect(recordingOf(result).sampleCount, name).to.equal(text.trimEnd().split('\n').length - 1);
        expect(recordingOf(result).sampleRateHz, name).to.equal(100);
        expect(recordingOf(result).gaps, name).to.deep.equal([]);
      }
    });

    it('imports the mobgap lower-back recording at an inferred 100 Hz with no gaps', async () => {
      const result = await importCsvFile(MOBGAP, { ...OPTIONS, axisMap: { v: 1, ap: 3, ml: -2 } });
      const recording = recordingOf(result);
      expect(result.error).to.equal(undefined);
      expect(result.warnings).to.deep.equal([]);
      expect(recording.sampleRateHz).to.equal(100);
      expect(result.inferredRateHz).to.be.closeTo(100, 0.01);
      expect(recording.gaps).to.deep.equal([]);
      expect(recording.sampleCount).to.equal(1246);
      expect(recording.saturatedSamples).to.equal(0);
      // standing at the start: about +1 g along sensor x (up), 0.95451 g = 1956 counts
      expect(sample(recording, 0)[0]).to.equal(1956);
    });
  });
  describe('date-time stamps with no zone across a daylight-saving change', () => {
    const MOBGAP_AXES: CsvImportOptions = { ...OPTIONS, axisMap: { v: 1, ap: 3, ml: -2 } };
    /** the trial's samples, 10 ms apart, from `startUtcMs`; each stamp the wall clock `wallMs` gives at its time, written with `zone` */
    function dated(startUtcMs: number, wallMs: (utcMs: number) => number, zone: (utcMs: number) => string = () => ''): string {
      const values = mobgapValues();
      return [HEADER, ...values.map((v, i) => {
        const utcMs = startUtcMs + i * 10;
        return `${new Date(wallMs(utcMs)).toISOString().slice(0, 23)}${zone(utcMs)},${v}`;
      })].join('\n') + '\n';
    }
    // Europe's summer time: ends 2024-10-27 01:00 UTC (03:00 CEST to 02:00 CET), starts 2024-03-31 01:00 UTC (02:00 CET to 03:00 CEST)
    const END_UTC = Date.UTC(2024, 9, 27, 1, 0, 0);
    const START_UTC = Date.UTC(2024, 2, 31, 1, 0, 0);
    const HOUR = 3600000;
    const paris = (changeUtcMs: number, summerFirst: boolean) => (utcMs: number) => utcMs + ((utcMs < changeUtcMs) === summerFirst ? 2 : 1) * HOUR;

    it('an hour that repeats where summer time ends: read as the clock starting again, as written, and the warning says it may be the change, which the stamps cannot tell, and how to have it read as one stretch', () => {
      const result = importCsvText(dated(END_UTC - 6000, paris(END_UTC, true)), MOBGAP_AXES);
      expect(result.error).to.equal(undefined);
      const recording = recordingOf(result);
      expect(recording.gaps.map((gap) => [gap.beforeSample, gap.missingSamples, gap.cause])).to.deep.equal([[600, 0, 'clockRestart']]);
      expect(result.warnings).to.have.length(1);
      expect(result.warnings[0]).to.contain('the time stamps start again at line 602 (2024-10-27T02:00:00.000 after 2024-10-27T02:59:59.990;');
      expect(result.warnings[0]).to.contain(
        '. At line 602 the stamps have no zone and go back an hour onto a whole hour, as the logger\'s local time does where summer time ends, ' +
          'and then the samples ran on with no time lost: the stamps cannot tell that from a clock set back, so it is read as a restart. ' +
          'If summer time ended there, write the stamps with their offset (e.g. +02:00, then +01:00 from the change on) or in UTC, or as numbers (t_ms), and they are read as one stretch');
      // with their offsets the same stamps are one stretch
      const zoned = importCsvText(dated(END_UTC - 6000, paris(END_UTC, true), (utcMs) => (utcMs < END_UTC ? '+02:00' : '+01:00')), MOBGAP_AXES);
      expect(zoned.warnings).to.deep.equal([]);
      expect(recordingOf(zoned).gaps).to.deep.equal([]);
    });

    it('an hour skipped where summer time starts: read as a gap of an hour, as written, and the warning says it may be the change, which the stamps cannot tell', () => {
      const result = importCsvText(dated(START_UTC - 6000, paris(START_UTC, false)), MOBGAP_AXES);
      expect(result.error).to.equal(undefined);
      expect(recordingOf(result).gaps.map((gap) => [gap.beforeSample, gap.missingSamples])).to.deep.equal([[600, 360000]]);
      expect(result.warnings).to.deep.equal([
        'the time stamps have no zone and jump an hour ahead onto a whole hour at line 602 (2024-03-31T03:00:00 after 2024-03-31T01:59:59.990), ' +
          'as the logger\'s local time does where summer time starts, and then no sample is missing there; the stamps cannot tell that from an hour ' +
          'with no samples, so it is read as they write it, a gap of 360000 samples. If summer time started there, write the stamps with their offset ' +
          '(e.g. +02:00, then +01:00 from the change on) or in UTC, or as numbers (t_ms), and they are read as one stretch',
      ]);
    });

    it('says nothing of daylight saving for a jump of an hour that is not onto a whole hour, nor for stamps with a zone', () => {
      // an hour jumped at 20 past
      const offHour = importCsvText(dated(START_UTC + 20 * 60000 - 6000, (utcMs) => utcMs + (utcMs < START_UTC + 20 * 60000 ? 0 : HOUR)), MOBGAP_AXES);
      expect(recordingOf(offHour).gaps.map((gap) => gap.missingSamples)).to.deep.equal([360000]);
      expect(offHour.warnings).to.deep.equal([]);
      // in UTC: an hour with no samples is a gap, and a stamp back an hour a restart, with no word of summer time
      const utcAhead = importCsvText(dated(START_UTC - 6000, (utcMs) => utcMs + (utcMs < START_UTC ? 0 : HOUR), () => 'Z'), MOBGAP_AXES);
      expect(utcAhead.warnings).to.deep.equal([]);
      const utcBack = importCsvText(dated(END_UTC - 6000, (utcMs) => utcMs - (utcMs < END_UTC ? 0 : HOUR), () => 'Z'), MOBGAP_AXES);
      expect(utcBack.warnings).to.have.length(1);
      expect(utcBack.warnings[0]).to.not.contain('summer time');
    });
  });
});
