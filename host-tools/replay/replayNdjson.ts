// Replay output as NDJSON: one JSON object per line, steps/summaries/gaps in order, totals last.
import { ReplayResult } from './replayRecording';

/** lines handed to `write` at once: few large writes instead of one per record */
const LINES_PER_CHUNK = 1000;

export function writeReplayNdjson(result: ReplayResult, write: (chunk: string) => void): void {
  let lines: string[] = [];
  for (const record of result.records) {
    lines.push(JSON.stringify(record));
    if (lines.length === LINES_PER_CHUNK) {
      write(lines.join('\n') + '\n');
      lines = [];
    }
  }
  lines.push(JSON.stringify(result.totals));
  write(lines.join('\n') + '\n');
}
