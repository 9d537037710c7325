// messages.ndjson's lines (each a decoded message or a link event as one JSON object, with the
// host's receive time in ms) into a recording's lines. A line damaged after the recording (not
// JSON, not an object, no receivedMs or type, a type no recording holds, a field that places
// samples or a boot that is no whole number) is dropped and named with its line and fault; every
// other line is kept. No sample is lost or moved with a dropped line: raw.csv places each sample
// by its own sample_index and recording.json's gaps place the pod's boots; a rawBatch line adds
// only when its samples arrived, a restart line only where a boot's batches start counting again.
import { MESSAGE_SPECS } from '../../firmware/protocol/messageTypes';
import { MESSAGES_FILE, PodRecordingLine } from './podRecordingModel';

export interface MessagesNdjsonLines {
  /** the lines read, in file order */
  lines: PodRecordingLine[];
  /** what was dropped, in words naming the line */
  problems: string[];
}

/** dropped lines named one by one before the rest are counted: a file damaged throughout warns in a screenful */
const DROPPED_LINES_NAMED = 10;
/** a damaged line is shown up to this many characters: it may be binary junk with no line end for a long way */
const SHOWN_CHARS_MAX = 60;
/** the line types a recording holds: every message the pod or host sends, decoded, and the host's link events */
const LINE_TYPES: ReadonlySet<string> = new Set<string>([...MESSAGE_SPECS.map((spec) => spec.name as string), 'linkEvent']);
/** a message line's fields the decoder writes as numbers: the header's and its type's own */
const NUMBER_FIELDS: ReadonlyMap<string, readonly string[]> = new Map(MESSAGE_SPECS.map((spec) => [spec.name as string, ['seq', 'deviceTimeMs', ...spec.fields.map((f) => f.name)]]));

/**
 * The lines of messages.ndjson's `rows` (its text split at '\n'). `sessionEnded`: recording.json
 * says the session closed its files (complete), so a last line cut short was cut after it, not by
 * a session that stopped mid-write.
 */
export function messagesNdjsonLines(rows: string[], sessionEnded: boolean): MessagesNdjsonLines {
  const reader = new MessagesNdjsonReader(sessionEnded);
  for (const row of rows) reader.addPart(row);
  return reader.finish();
}

/**
 * messages.ndjson read a part at a time (forEachLineOfFile), with the same lines and problems as
 * messagesNdjsonLines of its whole text split at '\n': a file of any length is read in memory for
 * its messages, not for its text. Only the latest part is held back, until the next says it was
 * not the last (a last line cut short is said as such).
 */
export class MessagesNdjsonReader {
  private readonly lines: PodRecordingLine[] = [];
  private readonly problems: string[] = [];
  /** parts read, the held one included */
  private parts = 0;
  /** the latest part, not read yet: it may be the last */
  private held: string | undefined;
  private droppedLines = 0;
  private lastDroppedLine = 0;
  private cutShort: string | undefined;

  /** `sessionEnded`: as messagesNdjsonLines's */
  constructor(private readonly sessionEnded: boolean) {}

  /** the next part of the text split at '\n': a line without its line end, the last one what follows the last line end */
  addPart(row: string): void {
    if (this.held !== undefined) this.read(this.held, this.parts, false);
    this.held = row;
    this.parts++;
  }

  /** the lines and problems, once every part is given */
  finish(): MessagesNdjsonLines {
    if (this.held !== undefined) this.read(this.held, this.parts, true);
    this.held = undefined;
    if (this.droppedLines > DROPPED_LINES_NAMED) {
      const rest = this.droppedLines - DROPPED_LINES_NAMED;
      this.problems.push(`${MESSAGES_FILE}: ${rest} more line${rest === 1 ? '' : 's'} dropped, the last line ${this.lastDroppedLine}`);
    }
    if (this.cutShort !== undefined) this.problems.push(this.cutShort);
    return { lines: this.lines, problems: this.problems };
  }

  /** reads `row`, line `lineNumber` (from 1); `last`: no part follows it */
  private read(row: string, lineNumber: number, last: boolean): void {
    if (row.trim() === '') return;
    let value: unknown;
    let parsed = true;
    try {
      value = JSON.parse(row);
    } catch (e) {
      parsed = false;
    }
    const fault = parsed ? lineFault(value, row) : `not JSON: ${shown(row)}`;
    if (fault === undefined) {
      this.lines.push(value as PodRecordingLine);
      return;
    }
    const what = consequence(parsed ? lineKind(value) : lineKindInText(row));
    // the writer ends each line in the same write as the line itself: a last line with no line
    // end that is not whole JSON is where the writing stopped (a prefix of an object is never one)
    if (last && !parsed) {
      this.cutShort = `${MESSAGES_FILE} line ${lineNumber}: cut short (${this.sessionEnded ? 'the file ends inside it' : 'the session ended mid-write'}); dropped${what}`;
      return;
    }
    if (this.droppedLines < DROPPED_LINES_NAMED) this.problems.push(`${MESSAGES_FILE} line ${lineNumber}: ${fault}; dropped${what}`);
    this.droppedLines++;
    this.lastDroppedLine = lineNumber;
  }
}

