// A Motion-BIDS dataset that takes one recording at a time (BIDS 1.9 "Motion", BEP029): the
// recording's motion, channels and events files under sub-/ses-/motion with its run number, and
// the dataset's shared files, created once (dataset_description.json, README) or merged row by
// row (participants.tsv, scans.tsv), so that adding a recording never loses one already there.
// What goes into the recording's files is its source's concern (a pod recording, an IMU CSV).
import * as fs from 'fs';
import * as path from 'path';
import { MotionEntities, bidsSessionDir, bidsSessionStem, motionStem } from './bidsLabels';

/** the BIDS release whose Motion chapter this follows */
export const BIDS_VERSION = '1.9.0';

/** a recording that cannot be exported, or an output directory that cannot take it */
export class MotionBidsExportError extends Error {}

/** one recording's files, as text or JSON, and what a dataset it starts says of where it came from */
export interface MotionRecordingFiles {
  /** writes the motion.tsv to the file named (motionRows.ts writeMotionTsv): too big for one string */
  motionTsv: (file: string) => void;
  motionJson: object;
  channelsTsv: string;
  channelsJson: object;
  eventsTsv: string;
  eventsJson: object;
  /**
   * scans.tsv acq_time of the motion file's first row (BIDS date time) and where that time comes
   * from (scans.json, for a session this recording starts); undefined: not known, so no scans.tsv row
   */
  acqTime?: { value: string; description: string };
  /** dataset_description.json and README of a dataset this recording is the first of */
  dataset: {
    name: string;
    /** GeneratedBy Description: what was exported, and from what */
    generatedBy: string;
    readme: string[];
  };
}

function readTsvRows(file: string): string[][] {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, 'utf8').split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

/**
 * The TSV `file` with `row` (in `header`'s columns) merged in: the row whose first cell is
 * `row[0]` takes the new values and keeps its own in the other columns; a new one has n/a there.
 * Columns the file has beyond `header` (a participant's age, added by hand) are kept, and any of
 * `header` it lacks are added.
 */
function mergeTsv(file: string, header: string[], row: string[]): string {
  const old = readTsvRows(file);
  if (old.length > 0 && old[0][0] !== header[0]) {
    throw new MotionBidsExportError(`${file}: its first column is '${old[0][0]}', not '${header[0]}'; mend or move it, so that no row in it is lost`);
  }
  const columns = old.length > 0 ? old[0].slice() : [];
  for (const name of header) if (columns.indexOf(name) < 0) columns.push(name);
  const rows = old.slice(1).map((r) => columns.map((_, i) => (i < r.length ? r[i] : 'n/a')));
  let target = rows.find((r) => r[0] === row[0]);
  if (target === undefined) {
    target = columns.map(() => 'n/a');
    rows.push(target);
  }
  for (let i = 0; i < header.length; i++) target[columns.indexOf(header[i])] = row[i];
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [columns, ...rows].map((r) => r.join('\t')).join('\n') + '\n';
}

/** the files `export` writes for one recording, after its stem */
const MOTION_FILE_SUFFIXES = ['_motion.tsv', '_motion.json', '_channels.tsv', '_channels.json', '_events.tsv', '_events.json'];

/** renames the recording of `entities` with no run number to run 1, its scans.tsv row too */
function numberRunOne(outDir: string, entities: MotionEntities): void {
  const motionDir = path.join(outDir, bidsSessionDir(entities), 'motion');
  const from = motionStem({ ...entities, run: undefined });
  const to = motionStem({ ...entities, run: 1 });
  for (const suffix of MOTION_FILE_SUFFIXES) {
    if (fs.existsSync(path.join(motionDir, from + suffix))) fs.renameSync(path.join(motionDir, from + suffix), path.join(motionDir, to + suffix));
  }
  const scans = path.join(outDir, bidsSessionDir(entities), `${bidsSessionStem(entities)}_scans.tsv`);
  const rows = readTsvRows(scans);
  if (rows.length === 0) return;
  for (const row of rows) if (row[0] === `motion/${from}_motion.tsv`) row[0] = `motion/${to}_motion.tsv`;
  fs.writeFileSync(scans, rows.map((r) => r.join('\t')).join('\n') + '\n');
}

/** an `outDir` that is no BIDS dataset and not empty is refused: nothing in it is overwritten */
export function checkMotionBidsOutDir(outDir: string): void {
  if (!fs.existsSync(outDir)) return;
  if (!fs.statSync(outDir).isDirectory()) throw new MotionBidsExportError(`${outDir} is a file, not a dataset directory: give --out a directory to create or add to (it was left as it was)`);
  const entries = fs.readdirSync(outDir);
  if (entries.length > 0 && !entries.includes('dataset_description.json')) {
    throw new MotionBidsExportError(`${outDir} is not empty and not a BIDS dataset (no dataset_description.json): give another --out`);
  }
}

/**
 * A dataset made from one kind of source (pod recordings) taking another (a CSV): its README and
 * dataset_description.json's GeneratedBy describe the first kind only, so the other's README text
 * is added after the first's and its GeneratedBy entry to the list, once. What was written by hand
 * in them stays.
 */
