// Prints the running detector's accuracy over the synthetic grid, one line per run, then the runs
// with an impact transient at contact (contacts timed early and late by turns at 52 Hz).
// Run: npx ts-node scripts/accuracy-running.ts
import { allGridCases, runGridCase, unevenContactCases } from '../host-tools/accuracy/runningGrid';

const rows = [];
for (const gridCase of allGridCases().concat(unevenContactCases())) {
  const { score, summaries, truthCadenceSpm } = runGridCase(gridCase);
  const cadenceErrors = summaries.filter((s) => s.quality.cadence).map((s) => s.cadenceSpm - truthCadenceSpm);
  rows.push({
    run: gridCase.name,
    missed: score.missedSteady,
    extra: score.extraSteady,
    sidePct: +(score.sideCorrectFraction * 100).toFixed(1),
    cadenceErrMeanSpm: +(cadenceErrors.reduce((sum, error) => sum + Math.abs(error), 0) / Math.max(1, cadenceErrors.length)).toFixed(2),
    cadenceErrMaxSpm: Math.max(0, ...cadenceErrors.map(Math.abs)),
    contactErrMs: +score.contactMs.meanError.toFixed(1),
    contactAbsMs: +score.contactMs.meanAbsError.toFixed(1),
    voAbsMm: +score.voMm.meanAbsError.toFixed(1),
    voMaxMm: +score.voMm.maxAbsError.toFixed(1),
    dropAbsDeg: +(score.dropCdeg.meanAbsError / 100).toFixed(2),
    dropMaxDeg: +(score.dropCdeg.maxAbsError / 100).toFixed(2),
    rotAbsDeg: +(score.rotationCdeg.meanAbsError / 100).toFixed(2),
    rotMaxDeg: +(score.rotationCdeg.maxAbsError / 100).toFixed(2),
    tiltAbsDeg: +(score.tiltRangeCdeg.meanAbsError / 100).toFixed(2),
    tiltMaxDeg: +(score.tiltRangeCdeg.maxAbsError / 100).toFixed(2),
    leanErrDeg: +(score.leanCdeg.meanError / 100).toFixed(2),
    brakingErrMms: +score.brakingMms.meanError.toFixed(0),
  });
}
console.table(rows);