/** what is wrong with a parsed line (`row` its text), or undefined for a line readers can take */
function lineFault(value: unknown, row: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `not a message (a JSON ${Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value}, not an object): ${shown(row)}`;
  }
  const line = value as { [field: string]: unknown };
  if (typeof line.receivedMs !== 'number' || !Number.isFinite(line.receivedMs)) return fieldFault('receivedMs', line.receivedMs, 'a time in ms');
  if (typeof line.type !== 'string') return fieldFault('type', line.type, 'a message type');
  if (!LINE_TYPES.has(line.type)) return `type ${shown(line.type)} is none of the message types a recording holds`;
  // a boot's lines are placed by its restart gap: a boot that is no whole number has none
  if (line.boot !== undefined && !isWholeNumber(line.boot)) return fieldFault('boot', line.boot, 'a whole number from 0');
  if (line.type === 'linkEvent' && typeof line.event !== 'string') return fieldFault('event', line.event, 'a link event\'s name');
  if (line.type === 'rawBatch' || (line.type === 'linkEvent' && line.event === 'batchAtOtherRate')) {
    for (const field of ['firstSampleIndex', 'sampleCount']) {
      if (!isWholeNumber(line[field])) return fieldFault(field, line[field], 'a whole number from 0');
    }
  }
  // a field damaged out of its number: what the line says cannot be read (a step's times, a window's
  // metrics). One left out is not damage of that kind: a recording of an older host may lack it
  for (const field of NUMBER_FIELDS.get(line.type) ?? []) {
    const fieldValue = line[field];
    if (fieldValue !== undefined && (typeof fieldValue !== 'number' || !Number.isFinite(fieldValue))) return fieldFault(field, fieldValue, 'a number');
  }
  return undefined;
}

function isWholeNumber(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** "receivedMs is missing" or "receivedMs "12" is not a time in ms" (the value as JSON) */
function fieldFault(field: string, value: unknown, expected: string): string {
  return value === undefined ? `${field} is missing` : `${field} ${excerpt(JSON.stringify(value))} is not ${expected}`;
}

/** a line's text in quotes, as excerpt gives it */
function shown(text: string): string {
  return `"${excerpt(text)}"`;
}

/** text cut to SHOWN_CHARS_MAX, control characters escaped: a warning is one line of a terminal */
function excerpt(text: string): string {
  const cut = text.length > SHOWN_CHARS_MAX ? text.slice(0, SHOWN_CHARS_MAX) + '...' : text;
  return cut.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** the type (and, of a link event, the event) of a dropped line, where it says */
interface LineKind {
  type?: string;
  event?: string;
}

function lineKind(value: unknown): LineKind {
  if (typeof value !== 'object' || value === null) return {};
  const line = value as { [field: string]: unknown };
  return {
    ...(typeof line.type === 'string' && LINE_TYPES.has(line.type) ? { type: line.type } : {}),
    ...(typeof line.event === 'string' ? { event: line.event } : {}),
  };
}

/** the type and event a line that is not JSON still shows (a line cut short, or run into the next) */
function lineKindInText(row: string): LineKind {
  const type = /"type":"(\w+)"/.exec(row)?.[1];
  const event = /"event":"(\w+)"/.exec(row)?.[1];
  return {
    ...(type !== undefined && LINE_TYPES.has(type) ? { type } : {}),
    ...(event !== undefined ? { event } : {}),
  };
}

/**
 * what goes with a dropped line, for the warning: the lines that place samples or boots lose no
 * sample (raw.csv and recording.json place them); the others lose what they held
 */
function consequence(kind: LineKind): string {
  if (kind.type === 'rawBatch') return ' (a rawBatch line: raw.csv still holds its samples and places them by their sample_index; only when they arrived is lost)';
  if (kind.type === 'linkEvent' && kind.event === 'restart') return ' (a restart link event: the restart gap in recording.json still places the new boot)';
  if (kind.type === 'linkEvent' && kind.event === 'batchAtOtherRate') return ' (a batch at another rate: its samples were never in raw.csv, a gap of cause rate in recording.json holds them)';
  if (kind.type === 'linkEvent' && kind.event !== undefined) return ` (a ${kind.event} link event)`;
  if (kind.type !== undefined) return ` (a ${kind.type} line)`;
  return '';
}
