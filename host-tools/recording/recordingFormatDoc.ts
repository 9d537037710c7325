// docs/recording-format.md: the files of a recording directory, for reading them without these
// tools. The field tables are typed against the recording's own types (PodRecordingMeta, its
// gaps and counters, LINK_EVENTS), so a field added there does not compile until it is described.
import { LINK_EVENTS } from './linkEvents';
import {
  MESSAGES_FILE, META_FILE, POD_RECORDING_FORMAT, POD_RECORDING_FORMAT_VERSION, PodRecordingCounters, PodRecordingGap, PodRecordingMeta, RAW_CSV_HEADER, RAW_FILE,
} from './podRecordingModel';

export const RECORDING_FORMAT_DOC_PATH = 'docs/recording-format.md';

const META_FIELDS: { [K in keyof Required<PodRecordingMeta>]: string } = {
  format: `always \`${POD_RECORDING_FORMAT}\``,
  formatVersion: `${POD_RECORDING_FORMAT_VERSION}; a reader should refuse a higher version than it knows`,
  board: 'the board the pod named (`puckjs2`, `mdbt42q-lsm6dso`, `sim`): which IMU, scale and axes',
  imuPart: 'the IMU, e.g. `LSM6DS3TR-C`',
  firmwareVersion: '"major.minor" from the pod\'s status; empty where no status came',
  protocolVersion: 'the protocol version of the messages (docs/protocol.md)',
  sampleRateHz: 'the rate of every row of raw.csv: 52, 104 or 208',
  accRangeG: 'accelerometer full scale the pod set, +-g',
  gyroRangeDps: 'gyroscope full scale the pod set, +-degrees/s',
  scale: 'counts to units: `accUgPerCount` (micro-g per count), `gyroMdpsPerCount` (milli-degrees/s per count), and `accFullScaleCounts`, `gyroFullScaleCounts`: a value at or past these (either sign) clipped',
  axisMap: 'the sensor axis along each pod axis: `v` up, `ap` forward, `ml` to the runner\'s left; 1 = x, 2 = y, 3 = z, negative = the opposite way (the board\'s nominal mounting; the pod refines it from standing and running, see the steps\' quality bits)',
  speedMms: 'the running speed the pod had at the start, mm/s, for the vertical ratio; 0 = not given',
  speedChanges: 'later speeds: `{ fromSample, speedMms }`, each in force from that raw.csv sample on (absent in older recordings)',
  calibration: 'from the pod\'s last status: `stationary` (it stood still for its standing calibration), `forwardKnown` (the forward direction was settled from running). A session of the pod\'s log has no status of its own: both are `false` there, not known (a window\'s `lean` quality bit says whether its lean stood on a standing calibration)',
  startTime: 'ISO 8601, the host\'s clock, when the session began (receivedMs 0). For a session of the pod\'s log, when the pod logged its first window summary, at the end of that window (the first with a step, so possibly some windows after the session began): a summary\'s wall time is startTime plus its `deviceTimeMs` less the first summary\'s, and its window began `endMs` - `startMs` before that; empty for a session of the pod\'s log that cannot be dated',
  endTime: 'ISO 8601, the host\'s clock, when the files were closed (for a session of the pod\'s log, its last entry; empty where startTime is)',
  rawSamples: 'rows in raw.csv',
  gaps: 'samples missing from raw.csv, in order (below)',
  counters: 'what went wrong on the link and on the pod (below)',
  complete: '`false` while recording, or where the host stopped before it could close the files (the files hold what was written up to then)',
  endedBy: '`duration` (record\'s --duration), `interrupt` (Ctrl-C or SIGTERM), `disconnect` (the pod did not come back), `stopped` (a session of the pod\'s log, or of the simulator), `error` (the session failed: `failure` says why), empty while recording',
  failure: 'where `endedBy` is `error`: why the session failed, in words (`the disk is full: raw.csv could not be written`, ...); the last `sessionError` event of messages.ndjson says the same where there was room for it: a disk that filled up may leave messages.ndjson none, and then `failure` is the only record of why. Absent otherwise, and in recordings made before it was kept here (there only the `sessionError` event says why)',
};

const GAP_FIELDS: { [K in keyof Required<PodRecordingGap>]: string } = {
  fromSample: 'the first missing `sample_index`',
  missingSamples: 'how many indices from it have no row',
  cause: 'why (below)',
  bootStartSample: 'restart only: the `sample_index` the new boot\'s (or new recording\'s) sample 0 has in raw.csv',
  newRecording: 'restart only, `true`: the pod\'s recording was stopped and started again within one boot (its button, another host), not a new boot; its detector started afresh',
};

const GAP_CAUSES: { [K in PodRecordingGap['cause']]: string } = {
  pod: 'the pod lost them itself (its IMU\'s FIFO overran) and said so',
  link: 'lost on the link between pod and host',
  disconnect: 'the pod was away (unplugged, out of reach) or silent with its port open (a `silent` event); a session that ends with the pod away or silent has this gap up to its end',
  restart: 'across a restart of the pod or of its recording: the time between the two, by the pod\'s clock where one boot dates both, else by the host\'s (a new boot\'s clock starts from 0); at least one sample',
  rate: 'the pod sent them at another rate than the recording\'s (after a restart, before it was set again): their time span',
  disk: 'the host could no longer write (a full disk): always the last gap, up to the last sample the pod said it sent',
  file: `never in ${META_FILE}: the tools that read a recording add it where rows of raw.csv were damaged after recording and dropped`,
};

