// Quality bits in words for people: a step's problem bits (set = the problem applies) and a
// window summary's trust bits (set = the metric is trustworthy, so the words name the clear
// ones). Bit names come from the protocol's field tables, so a new bit shows up by its name.
import { FieldSpec, NamedValue, STEP_SPEC, SUMMARY_SPEC } from '../../firmware/protocol/messageTypes';

/** nicer words than the camelCase bit names, where they differ */
const WORDS: { [name: string]: string } = {
  afterGap: 'after a gap',
  sideGuessed: 'side guessed',
  warmup: 'warming up',
  leanProvisional: 'lean provisional (upright under test after a stop)',
  uncalibrated: 'not calibrated (no standing start: lean against an estimated upright)',
  saturated: 'IMU saturated (no load metrics)',
  vo: 'vertical oscillation',
  contact: 'contact time',
  drop: 'pelvic drop',
  rotation: 'pelvic rotation',
  lean: 'forward lean',
  balance: 'L/R balance',
  walkingCadence: 'walking cadence',
  verticalRatio: 'vertical ratio',
  // the pod's status flags, on the Pod line
  rawStream: 'raw stream on',
  calibrated: 'calibrated (stood still before running)',
  forwardKnown: 'forward direction found',
  storageFull: 'log full',
  batteryLow: 'battery low',
  saturationSeen: 'IMU saturated since the last status',
  bleConnected: 'Bluetooth connected',
  configUnsaved: 'settings not saved (they hold until the pod restarts)',
  rawOnly: 'raw samples only (step detector off)',
};

/** the summary metrics the dashboard shows; the others' trust bits are left out of the words */
export const SHOWN_SUMMARY_METRICS = ['cadence', 'contact', 'vo', 'drop', 'rotation', 'lean', 'balance'];

function bitsOf(fields: readonly FieldSpec[], name: string): readonly NamedValue[] {
  for (let i = 0; i < fields.length; i++) if (fields[i].name === name && fields[i].bits) return fields[i].bits as readonly NamedValue[];
  throw new Error(`no bit field ${name} in the field table`);
}

const STEP_QUALITY_BITS = bitsOf(STEP_SPEC.fields, 'quality');
const SUMMARY_QUALITY_BITS = bitsOf(SUMMARY_SPEC.fields, 'quality');

/** 'afterGap' -> 'after a gap'; unknown names -> their camelCase split into words */
export function qualityWord(name: string): string {
  return WORDS[name] ?? name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** words for the problem bits set in a step's quality field, in table order */
export function stepQualityWords(quality: number): string[] {
  return STEP_QUALITY_BITS.filter((b) => (quality & b.value) !== 0).map((b) => qualityWord(b.name));
}

/** words for the metrics of `metrics` whose trust bit is clear in a summary's quality field */
export function summaryUntrustedWords(quality: number, metrics: readonly string[] = SHOWN_SUMMARY_METRICS): string[] {
  return SUMMARY_QUALITY_BITS.filter((b) => metrics.indexOf(b.name) >= 0 && (quality & b.value) === 0).map((b) => qualityWord(b.name));
}

/** whether the summary's trust bit of one metric (a SUMMARY_SPEC quality bit name) is set */
export function summaryTrusts(quality: number, metric: string): boolean {
  for (let i = 0; i < SUMMARY_QUALITY_BITS.length; i++) {
    if (SUMMARY_QUALITY_BITS[i].name === metric) return (quality & SUMMARY_QUALITY_BITS[i].value) !== 0;
  }
  return false;
}

/** a step's problem bits under which its lean is not the runner's forward lean: an upright under test after a stop, or none yet */
const STEP_LEAN_DOUBTS = ['leanProvisional', 'uncalibrated'];

/** words for the bits set in a step's quality field that make its lean doubtful (none: the lean can be shown as trustworthy) */
export function stepLeanDoubtWords(quality: number): string[] {
  return STEP_QUALITY_BITS.filter((b) => STEP_LEAN_DOUBTS.indexOf(b.name) >= 0 && (quality & b.value) !== 0).map((b) => qualityWord(b.name));
}

/** what the Quality line says of a window after its number, and whether that is all good news */
export interface WindowQualityText {
  words: string;
  trusted: boolean;
}

/**
 * A window summary's quality in words. A window without running steps has every running
 * metric's trust bit clear because none was measured, not because what was measured is doubtful:
 * listing them all as not trustworthy alarmed a runner who had only stood or walked.
 */
export function windowQualityText(summary: { steps: number; runningSteps: number; quality: number }): WindowQualityText {
  if (summary.steps === 0) return { words: 'no steps in this window', trusted: true };
  if (summary.runningSteps === 0) {
    const walkingTrusted = summaryTrusts(summary.quality, 'walkingCadence');
    return {
      words: 'walking only: the running metrics are not measured' + (walkingTrusted ? '' : '; walking cadence not trustworthy'),
      trusted: walkingTrusted,
    };
  }
  const untrusted = summaryUntrustedWords(summary.quality);
  return { words: untrusted.length ? 'not trustworthy: ' + untrusted.join(', ') : 'all metrics trustworthy', trusted: untrusted.length === 0 };
}
