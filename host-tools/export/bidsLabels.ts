// BIDS entity labels (sub, ses, task, tracksys) and the file names built from them. A label is
// letters and digits only (BIDS common principles, "Entities"); the user may type the prefix.

/** thrown for a label a person typed that BIDS cannot use */
export class BidsLabelError extends Error {}

const LABEL = /^[A-Za-z0-9]+$/;

/** `text` as a BIDS label for entity `key` ("sub-01" and "01" both give "01") */
export function bidsLabel(key: string, text: string): string {
  const label = text.startsWith(key + '-') ? text.slice(key.length + 1) : text;
  if (!LABEL.test(label)) {
    throw new BidsLabelError(`${key} label '${text}' must be letters and digits only (BIDS labels have no '-', '_' or spaces)`);
  }
  return label;
}

export interface MotionEntities {
  subject: string;
  /** absent: no ses- level */
  session?: string;
  task: string;
  trackingSystem: string;
  /** run index (1, 2, ...) of several recordings with the same entities; absent: no run- entity */
  run?: number;
}

/** sub-<s>[/ses-<s>] */
export function bidsSessionDir(e: MotionEntities): string {
  return e.session === undefined ? `sub-${e.subject}` : `sub-${e.subject}/ses-${e.session}`;
}

/** sub-<s>[_ses-<s>] */
export function bidsSessionStem(e: MotionEntities): string {
  return e.session === undefined ? `sub-${e.subject}` : `sub-${e.subject}_ses-${e.session}`;
}

/** sub-<s>[_ses-<s>]_task-<t>_tracksys-<t>[_run-<i>]: the stem every motion file of one recording shares */
export function motionStem(e: MotionEntities): string {
  return `${bidsSessionStem(e)}_task-${e.task}_tracksys-${e.trackingSystem}` + (e.run === undefined ? '' : `_run-${e.run}`);
}
