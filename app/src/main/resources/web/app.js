// The drawing pad of `nndl serve`'s page. The drawing goes to the server as its strokes (points in
// the pad's pixels), which the server draws again with a pen in proportion to the digit and then
// prepares as `nndl predict` prepares an image file: crop, scaling to 20x20, centring. A test digit
// clicked in the strip goes on the pad; strokes drawn over it are sent with it.
'use strict';

(() => {
  const canvas = document.getElementById('canvas');
  const ctx = canvas.getContext('2d');
  const result = document.getElementById('result');
  const digitEl = document.getElementById('digit');
  const confidenceEl = document.getElementById('confidence');
  const errorEl = document.getElementById('error');
  const hint = document.getElementById('hint');
  const preview = document.getElementById('prepared');
  const barsEl = document.getElementById('bars');
  const strip = document.getElementById('strip');
  const summary = document.getElementById('summary');
  const unlikeEl = document.getElementById('unlike');
  const nearestFigure = document.getElementById('nearest-figure');
  const nearestCanvas = document.getElementById('nearest');
  const nearestCaption = document.getElementById('nearest-caption');

  // A round brush as thick, relative to the digit, as MNIST's pen strokes (about a tenth of a
  // digit's height when the digit fills most of the pad).
  const BRUSH = canvas.width * 0.075;
  // While drawing, at most one prediction every MIN_INTERVAL ms, and one request at a time.
  const MIN_INTERVAL = 100;
  const SAMPLES = 20;

  // What goes to the server: the strokes, each a list of [x, y] points in the pad's pixels (a point
  // only when the pen has moved a pixel and a half, which keeps a digit to a few hundred points),
  // and the test digit under them, if one was put on the pad.
  const MIN_STEP = 1.5;
  let strokes = [];
  let under = null;        // {index, pixels}: the test digit on the pad, or null

  /** The body /api/predict receives for the pad as it is. */
  function drawingToSend() {
    if (under !== null && strokes.length === 0) {
      return { test_digit: under.index };
    }
    const body = { width: canvas.width, height: canvas.height, strokes: strokes };
    if (under !== null) {
      body.under = under.pixels;
    }
    return body;
  }
  // For tests: exactly the JSON that /api/predict receives for the current drawing.
  window.nndlDrawing = () => JSON.stringify(drawingToSend());

  // ---- The ten bars ----
  const bars = [];
  for (let d = 0; d < 10; d++) {
    const bar = document.createElement('div');
    bar.className = 'bar';
    bar.dataset.digit = String(d);
    bar.innerHTML = '<div class="bar-value"></div><div class="bar-track"><div class="bar-fill"></div></div>'
      + '<div class="bar-digit">' + d + '</div>';
    barsEl.appendChild(bar);
    bars.push({ bar, value: bar.querySelector('.bar-value'), fill: bar.querySelector('.bar-fill') });
  }

  const percent = p => (p >= 0.995 ? '100' : p < 0.005 ? (p > 0 ? '<1' : '0') : String(Math.round(100 * p))) + '%';

  function showAnswer(answer) {
    const p = answer.probabilities;
    digitEl.textContent = String(answer.digit);
    digitEl.dataset.digit = String(answer.digit);
    confidenceEl.textContent = percent(p[answer.digit]) + ' sure';
    errorEl.hidden = true;
    bars.forEach((b, d) => {
      b.bar.classList.toggle('top', d === answer.digit);
      b.bar.dataset.p = String(p[d]);
      b.fill.style.height = (100 * p[d]).toFixed(1) + '%';
      b.value.textContent = percent(p[d]);
      b.bar.title = d + ': ' + (100 * p[d]).toFixed(2) + '%';
    });
    drawGrey(preview, answer.prepared);
    const near = answer.nearest;
    result.dataset.unlike = near && near.unlike ? 'true' : 'false';
    if (near) {
      drawGrey(nearestCanvas, near.pixels);
      nearestFigure.hidden = false;
      nearestCaption.textContent = 'nearest it learned: a ' + near.label;
      unlikeEl.hidden = !near.unlike;
      unlikeEl.textContent = 'But this is unlike any digit it learned from: the nearest, a ' + near.label
        + ', is farther away than it is for 99 in 100 real digits. It has to answer something.';
    } else {
      nearestFigure.hidden = true;
      unlikeEl.hidden = true;
    }
    document.dispatchEvent(new CustomEvent('nndl:answer', { detail: answer }));
  }

  function showNothing() {
    result.dataset.unlike = 'false';
    unlikeEl.hidden = true;
    nearestFigure.hidden = true;
    digitEl.textContent = '–';
    digitEl.dataset.digit = '';
    confidenceEl.textContent = 'nothing yet';
    errorEl.hidden = true;
    bars.forEach(b => {
      b.bar.classList.remove('top');
      delete b.bar.dataset.p;
      b.fill.style.height = '0';
      b.value.textContent = '';
      b.bar.title = '';
    });
    preview.getContext('2d').clearRect(0, 0, preview.width, preview.height);
    document.dispatchEvent(new CustomEvent('nndl:answer', { detail: null }));
  }

  function showError(message) {
    errorEl.textContent = message;
    errorEl.hidden = false;
  }

  /** 784 grey levels (0 paper .. 255 ink) drawn as MNIST shows them: white ink on black. */
  function drawGrey(target, levels) {
    const g = target.getContext('2d');
    const image = g.createImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = levels[i];
      image.data[4 * i] = v;
      image.data[4 * i + 1] = v;
      image.data[4 * i + 2] = v;
      image.data[4 * i + 3] = 255;
    }
    g.putImageData(image, 0, 0);
  }

  // ---- Drawing ----
  let pointer = null;     // the pointer drawing now (one at a time)
  let last = null;        // its last point, in canvas pixels
  let hasInk = false;

  function paper() {
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = '#000';
    ctx.strokeStyle = '#000';
    ctx.lineWidth = BRUSH;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
  }

  function at(e) {
    const r = canvas.getBoundingClientRect();
    return { x: (e.clientX - r.left) * canvas.width / r.width, y: (e.clientY - r.top) * canvas.height / r.height };
  }

  canvas.addEventListener('pointerdown', e => {
    if (pointer !== null || (e.pointerType === 'mouse' && e.button !== 0)) {
      return;
    }
    e.preventDefault();
    pointer = e.pointerId;
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
    strokes.push([[round1(last.x), round1(last.y)]]);
    ctx.beginPath();
    ctx.arc(last.x, last.y, BRUSH / 2, 0, 2 * Math.PI);
    ctx.fill();
    hasInk = true;
    hint.hidden = true;
    wantPrediction(false);
  });

  canvas.addEventListener('pointermove', e => {
    if (e.pointerId !== pointer) {
      return;
    }
    const events = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    const stroke = strokes[strokes.length - 1];
    for (const c of events.length ? events : [e]) {
      last = at(c);
      ctx.lineTo(last.x, last.y);
      const q = stroke[stroke.length - 1];
      if (Math.hypot(last.x - q[0], last.y - q[1]) >= MIN_STEP) {
        stroke.push([round1(last.x), round1(last.y)]);
      }
    }
    ctx.stroke();
    wantPrediction(false);
  });

  const lift = e => {
    if (e.pointerId === pointer) {
      const stroke = strokes[strokes.length - 1];
      const end = [round1(last.x), round1(last.y)];
      const q = stroke[stroke.length - 1];
      if (q[0] !== end[0] || q[1] !== end[1]) {
        stroke.push(end);
      }
      pointer = null;
      wantPrediction(true);
    }
  };
  const round1 = v => Math.round(v * 10) / 10;
  canvas.addEventListener('pointerup', lift);
  canvas.addEventListener('pointercancel', lift);

  document.getElementById('clear').addEventListener('click', clear);

  function clear() {
    generation++;
    paper();
    strokes = [];
    under = null;
    hasInk = false;
    dirty = false;
    urgent = false;
    clearTimeout(timer);
    timer = null;
    hint.hidden = false;
    showNothing();
    updateState();
  }

  /** Puts test digit {index, pixels} on the pad (scaled up, dark on white) and reads it. */
  function putOnPad(digit) {
    clear();
    under = digit;
    const cell = canvas.width / 28;
    for (let i = 0; i < 784; i++) {
      const v = digit.pixels[i];
      if (v > 0) {
        ctx.fillStyle = 'rgb(' + (255 - v) + ',' + (255 - v) + ',' + (255 - v) + ')';
        ctx.fillRect((i % 28) * cell, Math.floor(i / 28) * cell, cell + 0.5, cell + 0.5);
      }
    }
    ctx.fillStyle = '#000';
    hasInk = true;
    hint.hidden = true;
    wantPrediction(true);
  }

  // ---- Predictions, throttled: live while drawing, and always once more when the pen lifts ----
  let generation = 0;     // bumped by Clear: answers about an older drawing are dropped
  let dirty = false;      // the drawing changed since the last request
  let urgent = false;     // the pen lifted: send without waiting out MIN_INTERVAL
  let inFlight = false;
  let lastSent = -Infinity;
  let timer = null;

  function wantPrediction(now) {
    if (!hasInk) {
      return;
    }
    dirty = true;
    urgent = urgent || now;
    pump();
  }

  function pump() {
    if (dirty && !inFlight) {
      const wait = urgent ? 0 : lastSent + MIN_INTERVAL - performance.now();
      if (wait > 0) {
        if (timer === null) {
          timer = setTimeout(() => { timer = null; pump(); }, wait);
        }
      } else {
        send();
      }
    }
    updateState();
  }

  function send() {
    dirty = false;
    urgent = false;
    inFlight = true;
    lastSent = performance.now();
    const sent = generation;
    fetch('/api/predict', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(drawingToSend()) })
      .then(answerOf)
      .then(answer => { if (sent === generation) showAnswer(answer); })
      .catch(err => { if (sent === generation) showError(err.message); })
      .finally(() => { inFlight = false; pump(); });
  }

  /** The JSON answer, or an Error with the server's one-line message. */
  async function answerOf(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      // not JSON: fall through
    }
    if (!response.ok) {
      throw new Error((body && body.error) || 'the server answered ' + response.status);
    }
    return body;
  }

  /** "busy" while a prediction is waiting or on its way, "idle" when the answer shown is for the drawing. */
  function updateState() {
    result.dataset.state = dirty || inFlight || timer !== null ? 'busy' : 'idle';
  }

  // ---- The network, and a strip of test digits ----
  /** The line under the title: which network reads the drawings, and how well. */
  function describeModel(m) {
    if (m.run !== undefined) {
      const v = m.validation ? ', ' + (100 * m.validation.accuracy).toFixed(1) + '% right on 1,000 validation digits' : '';
      return 'Run ' + m.run + ' (' + m.state + '), ' + JSON.stringify(m.sizes).replace(/,/g, ', ') + ' network, as it is now'
        + (m.epoch !== undefined ? ' after ' + m.epoch.toFixed(2) + ' epochs' : '') + v + '. It reads your drawings.';
    }
    if (m.untrained) {
      return 'An untrained ' + JSON.stringify(m.sizes).replace(/,/g, ', ') + ' network: it has learned nothing and guesses.'
        + ' Train it below and watch it learn.';
    }
    const parts = [JSON.stringify(m.sizes).replace(/,/g, ', ') + ' network',
      (m.activation ? m.activation + ' hidden neurons, ' : '') + m.output + ' output',
      m.cost + ' cost'];
    if (m.test) {
      parts.push('reads ' + m.test.correct.toLocaleString('en') + ' of ' + m.test.total.toLocaleString('en')
        + ' test digits right (' + (100 * m.test.accuracy).toFixed(1) + '%)');
    } else if (m.saved_evaluation) {
      const e = m.saved_evaluation;
      parts.push((100 * e.accuracy).toFixed(1) + '% right on ' + e.total.toLocaleString('en') + ' ' + e.data + ' digits');
    }
    return m.file + ': ' + parts.join(' · ');
  }

  function loadModel() {
    fetch('/api/model').then(answerOf).then(m => {
      document.getElementById('model').textContent = describeModel(m);
    }).catch(err => { document.getElementById('model').textContent = 'Cannot describe the network: ' + err.message; });
  }

  function loadSamples() {
    summary.textContent = 'Loading…';
    fetch('/api/samples?count=' + SAMPLES).then(answerOf).then(answer => {
      strip.replaceChildren();
      let wrong = 0;
      for (const s of answer.samples) {
        const tile = document.createElement('li');
        tile.className = 'tile';
        tile.dataset.index = String(s.index);
        tile.dataset.label = String(s.label);
        tile.dataset.guess = String(s.guess);
        const picture = document.createElement('canvas');
        picture.width = 28;
        picture.height = 28;
        drawGrey(picture, s.pixels);
        tile.tabIndex = 0;
        tile.addEventListener('click', () => putOnPad({ index: s.index, pixels: s.pixels }));
        tile.addEventListener('keydown', e => {
          if (e.key === 'Enter' || e.key === ' ') {
            e.preventDefault();
            putOnPad({ index: s.index, pixels: s.pixels });
          }
        });
        const guess = document.createElement('span');
        guess.className = 'guess';
        guess.textContent = String(s.guess);
        const truth = document.createElement('span');
        truth.className = 'truth';
        if (s.guess !== s.label) {
          wrong++;
          tile.classList.add('wrong');
          truth.textContent = 'is ' + s.label;
          tile.title = 'Test digit #' + s.index + ': a ' + s.label + ', read as ' + s.guess;
        } else {
          tile.title = 'Test digit #' + s.index + ': a ' + s.label + ', read right';
        }
        tile.append(picture, guess, truth);
        strip.appendChild(tile);
      }
      const n = answer.samples.length;
      summary.textContent = (wrong === 0
        ? 'It reads all ' + n + ' right. Under each: its answer.'
        : 'It reads ' + (n - wrong) + ' of ' + n + ' right; ' + (wrong === 1 ? 'the one' : 'the ' + wrong)
          + ' it gets wrong ' + (wrong === 1 ? 'is' : 'are') + ' marked in red, with the true digit.')
        + ' Click one to put it on the pad, and draw on it.';
    }).catch(err => {
      strip.replaceChildren();
      summary.textContent = err.message;
    });
  }
  document.getElementById('more').addEventListener('click', loadSamples);

  /** For the lab's script: reading the server's answers as this page does. */
  window.nndl = { answerOf };

  /** What the lab's script calls when the network changes: the answer and the strip are read again. */
  window.nndlPad = {
    refresh() {
      loadModel();
      wantPrediction(true);
    },
    reloadSamples: loadSamples,
  };

  paper();
  showNothing();
  loadModel();
  loadSamples();
})();
