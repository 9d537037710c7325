import { expect } from 'chai';
import * as fs from 'fs';
import * as path from 'path';
import { syntheticToCsv } from '../../../host-tools/synthetic/csv';
import { EXAMPLE_RUN_FILE, EXAMPLE_RUN_OPTIONS } from '../../../host-tools/synthetic/exampleRun';
import { generateSynthetic } from '../../../host-tools/synthetic/generate';

describe('bundled synthetic run', () => {
  it('is exactly what the generator makes from its recorded options', () => {
    const bundled = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', EXAMPLE_RUN_FILE), 'utf8');
    expect(syntheticToCsv(generateSynthetic(EXAMPLE_RUN_OPTIONS)) === bundled).to.equal(true);
  });
});
