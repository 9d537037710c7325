// Writes docs/recording-format.md from the recording's field tables (host-tools/recording/recordingFormatDoc.ts).
// Run after changing them: `npx ts-node scripts/recording-format-doc.ts`.
import * as fs from 'fs';
import * as path from 'path';
import { RECORDING_FORMAT_DOC_PATH, renderRecordingFormatDoc } from '../host-tools/recording/recordingFormatDoc';

const target = path.resolve(__dirname, '..', RECORDING_FORMAT_DOC_PATH);
fs.writeFileSync(target, renderRecordingFormatDoc());
console.log(`wrote ${RECORDING_FORMAT_DOC_PATH}`);