function otherSourceDescribed(
  outDir: string, dataset: MotionRecordingFiles['dataset'], generatedBy: { Name: string; Version: string; Description: string }, json: (value: object) => string,
): { [rel: string]: string } {
  const written: { [rel: string]: string } = {};
  const readmeFile = path.join(outDir, 'README');
  const readme = fs.existsSync(readmeFile) ? fs.readFileSync(readmeFile, 'utf8') : '';
  if (readme.indexOf(dataset.readme[0]) < 0) {
    written['README'] = (readme === '' ? '' : readme.replace(/\n*$/, '\n\n')) + dataset.readme.join('\n');
  }
  let description: { GeneratedBy?: Array<{ Description?: string }> };
  try {
    description = JSON.parse(fs.readFileSync(path.join(outDir, 'dataset_description.json'), 'utf8'));
  } catch (err) {
    throw new MotionBidsExportError(`${path.join(outDir, 'dataset_description.json')}: not JSON (${(err as Error).message}); mend it, so that nothing in it is lost`);
  }
  const entries = Array.isArray(description.GeneratedBy) ? description.GeneratedBy : [];
  if (!entries.some((entry) => entry !== null && typeof entry === 'object' && entry.Description === generatedBy.Description)) {
    written['dataset_description.json'] = json({ ...description, GeneratedBy: [...entries, generatedBy] });
  }
  return written;
}

/**
 * Writes one recording's `files` into the BIDS dataset at `outDir` (created, or added to) as the
 * recording of `entities`; returns the files written, relative to outDir. A recording the dataset
 * holds already under these entities is refused, naming the next free run.
 */
export function writeMotionBidsRecording(outDir: string, entities: MotionEntities, files: MotionRecordingFiles, toolVersion?: string): string[] {
  checkMotionBidsOutDir(outDir);
  const sessionDir = bidsSessionDir(entities);
  const stem = motionStem(entities);
  const motionDir = `${sessionDir}/motion`;
  const motionFileOf = (run: number | undefined) => path.join(outDir, motionDir, `${motionStem({ ...entities, run })}_motion.tsv`);
  let free = 1;
  while (fs.existsSync(motionFileOf(free))) free++;
  const unnumbered = fs.existsSync(motionFileOf(undefined));
  if (unnumbered && free === 1) free = 2;
  if (fs.existsSync(motionFileOf(entities.run)) || (entities.run === undefined && free > 1) || (unnumbered && entities.run === 1)) {
    throw new MotionBidsExportError(
      `${unnumbered ? motionFileOf(undefined) : motionFileOf(entities.run ?? free - 1)} exists: another recording of sub-${entities.subject}, task ${entities.task}; ` +
      `add this one as another run (--run ${free}${unnumbered ? '; the one there then becomes run 1' : ''}), or give another --subject, --session or --task`,
    );
  }
  // runs are numbered all or none (a sidecar without run- would apply to every run, the
  // Inheritance Principle): the recording already there without a number becomes run 1
  if (unnumbered && fs.existsSync(motionFileOf(1))) {
    throw new MotionBidsExportError(`${motionFileOf(undefined)} and ${motionFileOf(1)} both exist: give one of them another run number by hand first`);
  }
  if (unnumbered) numberRunOne(outDir, entities);
  const written: { [rel: string]: string | ((file: string) => void) } = {};
  const json = (value: object): string => JSON.stringify(value, null, 2) + '\n';

  const descriptionFile = path.join(outDir, 'dataset_description.json');
  const generatedBy = { Name: 'lumbarpod', Version: toolVersion ?? 'unknown', Description: files.dataset.generatedBy };
  if (!fs.existsSync(descriptionFile)) {
    written['dataset_description.json'] = json({ Name: files.dataset.name, BIDSVersion: BIDS_VERSION, DatasetType: 'raw', GeneratedBy: [generatedBy] });
    written['README'] = files.dataset.readme.join('\n');
  } else {
    Object.assign(written, otherSourceDescribed(outDir, files.dataset, generatedBy, json));
  }
  written['participants.tsv'] = mergeTsv(path.join(outDir, 'participants.tsv'), ['participant_id'], [`sub-${entities.subject}`]);
  if (!fs.existsSync(path.join(outDir, 'participants.json'))) {
    written['participants.json'] = json({ participant_id: { Description: 'Unique participant identifier' } });
  }
  written[`${motionDir}/${stem}_motion.tsv`] = files.motionTsv;
  written[`${motionDir}/${stem}_motion.json`] = json(files.motionJson);
  written[`${motionDir}/${stem}_channels.tsv`] = files.channelsTsv;
  written[`${motionDir}/${stem}_channels.json`] = json(files.channelsJson);
  written[`${motionDir}/${stem}_events.tsv`] = files.eventsTsv;
  written[`${motionDir}/${stem}_events.json`] = json(files.eventsJson);
  if (files.acqTime !== undefined) {
    const scansFile = `${sessionDir}/${bidsSessionStem(entities)}_scans.tsv`;
    written[scansFile] = mergeTsv(path.join(outDir, scansFile), ['filename', 'acq_time'], [`motion/${stem}_motion.tsv`, files.acqTime.value]);
    if (!fs.existsSync(path.join(outDir, sessionDir, `${bidsSessionStem(entities)}_scans.json`))) {
      written[`${sessionDir}/${bidsSessionStem(entities)}_scans.json`] = json({ acq_time: { Description: files.acqTime.description } });
    }
  }

  for (const [rel, content] of Object.entries(written)) {
    const file = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'string') fs.writeFileSync(file, content);
    else content(file);
  }
  return Object.keys(written);
}
