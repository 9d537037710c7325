// What each live plot draws of a step: one value per series, or undefined where the step has
// none (uPlot then joins the line over it). A walking step's contact, bounce and pelvic angles
// are 0 for not measured (firmware/core/walkingSteps.ts): drawn, they would read as a measured 0.
import { KIND_RUNNING, SIDE_LEFT, SIDE_RIGHT } from '../../firmware/core/stepRecord';
import { CHART_COLORS } from '../report/reportCharts';
import { StepMessage } from './liveSession';

export interface SeriesSpec {
  label: string;
  stroke: string;
  /** the value this step gives the series, or undefined where it has none */
  value(step: StepMessage): number | undefined;
}

export interface ChartSpec {
  id: string;
  title: string;
  unit: string;
  series: SeriesSpec[];
}

/** a running step's drop on its stance side, in deg; none for a walking step */
function dropDeg(step: StepMessage, side: number): number | undefined {
  return step.kind === KIND_RUNNING && step.side === side ? step.dropCdeg / 100 : undefined;
}

export const LIVE_CHARTS: readonly ChartSpec[] = [
  { id: 'cadence', title: 'Cadence', unit: 'spm', series: [{ label: 'cadence', stroke: '#1f77b4', value: (s) => (s.cadenceSpm > 0 ? s.cadenceSpm : undefined) }] },
  {
    id: 'timing', title: 'Contact and flight', unit: 'ms', series: [
      { label: 'contact', stroke: '#d62728', value: (s) => (s.contactMs > 0 ? s.contactMs : undefined) },
      { label: 'flight', stroke: '#9467bd', value: (s) => (s.contactMs > 0 ? s.flightMs : undefined) },
    ],
  },
  { id: 'vo', title: 'Vertical oscillation', unit: 'mm', series: [{ label: 'VO', stroke: '#2ca02c', value: (s) => (s.voMm > 0 ? s.voMm : undefined) }] },
  {
    id: 'drop', title: 'Pelvic drop', unit: 'deg', series: [
      // the report's colours for the sides: a runner reads left and right alike in both
      { label: 'left', stroke: CHART_COLORS.left, value: (s) => dropDeg(s, SIDE_LEFT) },
      { label: 'right', stroke: CHART_COLORS.right, value: (s) => dropDeg(s, SIDE_RIGHT) },
    ],
  },
];