const COUNTER_FIELDS: { [K in keyof Required<PodRecordingCounters>]: string } = {
  framesReceived: 'frames the host received',
  frameErrors: 'byte runs that were no good frame (`frameError` events)',
  decodeErrors: 'good frames that were no known message (`decodeError` events)',
  missingMessages: 'messages lost on the link, from the sequence numbers (`sequenceGap` events\' `missing`), less those read back from the pod\'s log (`recoveredMessages`)',
  recoveredMessages: 'messages a `sequenceGap` counted that were read back from the pod\'s log after all (window summaries and their forms: lines with `fromLog: true` of that `messageType` and a `seq` in the gap, read back before the gap showed (its `recovered`) or after); absent in recordings made before they were told apart, whose `missingMessages` counts them',
  duplicates: 'messages that arrived twice (`duplicate` events)',
  disconnects: 'times the pod went away',
  podDroppedSamples: 'samples the pod said it lost (from its last status)',
  podFramesBad: 'malformed frames the pod received from the host (from its last status)',
  podCommandsRejected: 'commands the pod refused (from its last status)',
};

const RAW_COLUMNS: Array<[string, string]> = [
  ['sample_index', 'the sample\'s number in this recording, from 0; a missing run of numbers is a gap in recording.json, and across a restart the numbers go on past the time the pod was down'],
  ['t_ms', 'sample_index x 1000 / sampleRateHz to 3 decimals: the sample\'s time since the recording\'s first sample at the nominal rate (the IMU\'s own clock may run a little off it; written from the index, so a damaged one can be checked against it)'],
  ['gx, gy, gz', 'gyroscope on the sensor\'s own axes, in counts: x `scale.gyroMdpsPerCount` / 1000 gives degrees/s'],
  ['ax, ay, az', 'accelerometer on the sensor\'s own axes, in counts: x `scale.accUgPerCount` / 10^6 gives g (specific force: +1 g up when still)'],
];

function table(header: [string, string], rows: Array<[string, string]>): string {
  return [`| ${header[0]} | ${header[1]} |`, '|---|---|', ...rows.map(([name, text]) => `| \`${name}\` | ${text} |`)].join('\n');
}

function entries(fields: { [name: string]: string }): Array<[string, string]> {
  return Object.keys(fields).map((name) => [name, fields[name]]);
}

export function renderRecordingFormatDoc(): string {
  return `# Recording format

<!-- written by scripts/recording-format-doc.ts from host-tools/recording/recordingFormatDoc.ts; do not edit -->

What \`lumbarpod record\` writes, and \`lumbarpod log\` for each session of the pod's log: a
directory of three files, plain text, readable without these tools. Format \`${POD_RECORDING_FORMAT}\`,
version ${POD_RECORDING_FORMAT_VERSION}.

| File | Holds |
|---|---|
| \`${RAW_FILE}\` | every raw sample the pod sent, one row each, in counts |
| \`${META_FILE}\` | board, rate, scale, axes, calibration, times, the gaps in the samples and why, error counts |
| \`${MESSAGES_FILE}\` | every message the pod sent (steps, window summaries, status, replies) and what the host saw of the link, one JSON object a line |

A session of the pod's log has no raw samples (\`${RAW_FILE}\` holds its header only) and only
window summaries among its messages.

## ${RAW_FILE}

Comma-separated, header \`${RAW_CSV_HEADER}\`, one row per sample in order.

${table(['Column', 'Meaning'], RAW_COLUMNS.map(([name, text]) => [name, text]))}

The pod frame: \`axisMap\` in ${META_FILE} says which sensor axis points up, forward and to the
left. In Python, for example:

\`\`\`python
import json, pandas as pd
meta = json.load(open("run/${META_FILE}"))
raw = pd.read_csv("run/${RAW_FILE}")
acc_g = raw[["ax", "ay", "az"]] * meta["scale"]["accUgPerCount"] / 1e6
gyro_dps = raw[["gx", "gy", "gz"]] * meta["scale"]["gyroMdpsPerCount"] / 1e3
clipped = raw[["ax", "ay", "az"]].abs() >= meta["scale"]["accFullScaleCounts"]
\`\`\`

## ${META_FILE}

One JSON object, rewritten as the recording goes (a gap is on disk as soon as it is known).

${table(['Field', 'Meaning'], entries(META_FIELDS))}

### Gaps

Each entry of \`gaps\`:

${table(['Field', 'Meaning'], entries(GAP_FIELDS))}

Causes:

${table(['Cause', 'Meaning'], entries(GAP_CAUSES))}

### Counters

${table(['Counter', 'Meaning'], entries(COUNTER_FIELDS))}

## ${MESSAGES_FILE}

One JSON object a line, in the order the host received them. Every line has:

- \`receivedMs\`: the host's receive time, ms since the session began (\`startTime\`); 0 for a
  session of the pod's log;
- \`type\`: a message of the protocol, or \`linkEvent\`.

A message's line has its header fields (\`version\`, \`seq\`, \`deviceTimeMs\`: the pod's clock, ms
since its boot) and its fields, with the names and units of docs/protocol.md. A \`rawBatch\`
line leaves out its samples, which are in ${RAW_FILE}. The host adds:

- \`boot\`: \`n\` from 1 where the message came from the n-th boot of the pod (or recording started
  anew) after the one the session began in, so its \`deviceTimeMs\` is on that boot's clock;
  absent for the first;
- \`fromLog\`: \`true\` where it was read back from the pod's flash log (logged while no host
  listened), not received live; its \`receivedMs\` is that of the \`logChunk\` line that completed
  it, which comes before it.

A message that arrived twice is written twice, the second after a \`duplicate\` event: skip it.

A \`linkEvent\` line says what the host saw, in \`event\`:

${table(['Event', 'Meaning and fields'], entries(LINK_EVENTS))}

Readers should pass over a message type or link event they do not know: newer recordings may
have more.
`;
}
