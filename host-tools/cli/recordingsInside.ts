// The recordings one level inside a directory that is none itself: `log --out DIR` writes one per
// session of the pod (DIR/session-01, ...), and DIR is what a person is likely to give report,
// replay or export next, where naming a session to give says more than "it has no recording.json".
import * as fs from 'fs';
import * as path from 'path';
import { isPodRecordingDir } from '../recording/podRecording';

/** recordings named before "..." in the hint: a log of many sessions is not listed whole */
const NAMES_SHOWN = 3;

/** the names of the recordings directly inside `dir`, sorted; none where it cannot be read */
export function recordingsInside(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (err) {
    return [];
  }
  return names.filter((name) => isPodRecordingDir(path.join(dir, name))).sort();
}

/**
 * "it holds recordings (session-01, session-02), not one itself: give one of them, e.g.
 * DIR/session-01" ("give that one, DIR/session-01" for one), or undefined where `dir` holds none
 */
export function recordingsInsideHint(dir: string): string | undefined {
  const names = recordingsInside(dir);
  if (names.length === 0) return undefined;
  const shown = names.slice(0, NAMES_SHOWN).join(', ') + (names.length > NAMES_SHOWN ? ', ...' : '');
  const what = names.length === 1 ? 'a recording' : 'recordings';
  const give = names.length === 1 ? 'give that one,' : 'give one of them, e.g.';
  return `it holds ${what} (${shown}), not one itself: ${give} ${path.join(dir, names[0])}`;
}
