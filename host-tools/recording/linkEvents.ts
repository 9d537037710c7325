// The link events a recording's messages.ndjson holds besides the pod's messages: what the host
// saw of the link and the session. Every event the recorder writes is named here (the writer
// takes only these names), so docs/recording-format.md lists them all.

/** each event's meaning and the fields its line carries besides `receivedMs`, `type` and `event` */
export const LINK_EVENTS = {
  sequenceGap: 'messages of one type lost on the link, seen from the header\'s `seq`: `messageType`, `expectedSeq` (the one that should have come), `seq` (the one that came), `missing`, and `recovered`, how many of them had been read back from the pod\'s log already (absent when none)',
  duplicate: 'the next line is a message that arrived twice (the same type and `seq`); readers skip it: `messageType`, `seq`, `lastSeq` (the seq after which it arrived)',
  restart: 'the pod restarted (its clock went back, its `restarted` error, or a new boot id), or its recording was stopped and started again within the boot (`recordingRestarted: true`): `messageType`, `seq`, `lastDeviceTimeMs`, `deviceTimeMs`, and where known `bootId` and `startedLaterMs` (how much later, by the pod\'s clock, the new recording started than the one before). Lines after it carry `boot`',
  sampleGap: 'raw samples lost between two raw batches, from their sample indices: `expectedSampleIndex`, `firstSampleIndex`, `missingSamples` (recording.json\'s gaps place them in raw.csv)',
  frameError: 'bytes on the serial line that were no good frame: `reason`, one of `crc` (its CRC-32 did not match, whitened or not), `cobs` (bad byte stuffing), `short` (no message before the CRC), `oversized` (longer than the longest message), `truncated` (the stream ended inside it)',
  decodeError: 'a frame whose CRC held but whose bytes are no message this host knows: `reason`, one of `short` (shorter than its type needs), `badVersion` (another protocol version), `unknownType` (a type id this host does not know), `badCount` (a rawBatch of more samples than a batch holds), `unknownCommand` (a command id this host does not know)',
  batchAtOtherRate: 'a raw batch sampled at another rate than the recording\'s (a restarted pod at its saved rate before it was set again): the batch\'s own fields without its samples, and `rateHz`; its time is a gap of cause `rate`',
  disconnect: 'the serial port closed (the pod unplugged or gone); the host waits for it to come back',
  silent: 'the pod sent nothing for 15 s while its port stayed open, nor answered getStatus in 2 s then (its battery flat on its serial adapter, a loose wire, a pod that hung): `lastHeardMs`, when it was last heard; a session that ends so has the time since its last raw batch as a `disconnect` gap',
  heardAgain: 'the pod was heard again after a `silent` event: `silentMs`, how long nothing came; samples lost meanwhile are a gap as the next raw batch shows it (cause `link`, or `restart` where the pod restarted)',
  reopenFailed: 'the port came back but did not open yet: `reason`',
  reconnect: 'the port opened again; the summaries the pod logged meanwhile are read back from its log (lines with `fromLog: true`)',
  logGap: 'part of the pod\'s log that could not be read back and was given up: `fromOffset`, `resumedAtOffset` (log byte offsets; the log\'s end when nothing came after the hole)',
  recordAgainFailed: 'a pod that restarted and did not record as the session asked (its rate, its raw stream) could not be set again and started anew: `reason`',
  podStopped: 'the pod\'s recording was stopped during the session by its button (or another host), as a status of the pod said (one it sent, or the one the host asked for when nothing came, or at the end before its own stop): `seq` and `deviceTimeMs`, that status\'s, and `lastRecordingMs`, when the pod was last seen recording (ms since the session\'s start, as `receivedMs`), about when it stopped. Nothing after it was recorded, unless a `restart` (`recordingRestarted: true`) follows: its button started a new recording',
  stopNotAwaited: 'the session ended without waiting for all of the pod\'s answers (Ctrl-C twice): `notAwaited`, what was not waited for',
  stopUnconfirmed: 'the pod did not answer the stop (sent three times), refused it, or the link closed first, or it was away when the session ended and was never told to stop; it may still be recording: `reason`',
  sessionError: 'the session failed and ended there (`endedBy` is `error`): `reason`, as recording.json\'s `failure` (a disk that filled up may leave no room for this line)',
  logFull: 'a session of the pod\'s log only, its last line, in the log\'s last session: the log was full when it was read (`lumbarpod log`, the dashboard\'s Pod log), so the windows the pod made after it filled were not logged and this session ends where the log filled, not where the run did (runs made after it, until the log was cleared, are not in the log either)',
} as const;

export type LinkEventName = keyof typeof LINK_EVENTS;
