import { expect } from 'chai';
import {
  KIND_RUNNING,
  SIDE_LEFT,
  SIDE_RIGHT,
  SIDE_UNKNOWN,
  STEP_AFTER_GAP,
  STEP_SIDE_GUESSED,
  stepRecordCreate,
} from '../../../firmware/core/stepRecord';
import { QUALITY_CADENCE, QUALITY_DROP, QUALITY_NAMES, summaryRecordCreate } from '../../../firmware/core/summaryRecord';
import {
  replayStepFromRecord,
  replaySummaryFromRecord,
  sideName,
  stepQualityNames,
} from '../../../host-tools/replay/replayRecords';

describe('replayRecords', () => {
  it('copies a step, so core overwriting its record afterwards changes nothing kept', () => {
    const record = stepRecordCreate();
    record.index = 3;
    record.tMs = 1234;
    record.cadenceSpm = 172;
    const step = replayStepFromRecord(record, 0);
    record.index = 4;
    record.cadenceSpm = 0;
    expect(step.index).to.equal(3);
    expect(step.cadenceSpm).to.equal(172);
  });

  it('moves step times to the recording clock and spells out side, kind and quality bits', () => {
    const record = stepRecordCreate();
    record.tMs = 961;
    record.side = SIDE_RIGHT;
    record.kind = KIND_RUNNING;
    record.quality = STEP_AFTER_GAP | STEP_SIDE_GUESSED;
    const step = replayStepFromRecord(record, 1700000000000);
    expect(step.type).to.equal('step');
    expect(step.tMs).to.equal(1700000000961);
    expect(step.side).to.equal('R');
    expect(step.kind).to.equal('running');
    expect(step.quality).to.deep.equal(['afterGap', 'sideGuessed']);
    expect([sideName(SIDE_LEFT), sideName(SIDE_UNKNOWN)]).to.deep.equal(['L', '?']);
  });

  it('names a quality bit it does not know as bitN rather than dropping it', () => {
    expect(stepQualityNames(1 | 64)).to.deep.equal(['saturated', 'bit64']);
    expect(stepQualityNames(0)).to.deep.equal([]);
  });

  it('gives summaries recording-clock times and a true/false flag for every quality name', () => {
    const record = summaryRecordCreate();
    record.startMs = 0;
    record.endMs = 10000;
    record.quality = QUALITY_CADENCE | QUALITY_DROP;
    const summary = replaySummaryFromRecord(record, 500);
    expect([summary.startMs, summary.endMs]).to.deep.equal([500, 10500]);
    expect(Object.keys(summary.quality)).to.deep.equal(QUALITY_NAMES.map((q) => q.name));
    expect(summary.quality.cadence).to.equal(true);
    expect(summary.quality.drop).to.equal(true);
    expect(summary.quality.vo).to.equal(false);
  });
});
