// Regenerates the bundled synthetic recording (deterministic: same options, same bytes).
// Run: npx ts-node scripts/make-synthetic-example.ts
import * as fs from 'fs';
import * as path from 'path';
import { syntheticToCsv } from '../host-tools/synthetic/csv';
import { EXAMPLE_RUN_FILE, EXAMPLE_RUN_OPTIONS } from '../host-tools/synthetic/exampleRun';
import { generateSynthetic } from '../host-tools/synthetic/generate';

const target = path.resolve(__dirname, '..', EXAMPLE_RUN_FILE);
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(target, syntheticToCsv(generateSynthetic(EXAMPLE_RUN_OPTIONS)));
console.log(`wrote ${path.relative(process.cwd(), target)}`);
