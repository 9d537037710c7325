// The report page's own script (plain browser JavaScript, inlined after uPlot by reportHtml.ts):
// reads the chart specs from the #report-data JSON and draws each into its <figure> with uPlot.
// A figure gets data-drawn="1" once uPlot has drawn it; the JSON holds only the charts with data
// (the page marks the others data-empty="1" and says so, see chartHasData in reportCharts.ts).
(function () {
  'use strict';
  var HEIGHT_PX = 230;
  // a plot is as wide as its box (a phone's column is narrower than 280 px once padded); below
  // this it could not show its axes, and its box scrolls rather than the page
  var MIN_WIDTH_PX = 200;
  /** time axis ticks at whole clock steps, seconds */
  var CLOCK_INCREMENTS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
  /** histogram axis ticks every this many bins */
  var BIN_TICK_FACTORS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

  function clock(seconds) {
    var total = Math.max(0, Math.round(seconds));
    var h = Math.floor(total / 3600);
    var m = Math.floor((total % 3600) / 60);
    var s = total % 60;
    var ss = (s < 10 ? '0' : '') + s;
    return h > 0 ? h + ':' + (m < 10 ? '0' : '') + m + ':' + ss : m + ':' + ss;
  }

  /**
   * a number on an axis or in a legend as uPlot writes it (the reader's locale), but negative
   * with the minus sign (U+2212) of the report's text, not a hyphen, and 0 never as "-0"
   */
  function numberText(value) {
    return uPlot.fmtNum(value === 0 ? 0 : value).replace(/^-/, '\u2212');
  }

  function axisValues(u, splits) {
    return splits.map(function (v) { return v === null ? '' : numberText(v); });
  }

  /** a series' value in the legend: "--" away from the data, as uPlot's own */
  function legendValue(u, v, seriesIndex, dataIndex) {
    return dataIndex === null || dataIndex === undefined ? '--' : v === null || v === undefined ? '' : numberText(v);
  }

  function seriesOptions(s) {
    if (s.style === 'points') {
      return {
        label: s.label, value: legendValue, stroke: s.color, width: 0, paths: function () { return null; },
        points: { show: true, size: 4, width: 0, stroke: s.color, fill: s.color },
      };
    }
    if (s.style === 'bars') {
      return {
        label: s.label, value: legendValue, stroke: s.color, fill: s.color + '99', width: 1,
        paths: uPlot.paths.bars({ size: [0.92, Infinity], align: 1 }), points: { show: false },
      };
    }
    if (s.style === 'reference') {
      return { label: s.label, value: legendValue, stroke: s.color, width: 1.5, dash: [6, 4], spanGaps: true, points: { show: false } };
    }
    // a line breaks only at its own breaks (null there); other series' x values it spans (undefined)
    return { label: s.label, value: legendValue, stroke: s.color, width: 2.5, spanGaps: false, points: { show: false } };
  }

  /** spec.data with each line's nulls undefined but at its breaks: what uPlot spans and where it breaks */
  function lineData(spec) {
    var xs = spec.data[0];
    return spec.data.map(function (row, i) {
      var s = spec.series[i - 1];
      if (i === 0 || s.style !== 'line') return row;
      var breaks = s.breaksS || [];
      return row.map(function (v, k) { return v === null && breaks.indexOf(xs[k]) < 0 ? undefined : v; });
    });
  }

  /** spec.markers as vertical dashed lines across the plot, each labelled at its top (uPlot's canvas, in device pixels) */
  function drawMarkers(u, markers) {
    var ctx = u.ctx;
    var ratio = uPlot.pxRatio || 1;
    var top = u.bbox.top;
    var bottom = u.bbox.top + u.bbox.height;
    ctx.save();
    ctx.lineWidth = 1.5 * ratio;
    ctx.setLineDash([4 * ratio, 4 * ratio]);
    ctx.font = Math.round(11 * ratio) + 'px sans-serif';
    ctx.textBaseline = 'top';
    for (var i = 0; i < markers.length; i++) {
      var x = Math.round(u.valToPos(markers[i].xS, 'x', true));
      if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
      ctx.strokeStyle = markers[i].color;
      ctx.fillStyle = markers[i].color;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, bottom);
      ctx.stroke();
      ctx.fillText(markers[i].label, x + 4 * ratio, top + 2 * ratio);
    }
    ctx.restore();
  }

  function draw(spec) {
    var figure = document.getElementById(spec.id);
    if (figure === null) throw new Error('no container for chart ' + spec.id);
    var target = figure.querySelector('.plot');
    var xs = spec.data[0];
    var xScale = { time: false };
    if (spec.xKind === 'value') {
      var width = spec.binWidth || 1;
      xScale.range = [xs[0], xs[xs.length - 1] + width];
    } else if (xs[0] === xs[xs.length - 1]) {
      xScale.range = [xs[0] - 1, xs[0] + 1];
    }
    var yScale = {};
    if (spec.ySoftRange) {
      var soft = spec.ySoftRange;
      yScale.range = function (u, min, max) {
        var low = min === null ? soft[0] : Math.min(min, soft[0]);
        var high = max === null ? soft[1] : Math.max(max, soft[1]);
        var pad = (high - low) * 0.05;
        return [low - pad, high + pad];
      };
    } else if (spec.yMinSpan) {
      // widened about the data's middle to the chart's least span, so a tiny wobble stays small
      var span = spec.yMinSpan;
      yScale.range = function (u, min, max) {
        if (min === null || max === null) return [0, span];
        var low = min;
        var high = max;
        if (high - low < span) {
          var mid = (low + high) / 2;
          low = mid - span / 2;
          high = mid + span / 2;
        }
        var pad = (high - low) * 0.05;
        return [low - pad, high + pad];
      };
    }
    var xAxis = { label: spec.xLabel, values: axisValues };
    if (spec.xKind === 'value') {
      // ticks on whole bins: a tick at 250.5 ms under bins of whole ms names a value no step has
      xAxis.incrs = BIN_TICK_FACTORS.map(function (f) { return +(f * (spec.binWidth || 1)).toPrecision(12); });
    }
    if (spec.xKind === 'time') {
      xAxis.incrs = CLOCK_INCREMENTS_S;
      xAxis.values = function (u, splits) { return splits.map(function (v) { return v === null ? '' : clock(v); }); };
    }
    var xSeries = { label: spec.xKind === 'time' ? 'time' : spec.xLabel, value: legendValue };
    if (spec.xKind === 'time') xSeries.value = function (u, v) { return v === null ? '--' : clock(v); };
    var options = {
      width: Math.max(MIN_WIDTH_PX, target.clientWidth || 600),
      height: HEIGHT_PX,
      scales: { x: xScale, y: yScale },
      legend: { live: true },
      cursor: { points: { show: false } },
      axes: [xAxis, { label: spec.yLabel, size: 56, values: axisValues }],
      series: [xSeries].concat(spec.series.map(seriesOptions)),
      hooks: {
        draw: [function (u) {
          if (spec.markers) drawMarkers(u, spec.markers);
          figure.setAttribute('data-drawn', '1');
        }],
      },
    };
    return new uPlot(options, lineData(spec), target);
  }

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var plots = [];
  for (var i = 0; i < data.charts.length; i++) plots.push(draw(data.charts[i]));
  document.body.setAttribute('data-charts', String(plots.length));

  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      for (var i = 0; i < plots.length; i++) {
        var target = plots[i].root.parentNode;
        plots[i].setSize({ width: Math.max(MIN_WIDTH_PX, target.clientWidth), height: HEIGHT_PX });
      }
    }, 100);
  });
})();
