// docs/recording-format.md describes every file, field, gap cause and link event of a recording,
// for reading it without these tools: rendered from tables typed against the recording's own
// types, and checked here against a recording the simulated pod made.
import { expect } from 'chai';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RECORDING_FORMAT_DOC_PATH, renderRecordingFormatDoc } from '../../../host-tools/recording/recordingFormatDoc';
import { RAW_CSV_HEADER } from '../../../host-tools/recording/podRecordingModel';
import { imuSourceFromSynthetic } from '../../../host-tools/sim/imuSource';
import { recordSimulatedRun } from '../../../host-tools/sim/simulatedRecording';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';
import { simBundleSource } from '../../e2e/simPodHelpers';

const root = path.resolve(__dirname, '..', '..', '..');

/** the names a table of the document lists, as its rows' first cells */
function tableNames(doc: string, heading: string): string[] {
  const start = doc.indexOf(`\n${heading}\n`);
  expect(start, heading).to.be.greaterThan(-1);
  const rest = doc.slice(start + heading.length + 2);
  const section = rest.slice(0, rest.search(/\n#+ /) < 0 ? rest.length : rest.search(/\n#+ /));
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]);
}

describe('recording format document', function () {
  this.timeout(120000);

  it('docs/recording-format.md is exactly what scripts/recording-format-doc.ts renders (run it after changing the tables)', () => {
    const onDisk = fs.readFileSync(path.join(root, RECORDING_FORMAT_DOC_PATH), 'utf8');
    expect(onDisk === renderRecordingFormatDoc(), 'docs/recording-format.md is stale: run `npx ts-node scripts/recording-format-doc.ts`').to.equal(true);
  });

  it('names every field of a recording the simulated pod made, and every column of its raw.csv', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumbarpod-format-doc-'));
    try {
      const run = generateSynthetic({ kind: 'running', durationS: 20, cadenceSpm: 170, seed: 2 });
      await recordSimulatedRun(dir, { bundleSource: await simBundleSource(), source: imuSourceFromSynthetic(run) });
      const doc = renderRecordingFormatDoc();
      const meta = JSON.parse(fs.readFileSync(path.join(dir, 'recording.json'), 'utf8')) as { [field: string]: unknown };
      const metaFields = tableNames(doc, '## recording.json');
      for (const field of Object.keys(meta)) expect(metaFields, `recording.json: ${field}`).to.include(field);
      const counters = meta.counters as { [field: string]: unknown };
      const counterNames = tableNames(doc, '### Counters');
      for (const field of Object.keys(counters)) expect(counterNames, `counters: ${field}`).to.include(field);
      expect(counterNames).to.have.length(Object.keys(counters).length);
      for (const field of [...Object.keys(meta.scale as object), ...Object.keys(meta.axisMap as object), ...Object.keys(meta.calibration as object)]) {
        expect(doc, `recording.json: ${field}`).to.contain(`\`${field}\``);
      }
      const header = fs.readFileSync(path.join(dir, 'raw.csv'), 'utf8').split('\n')[0];
      expect(header).to.equal(RAW_CSV_HEADER);
      const columns = tableNames(doc, '## raw.csv').join(', ').split(', ');
      expect(columns).to.deep.equal(header.split(','));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is linked from the README where the recording\'s files are listed', () => {
    expect(fs.readFileSync(path.join(root, 'README.md'), 'utf8')).to.contain(`(${RECORDING_FORMAT_DOC_PATH})`);
  });
});
