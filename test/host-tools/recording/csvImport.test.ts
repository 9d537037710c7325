import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
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

    it('finds columns by the names given in a column map, in any order, ignoring extra columns', () => {
      const text = 'temp,GyrZ,time,AccX,AccY,AccZ,GyrX,GyrY\n25,7,0,1,2,3,4,5\n25,0,10,0,0,0,0,0\n';
      const columns = parseCsvColumnMap('t_ms=time,ax=AccX,ay=AccY,az=AccZ,gx=GyrX,gy=GyrY,gz=GyrZ');
      const recording = recordingOf(importCsvText(text, { ...OPTIONS, columns: columns }));
      expect(sample(recording, 0)).to.deep.equal([2049, 4098, 6148, 57, 71, 100]);
    });

    it('rejects a column map with an unknown column name or a missing header name', () => {
      expect(() => parseCsvColumnMap('acc_x=AccX')).to.throw(/unknown column 'acc_x'/);
      expect(() => parseCsvColumnMap('ax=')).to.throw(/needs a header name/);
      expect(() => parseCsvColumnMap('t_ms=a,t_s=b')).to.throw(/either t_ms or t_s/);
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

    it('treats an empty value as an error, not as zero', () => {
      const result = importCsvText(`${HEADER}\n0,1,0,0,0,0,0\n10,1,,0,0,0,0\n`, { ...OPTIONS, rateHz: 100 });
      expect(result.error && result.error.message).to.equal('line 3, column ay: empty value');
    });

    it('reports a truncated last line and keeps everything before it', () => {
      const text = steadyCsv(8, 100, 0) + '80,1,0';
      const result = importCsvText(text, OPTIONS);
      expect(result.error && result.error.line).to.equal(10);
      expect(result.error && result.error.message).to.match(/expected 7 fields as in the header, found 3/);
      expect(recordingOf(result).sampleCount).to.equal(8);
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
      expect(back.error && back.error.message).to.equal('line 5, column t_ms: time stamp 15 goes back in time');
      expect(recordingOf(back).sampleCount).to.equal(3);
    });

    it('names the missing required columns on line 1', () => {
      const result = importCsvText('t_ms,ax,ay,gx,gy\n0,1,0,0,0\n', OPTIONS);
      expect(result.recording).to.equal(undefined);
      expect(result.error && result.error.line).to.equal(1);
      expect(result.error && result.error.message).to.match(/missing required columns az, gz/);
      const noTime = importCsvText('time,ax,ay,az,gx,gy,gz\n0,1,0,0,0,0,0\n', OPTIONS);
      expect(noTime.error && noTime.error.message).to.match(/t_ms \(or t_s\)/);
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

    it('throws the file system error for a missing file', async () => {
      let caught: unknown;
      try {
        await importCsvFile(path.join(dir, 'nope.csv'), OPTIONS);
      } catch (err) {
        caught = err;
      }
      expect((caught as NodeJS.ErrnoException).code).to.equal('ENOENT');
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
});
