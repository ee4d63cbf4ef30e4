// The lab: the train panel, the run's live curves (Server-Sent Events from /api/lab/events), the
// hidden neurons as they learn, and the runs kept to overlay. The settings live in the page's URL
// (?sizes=784,30,10&eta=3&...), so a link fills them in again; the seed is among them, and a run
// is the same bit for bit for the same settings, so the link reproduces the run.
'use strict';

(() => {
  const section = document.getElementById('lab');
  const form = document.getElementById('settings');
  const presetSelect = document.getElementById('preset');
  const status = document.getElementById('lab-status');
  const errorEl = document.getElementById('lab-error');
  const startButton = document.getElementById('start');
  const pauseButton = document.getElementById('pause');
  const stopButton = document.getElementById('stop');
  const etaNow = document.getElementById('eta-now');
  const setEta = document.getElementById('set-eta');
  const runsList = document.getElementById('runs');
  const accuracyChart = document.getElementById('accuracy-chart');
  const costChart = document.getElementById('cost-chart');
  const neuronGrid = document.getElementById('neuron-grid');

  /** The settings the panel sends, in the order of the form. */
  const NAMES = ['sizes', 'cost', 'output', 'activation', 'init', 'eta', 'lambda', 'dropout', 'momentum',
    'mini-batch-size', 'epochs', 'train-size', 'seed'];
  const COLOURS = ['#4f46e5', '#e8590c', '#0ca678', '#d6336c', '#1c7ed6', '#f59f00', '#7048e8', '#2f9e44'];
  const MAX_NEURONS_SHOWN = 100;

  let presets = [];
  let current = null;          // the run now: {run, state, settings, points, ...}
  let kept = [];               // ended runs, oldest first
  const hidden = new Set();    // runs left off the charts
  let lastAnswer = null;

  const answerOf = window.nndl.answerOf;

  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}) })
      .then(answerOf);
  }

  function showError(message) {
    errorEl.textContent = message;
    errorEl.hidden = !message;
  }

  // ---- The settings, the form and the URL ----

  function field(name) {
    return form.elements.namedItem(name);
  }

  /** Fills the form from settings by name (a preset's, a run's or the URL's). */
  function fill(settings) {
    for (const name of NAMES) {
      if (settings[name] === undefined) {
        continue;
      }
      let v = settings[name];
      if (Array.isArray(v)) {
        v = v.join(',');
      }
      if (name === 'train-size' && (v === null || v === 'all')) {
        v = 50000;
      }
      field(name).value = String(v);
    }
  }

  /** The form's settings, as /api/lab/start takes them. */
  function settingsOfForm() {
    const s = {};
    for (const name of NAMES) {
      s[name] = field(name).value.trim();
    }
    return s;
  }

  /** Writes the form's settings into the page's address, so that a link fills them in again. */
  function toUrl() {
    const q = new URLSearchParams();
    if (presetSelect.value) {
      q.set('preset', presetSelect.value);
    }
    const s = settingsOfForm();
    for (const name of NAMES) {
      q.set(name, s[name]);
    }
    history.replaceState(null, '', location.pathname + '?' + q.toString());
  }

  /** The settings in the page's address, if any: a preset first, then each setting given. */
  function fromUrl() {
    const q = new URLSearchParams(location.search);
    if (q.has('preset')) {
      const p = presets.find(x => x.name === q.get('preset'));
      if (p) {
        presetSelect.value = p.name;
        fill(p.settings);
      }
    }
    const s = {};
    for (const name of NAMES) {
      if (q.has(name)) {
        s[name] = q.get(name);
      }
    }
    fill(s);
    return q.toString().length > 0;
  }

  presetSelect.addEventListener('change', () => {
    const p = presets.find(x => x.name === presetSelect.value);
    if (p) {
      fill(p.settings);
    }
    toUrl();
  });
  form.addEventListener('input', e => {
    if (e.target !== presetSelect) {
      presetSelect.value = '';
    }
    toUrl();
  });
  form.addEventListener('submit', e => e.preventDefault());

  document.getElementById('copy-link').addEventListener('click', () => {
    toUrl();
    const link = location.href;
    (navigator.clipboard ? navigator.clipboard.writeText(link) : Promise.reject(new Error('no clipboard')))
      .then(() => { status.textContent = 'Link copied: ' + link; })
      .catch(() => { window.prompt('Copy this link:', link); });
  });

  // ---- Controls ----

  startButton.addEventListener('click', () => {
    showError('');
    toUrl();
    startButton.disabled = true;
    post('/api/lab/start', settingsOfForm())
      .then(run => {
        begin(run);
        startedAt = performance.now();
        firstPointMs = null;
        showRun();
      })
      .catch(err => { showError(err.message); showRun(); });
  });
  pauseButton.addEventListener('click', () => {
    const paused = current && current.state === 'paused';
    post(paused ? '/api/lab/resume' : '/api/lab/pause').then(changed).catch(err => showError(err.message));
  });
  stopButton.addEventListener('click', () => post('/api/lab/stop').then(changed).catch(err => showError(err.message)));
  setEta.addEventListener('click', () => {
    post('/api/lab/eta', { eta: Number(etaNow.value) }).then(changed).catch(err => showError(err.message));
  });

  /** Makes a run the one now (keeping the one before to overlay), with any points that came before its summary. */
  function begin(run) {
    if (current && current.run === run.run) {
      Object.assign(current, run, { points: current.points });
      return;
    }
    if (current && !kept.some(k => k.run === current.run)) {
      kept.push(current);
    }
    current = Object.assign({}, run, { points: early.get(run.run) || [] });
    early.delete(run.run);
  }

  function changed(summary) {
    showError('');
    if (current && summary.run === current.run) {
      Object.assign(current, summary, { points: current.points });
    }
    showRun();
  }

  /** Buttons and the status line for the run now. */
  function showRun() {
    const state = current ? current.state : 'none';
    const live = state === 'running' || state === 'paused';
    status.dataset.state = state;
    startButton.disabled = live;
    pauseButton.disabled = !live;
    pauseButton.textContent = state === 'paused' ? 'Resume' : 'Pause';
    stopButton.disabled = !live;
    etaNow.disabled = !live;
    setEta.disabled = !live;
    if (!current) {
      return;
    }
    if (document.activeElement !== etaNow) {
      etaNow.value = String(current.eta);
    }
    const last = current.points[current.points.length - 1];
    const epochs = current.settings.epochs;
    const parts = ['Run ' + current.run];
    parts.push(last ? 'epoch ' + last.epoch.toFixed(2) + ' of ' + epochs : 'starting');
    if (last) {
      parts.push((100 * last.validation.accuracy).toFixed(1) + '% right on 1,000 validation digits');
    }
    parts.push('η ' + current.eta);
    parts.push(state);
    if (!live && current.message) {
      parts.push(current.message);
    }
    if (current.test_accuracy !== null && current.test_accuracy !== undefined) {
      parts.push('test accuracy at the end ' + (100 * current.test_accuracy).toFixed(2) + '% (looked at once)');
    }
    status.textContent = parts.join(' · ');
    status.dataset.run = String(current.run);
    accuracyChart.dataset.points = String(current.points.length);
  }

  // ---- Curves ----

  function colourOf(run) {
    return COLOURS[(run - 1) % COLOURS.length];
  }

  function showRunsList() {
    runsList.replaceChildren();
    for (const r of kept.concat(current ? [current] : [])) {
      const li = document.createElement('li');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = !hidden.has(r.run);
      box.disabled = current !== null && r.run === current.run;
      box.addEventListener('change', () => {
        if (box.checked) {
          hidden.delete(r.run);
        } else {
          hidden.add(r.run);
        }
        redraw();
      });
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = colourOf(r.run);
      const s = r.settings;
      const text = document.createElement('span');
      text.textContent = 'Run ' + r.run + ': [' + s.sizes.join(', ') + '] ' + s.cost + ', η ' + s.eta
        + (s.lambda ? ', λ ' + s.lambda : '') + (s.momentum ? ', μ ' + s.momentum : '') + (s.dropout ? ', dropout ' + s.dropout : '')
        + ', m ' + s['mini-batch-size'] + ', ' + (s['train-size'] || 50000).toLocaleString('en') + ' images'
        + (r.state !== 'running' && r.state !== 'paused' ? ' (' + r.state + ')' : '');
      const use = document.createElement('button');
      use.type = 'button';
      use.className = 'link';
      use.textContent = 'settings';
      use.title = 'Put this run\'s settings in the panel';
      use.addEventListener('click', () => { presetSelect.value = ''; fill(r.settings); toUrl(); });
      li.append(box, swatch, text, use);
      runsList.appendChild(li);
    }
  }

  let drawPending = false;

  function redraw() {
    if (drawPending) {
      return;
    }
    drawPending = true;
    requestAnimationFrame(() => {
      drawPending = false;
      const runs = kept.filter(r => !hidden.has(r.run)).concat(current ? [current] : []);
      const accuracy = [];
      const cost = [];
      for (const r of runs) {
        const colour = colourOf(r.run);
        const pts = r.points;
        accuracy.push({ points: pts.map(p => [p.epoch, 100 * p.validation.accuracy]), colour });
        accuracy.push({ points: pts.map(p => [p.epoch, 100 * p.training.accuracy]), colour, dashed: true, width: 1.5 });
        accuracy.push({ points: pts.filter(p => p.end).map(p => [p.epoch, 100 * p.validation_all.accuracy]), colour, dots: true });
        cost.push({ points: pts.map(p => [p.epoch, p.validation.cost]), colour });
        cost.push({ points: pts.map(p => [p.epoch, p.training.cost]), colour, dashed: true, width: 1.5 });
        cost.push({ points: pts.filter(p => p.end).map(p => [p.epoch, p.validation_all.cost]), colour, dots: true });
      }
      window.nndlChart.draw(accuracyChart, { x: { label: 'Epoch', min: 0 }, y: { label: 'Accuracy (%)' }, series: accuracy });
      window.nndlChart.draw(costChart, { x: { label: 'Epoch', min: 0 }, y: { label: 'Cost' }, series: cost });
    });
  }

  // ---- Hidden neurons ----

  let weightsPending = false;
  let weightsAt = 0;

  /** Fetches the first hidden layer's weights (at most every 700 ms) and draws one tile a neuron. */
  function refreshWeights() {
    const now = performance.now();
    if (weightsPending || now - weightsAt < 700) {
      if (!weightsPending && !weightsTimer) {
        weightsTimer = setTimeout(() => { weightsTimer = null; refreshWeights(); }, 700 - (now - weightsAt));
      }
      return;
    }
    weightsPending = true;
    weightsAt = now;
    fetch('/api/lab/weights?count=' + MAX_NEURONS_SHOWN).then(answerOf).then(w => {
      const img = new Image();
      img.onload = () => {
        drawNeurons(img, w.neurons, w.of);
        weightsPending = false;
      };
      img.onerror = () => { weightsPending = false; };
      img.src = w.png;
    }).catch(err => {
      weightsPending = false;
      neuronGrid.replaceChildren();
      neuronGrid.dataset.count = '0';
      neuronGrid.textContent = err.message;
    });
  }
  let weightsTimer = null;

  function drawNeurons(img, count, of) {
    if (neuronGrid.children.length !== count) {
      neuronGrid.replaceChildren();
      for (let j = 0; j < count; j++) {
        const cell = document.createElement('figure');
        cell.className = 'neuron';
        const c = document.createElement('canvas');
        c.width = 28;
        c.height = 28;
        const fire = document.createElement('div');
        fire.className = 'fire';
        cell.append(c, fire);
        neuronGrid.appendChild(cell);
      }
    }
    neuronGrid.dataset.count = String(count);
    neuronGrid.title = count < of ? 'The first ' + count + ' of ' + of + ' hidden neurons' : '';
    for (let j = 0; j < count; j++) {
      const g = neuronGrid.children[j].firstChild.getContext('2d');
      g.drawImage(img, j * 29, 0, 28, 28, 0, 0, 28, 28);
    }
    showActivations();
    neuronGrid.dataset.version = String(Number(neuronGrid.dataset.version || 0) + 1);
  }

  /** How strongly each hidden neuron fires for the drawing on the pad: dark for 0, bright for 1. */
  function showActivations() {
    const h = lastAnswer && lastAnswer.hidden;
    const cells = neuronGrid.children;
    for (let j = 0; j < cells.length; j++) {
      const fire = cells[j].lastChild;
      if (!h || j >= h.length) {
        fire.style.background = '';
        fire.title = '';
        delete fire.dataset.a;
        continue;
      }
      const a = Math.max(0, Math.min(1, h[j]));
      const level = Math.round(255 * a);
      fire.style.background = 'rgb(' + level + ',' + level + ',' + Math.min(255, level + 40) + ')';
      fire.title = 'neuron ' + j + ': ' + h[j].toFixed(3);
      fire.dataset.a = String(h[j]);
    }
    neuronGrid.dataset.activations = h ? String(Math.min(h.length, cells.length)) : '0';
  }

  document.addEventListener('nndl:answer', e => {
    lastAnswer = e.detail;
    showActivations();
  });

  // ---- The stream ----

  let startedAt = 0;
  let firstPointMs = null;
  let padAt = 0;

  /** Points of a run whose start this page has not heard of yet. */
  const early = new Map();

  function onPoint(p) {
    if (!current || p.run > current.run) {
      early.set(p.run, (early.get(p.run) || []).concat([p]));
      return;
    }
    if (p.run !== current.run) {
      return;
    }
    current.points.push(p);
    current.eta = p.eta;
    if (firstPointMs === null && p.images > 0 && startedAt > 0) {
      firstPointMs = performance.now() - startedAt;
      status.dataset.firstPointMs = firstPointMs.toFixed(0);
    }
    showRun();
    redraw();
    refreshWeights();
    const now = performance.now();
    if (now - padAt > 500 && window.nndlPad) {
      padAt = now;
      window.nndlPad.refresh();
    }
  }

  function onState(s) {
    if (!current || s.run >= current.run) {
      begin(s);
    }
    showRun();
    showRunsList();
    redraw();
    if (s.state !== 'running' && s.state !== 'paused') {
      refreshWeights();
      if (window.nndlPad) {
        window.nndlPad.refresh();
        window.nndlPad.reloadSamples();
      }
    }
  }

  function listen() {
    const events = new EventSource('/api/lab/events');
    events.addEventListener('point', e => onPoint(JSON.parse(e.data)));
    events.addEventListener('state', e => onState(JSON.parse(e.data)));
    events.addEventListener('eta', e => {
      const d = JSON.parse(e.data);
      if (current && d.run === current.run) {
        current.eta = d.eta;
        showRun();
      }
    });
    events.addEventListener('open', () => { section.dataset.stream = 'open'; });
  }

  // ---- Start ----

  fetch('/api/lab').then(response => {
    if (response.status === 404) {
      return null; // served without the lab
    }
    return answerOf(response);
  }).then(lab => {
    if (!lab) {
      return;
    }
    for (const id of ['lab', 'curves-card', 'neurons-card', 'neuron-card']) {
      document.getElementById(id).hidden = false;
    }
    presets = lab.presets;
    for (const p of presets) {
      const o = document.createElement('option');
      o.value = p.name;
      o.textContent = p.name + ': ' + p.description;
      presetSelect.appendChild(o);
    }
    const l = lab.limits;
    document.getElementById('limits').textContent = 'This server allows up to ' + l.hidden_layers + ' hidden layers of '
      + l.neurons.toLocaleString('en') + ' neurons, ' + l.parameters.toLocaleString('en') + ' weights and biases, '
      + l.epochs + ' epochs, mini-batches of ' + l.mini_batch_size + ', η up to ' + l.eta + ', '
      + l.training_images.toLocaleString('en') + ' training images, and one run at a time.';
    kept = lab.runs;
    current = lab.run;
    if (!fromUrl()) {
      fill(current ? current.settings : lab.defaults);
      const p = presets.find(x => x.name === 'ch1');
      presetSelect.value = current ? '' : (p ? 'ch1' : '');
    }
    section.dataset.ready = 'true';
    showRun();
    showRunsList();
    redraw();
    refreshWeights();
    listen();
  }).catch(err => showError('The lab is not available: ' + err.message));

  window.addEventListener('resize', redraw);
})();
