// The data of one live plot as uPlot takes it ([x, series...], x the step's time in s on core's
// clock), kept apart from uPlot and the DOM. uPlot joins over `undefined` (a series with no value
// at this step) and breaks the line at `null`. It also takes x as sorted: it finds what is in view
// by searching x, so a new recording's steps (clock from 0 again) put after the old one's would
// not be drawn at all while the old ones last.
import { StepMessage } from './liveSession';

export type PlotColumn = (number | null | undefined)[];

export class StepPlotColumns {
  /** [x in s, then one column per series], oldest step first */
  readonly data: PlotColumn[] = [[]];
  private lastIndex: number | undefined;
  private lastTMs = 0;

  constructor(seriesCount: number, private readonly keepSteps: number) {
    for (let i = 0; i < seriesCount; i++) this.data.push([]);
  }

  /** no step: another runner's steps are not drawn on from the last one's */
  clear(): void {
    for (const column of this.data) column.length = 0;
    this.lastIndex = undefined;
    this.lastTMs = 0;
  }

  /** one step, `values` its value in each series (undefined: none there) */
  add(step: StepMessage, values: readonly (number | undefined)[]): void {
    const x = this.data[0];
    if (this.lastIndex !== undefined && (step.index <= this.lastIndex || step.tMs < this.lastTMs)) {
      // the pod restarted, or its recording was started again: its step count and clock start
      // over, and the old recording's steps would hide the new one's
      for (const column of this.data) column.length = 0;
    } else if (this.lastIndex !== undefined && step.index !== this.lastIndex + 1 && x.length > 0) {
      // steps missed while the link was down: x halfway into the hole, null in every series
      // breaks every line there
      x.push(((x[x.length - 1] as number) + step.tMs / 1000) / 2);
      for (let i = 1; i < this.data.length; i++) this.data[i].push(null);
    }
    this.lastIndex = step.index;
    this.lastTMs = step.tMs;
    x.push(step.tMs / 1000);
    values.forEach((v, i) => this.data[i + 1].push(v));
    while (x.length > this.keepSteps) for (const column of this.data) column.shift();
  }
}
