// Small live plots of the per-step metrics against core's clock (step tMs, s), with uPlot
// (bundled; no network). One chart per quantity, what it draws of each step in livePlotSeries.ts
// (pelvic drop: left and right stances as two series, each running step filling one). Steps missed while the link was down leave a hole
// in the lines, and a new recording of the pod starts the plots afresh (livePlotColumns.ts).
// Redraws at most once a frame.
import uPlot from 'uplot';
import { StepMessage } from './liveSession';
import { StepPlotColumns } from './livePlotColumns';
import { ChartSpec, LIVE_CHARTS } from './livePlotSeries';

/** steps kept on screen: about 70 s at 170 spm */
export const PLOT_WINDOW_STEPS = 200;

interface Chart {
  spec: ChartSpec;
  plot: uPlot;
  columns: StepPlotColumns;
  box: HTMLElement;
}

/** the data's range widened by a tenth (at least 1 unit) each way; [0, 1] before any data */
function paddedRange(_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax {
  if (min === null || max === null) return [0, 1];
  const pad = Math.max(1, (max - min) * 0.1);
  return [Math.floor(min - pad), Math.ceil(max + pad)];
}

export class LivePlots {
  private readonly charts: Chart[] = [];
  private frame = 0;

  constructor(container: HTMLElement) {
    for (const spec of LIVE_CHARTS) {
      const box = document.createElement('div');
      box.className = 'plot';
      box.dataset.plot = spec.id;
      container.appendChild(box);
      const columns = new StepPlotColumns(spec.series.length, PLOT_WINDOW_STEPS);
      const plot = new uPlot({
        title: `${spec.title} (${spec.unit})`,
        width: this.widthOf(box),
        height: 150,
        // y from the data with a margin: a steady 172 spm should not sit on an axis from 0
        scales: { x: { time: false }, y: { range: paddedRange } },
        axes: [{ label: 's', size: 30, labelSize: 14 }, { size: 44 }],
        legend: { show: spec.series.length > 1, live: false },
        cursor: { show: false },
        series: [{ label: 't (s)' }, ...spec.series.map((s): uPlot.Series => ({ label: s.label, stroke: s.stroke, width: 1.5, points: { show: true, size: 3 } }))],
      }, columns.data as uPlot.AlignedData, box);
      this.charts.push({ spec, plot, columns, box });
    }
    window.addEventListener('resize', () => {
      for (const c of this.charts) c.plot.setSize({ width: this.widthOf(c.box), height: 150 });
    });
  }

  addStep(step: StepMessage): void {
    for (const c of this.charts) c.columns.add(step, c.spec.series.map((s) => s.value(step)));
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.draw());
  }

  /** every plot empty (another pod) */
  clear(): void {
    for (const c of this.charts) c.columns.clear();
    if (this.frame === 0) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    for (const c of this.charts) c.plot.setData(c.columns.data as uPlot.AlignedData);
  }

  /** the box's width inside its padding: the chart drawn wider is cut off at the box's edge */
  private widthOf(box: HTMLElement): number {
    const style = getComputedStyle(box);
    const insideWidth = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return Math.max(200, Math.floor(insideWidth || 320));
  }
}
