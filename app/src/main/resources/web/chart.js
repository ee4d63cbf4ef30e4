// Line charts on a canvas, for the lab's curves and the slowdown neuron: axes with round ticks,
// curves (solid or dashed) and dots. window.nndlChart.draw(canvas, spec) with
// spec = {x: {label, min, max}, y: {label, min, max}, series: [{points: [[x, y], ...], colour,
// dashed, dots, width}], lines: [{y, label}]} (min and max optional: taken from the points).
'use strict';

(() => {
  /** Round steps for an axis from lo to hi with about n ticks. */
  function ticks(lo, hi, n) {
    const span = hi - lo || 1;
    const raw = span / n;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 2.5, 5, 10].map(f => f * mag).find(s => s >= raw) || 10 * mag;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return { step, values: out };
  }

  function label(v, step) {
    const digits = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
    return v.toFixed(Math.min(digits, 4));
  }

  function range(spec, axis, series, index) {
    let lo = spec[axis] && spec[axis].min;
    let hi = spec[axis] && spec[axis].max;
    if (lo === undefined || hi === undefined) {
      let dataLo = Infinity;
      let dataHi = -Infinity;
      for (const s of series) {
        for (const p of s.points) {
          if (Number.isFinite(p[index])) {
            dataLo = Math.min(dataLo, p[index]);
            dataHi = Math.max(dataHi, p[index]);
          }
        }
      }
      for (const l of (axis === 'y' && spec.lines) || []) {
        dataLo = Math.min(dataLo, l.y);
        dataHi = Math.max(dataHi, l.y);
      }
      if (!Number.isFinite(dataLo)) {
        dataLo = 0;
        dataHi = 1;
      }
      if (dataHi - dataLo < 1e-9) {
        dataHi = dataLo + (Math.abs(dataLo) || 1) * 0.1;
      }
      const pad = axis === 'y' ? 0.05 * (dataHi - dataLo) : 0;
      lo = lo === undefined ? dataLo - pad : lo;
      hi = hi === undefined ? dataHi + pad : hi;
    }
    return [lo, hi];
  }

  function draw(canvas, spec) {
    const ratio = window.devicePixelRatio || 1;
    const cssW = canvas.clientWidth || canvas.width;
    const cssH = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(cssW * ratio) || canvas.height !== Math.round(cssH * ratio)) {
      canvas.width = Math.round(cssW * ratio);
      canvas.height = Math.round(cssH * ratio);
    }
    const g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, cssW, cssH);
    const series = spec.series || [];
    const [x0, x1] = range(spec, 'x', series, 0);
    const [y0, y1] = range(spec, 'y', series, 1);
    const left = 52;
    const right = cssW - 12;
    const top = 10;
    const bottom = cssH - 34;
    const px = x => left + (x - x0) / (x1 - x0) * (right - left);
    const py = y => bottom - (y - y0) / (y1 - y0) * (bottom - top);

    g.font = '11px system-ui, sans-serif';
    g.lineWidth = 1;
    g.strokeStyle = '#e3e6ee';
    g.fillStyle = '#667085';
    const yt = ticks(y0, y1, 5);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const v of yt.values) {
      g.beginPath();
      g.moveTo(left, py(v));
      g.lineTo(right, py(v));
      g.stroke();
      g.fillText(label(v, yt.step), left - 6, py(v));
    }
    const xt = ticks(x0, x1, 6);
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const v of xt.values) {
      g.beginPath();
      g.moveTo(px(v), top);
      g.lineTo(px(v), bottom);
      g.stroke();
      g.fillText(label(v, xt.step), px(v), bottom + 4);
    }
    g.strokeStyle = '#98a2b3';
    g.strokeRect(left, top, right - left, bottom - top);
    g.fillText((spec.x && spec.x.label) || '', (left + right) / 2, bottom + 18);
    g.save();
    g.translate(12, (top + bottom) / 2);
    g.rotate(-Math.PI / 2);
    g.textBaseline = 'middle';
    g.fillText((spec.y && spec.y.label) || '', 0, 0);
    g.restore();

    g.save();
    g.beginPath();
    g.rect(left, top, right - left, bottom - top);
    g.clip();
    for (const l of spec.lines || []) {
      g.strokeStyle = '#555';
      g.setLineDash([3, 4]);
      g.lineWidth = 1.2;
      g.beginPath();
      g.moveTo(left, py(l.y));
      g.lineTo(right, py(l.y));
      g.stroke();
      g.setLineDash([]);
      g.fillStyle = '#555';
      g.textAlign = 'left';
      g.textBaseline = 'bottom';
      g.fillText(l.label, left + 6, py(l.y) - 2);
    }
    for (const s of series) {
      g.strokeStyle = s.colour;
      g.fillStyle = s.colour;
      g.lineWidth = s.width || 2;
      g.setLineDash(s.dashed ? [6, 4] : []);
      if (!s.dots) {
        g.beginPath();
        s.points.forEach((p, i) => (i ? g.lineTo(px(p[0]), py(p[1])) : g.moveTo(px(p[0]), py(p[1]))));
        g.stroke();
      } else {
        for (const p of s.points) {
          g.beginPath();
          g.arc(px(p[0]), py(p[1]), 3.2, 0, 2 * Math.PI);
          g.fill();
        }
      }
    }
    g.restore();
    g.setLineDash([]);
  }

  window.nndlChart = { draw };
})();
