// The Mobilise-D lower-back walking trials (mobgap, Apache-2.0): recordings as NAME.csv or
// gzipped NAME.csv.gz beside NAME.reference.json, imported in the pod frame of that sensor.
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { PUCKJS2_BOARD } from '../../boards/puckjs2';
import { parsePodAxisMap } from '../recording/axisMap';
import { CsvImportResult, importCsvFile, importCsvText } from '../recording/csvImport';

/** the dataset's sensor axes: x up, y right, z forward */
export const MOBGAP_AXES = 'V=x,AP=z,ML=-y';

/** the nine trials bundled under test/fixtures/mobgap-lowerback */
export const MOBGAP_FIXTURE_DIR = path.resolve(__dirname, '..', '..', 'test', 'fixtures', 'mobgap-lowerback');

/** names of the trials in a folder that have both a recording and a reference file */
export function mobgapTrialsIn(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .map((file) => (file.endsWith('.csv') ? file.slice(0, -4) : file.endsWith('.csv.gz') ? file.slice(0, -7) : ''))
    .filter((name) => name !== '' && fs.existsSync(path.join(dir, name + '.reference.json')))
    .sort();
}

export async function importMobgapTrial(dir: string, name: string): Promise<CsvImportResult> {
  const options = { scale: PUCKJS2_BOARD.scale, axisMap: parsePodAxisMap(MOBGAP_AXES) };
  const plain = path.join(dir, name + '.csv');
  if (fs.existsSync(plain)) return importCsvFile(plain, options);
  return importCsvText(zlib.gunzipSync(fs.readFileSync(plain + '.gz')).toString('utf8'), options);
}
