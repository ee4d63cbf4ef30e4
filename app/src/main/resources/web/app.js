// The drawing page of `nndl serve`. The drawing goes to the server as a PNG of the canvas
// (dark ink on white paper, scaled down to 140x140), so the server prepares it exactly as `nndl predict` prepares an
// image file: same decoder, same ink detection, crop, scaling to 20x20 and centring.
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

  // A round brush as thick, relative to the digit, as MNIST's pen strokes (about a tenth of a
  // digit's height when the digit fills most of the pad).
  const BRUSH = canvas.width * 0.075;
  // While drawing, at most one prediction every MIN_INTERVAL ms, and one request at a time.
  const MIN_INTERVAL = 100;
  const SAMPLES = 20;

  // What goes to the server: the pad scaled down to OUTGOING x OUTGOING pixels, still seven times
  // the 20-pixel box MNIST's digits are scaled into, so the preparation loses nothing; the server
  // decodes and prepares it about four times faster than the full pad.
  const OUTGOING = 140;
  const outgoing = document.createElement('canvas');
  outgoing.width = OUTGOING;
  outgoing.height = OUTGOING;
  const outgoingCtx = outgoing.getContext('2d');
  outgoingCtx.imageSmoothingEnabled = true;
  outgoingCtx.imageSmoothingQuality = 'high';

  /** The drawing as it is sent: white paper, the pad drawn on it scaled down. */
  function drawingToSend() {
    outgoingCtx.fillStyle = '#fff';
    outgoingCtx.fillRect(0, 0, OUTGOING, OUTGOING);
    outgoingCtx.drawImage(canvas, 0, 0, OUTGOING, OUTGOING);
    return outgoing;
  }
  // For tests: exactly the PNG that /api/predict receives for the current drawing.
  window.nndlDrawingPng = () => drawingToSend().toDataURL('image/png');

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
  }

  function showNothing() {
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
    for (const c of events.length ? events : [e]) {
      last = at(c);
      ctx.lineTo(last.x, last.y);
    }
    ctx.stroke();
    wantPrediction(false);
  });

  const lift = e => {
    if (e.pointerId === pointer) {
      pointer = null;
      wantPrediction(true);
    }
  };
  canvas.addEventListener('pointerup', lift);
  canvas.addEventListener('pointercancel', lift);

  document.getElementById('clear').addEventListener('click', () => {
    generation++;
    paper();
    hasInk = false;
    dirty = false;
    urgent = false;
    clearTimeout(timer);
    timer = null;
    hint.hidden = false;
    showNothing();
    updateState();
  });

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
    drawingToSend().toBlob(png => {
      fetch('/api/predict', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: png })
        .then(answerOf)
        .then(answer => { if (sent === generation) showAnswer(answer); })
        .catch(err => { if (sent === generation) showError(err.message); })
        .finally(() => { inFlight = false; pump(); });
    }, 'image/png');
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
  fetch('/api/model').then(answerOf).then(m => {
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
    document.getElementById('model').textContent = m.file + ': ' + parts.join(' · ');
  }).catch(err => { document.getElementById('model').textContent = 'Cannot describe the network: ' + err.message; });

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
      summary.textContent = wrong === 0
        ? 'It reads all ' + n + ' right. Under each: its answer.'
        : 'It reads ' + (n - wrong) + ' of ' + n + ' right; ' + (wrong === 1 ? 'the one' : 'the ' + wrong)
          + ' it gets wrong ' + (wrong === 1 ? 'is' : 'are') + ' marked in red, with the true digit.';
    }).catch(err => {
      strip.replaceChildren();
      summary.textContent = err.message;
    });
  }
  document.getElementById('more').addEventListener('click', loadSamples);

  paper();
  showNothing();
  loadSamples();
})();
