// The learning-slowdown neuron of chapter 3, animated: the server works out the neuron epoch by
// epoch (GET /api/neuron, the same code as `nndl figure slowdown`) and the page plays the cost
// curve as it grows, quadratic and cross-entropy side by side, with the output a, w and b.
'use strict';

(() => {
  const card = document.getElementById('neuron-card');
  const play = document.getElementById('neuron-play');
  const start = document.getElementById('neuron-start');
  const etaQ = document.getElementById('neuron-eta-q');
  const etaX = document.getElementById('neuron-eta-x');
  const epochsEl = document.getElementById('neuron-epochs');
  const panels = [
    { cost: 'quadratic', eta: etaQ, canvas: document.getElementById('neuron-q'), text: document.getElementById('neuron-q-text'),
      colour: '#4f46e5', name: 'Quadratic cost' },
    { cost: 'cross-entropy', eta: etaX, canvas: document.getElementById('neuron-x'), text: document.getElementById('neuron-x-text'),
      colour: '#e8590c', name: 'Cross-entropy cost' },
  ];
  /** How long the whole animation takes, whatever the number of epochs. */
  const DURATION_MS = 4000;
  let animation = null;

  function fetchStates(panel) {
    const [w, b] = start.value.split(',');
    const q = new URLSearchParams({ cost: panel.cost, w, b, eta: panel.eta.value, epochs: epochsEl.value });
    return fetch('/api/neuron?' + q.toString()).then(async r => {
      const body = await r.json();
      if (!r.ok) {
        throw new Error(body.error);
      }
      return body.states;
    });
  }

  function drawFrame(panel, states, upTo) {
    const shown = states.slice(0, upTo + 1);
    const s = states[upTo];
    window.nndlChart.draw(panel.canvas, {
      x: { label: 'Epoch', min: 0, max: states[states.length - 1].epoch },
      y: { label: 'Cost', min: 0, max: Math.max(...states.map(t => t.cost)) * 1.05 },
      series: [{ points: shown.map(t => [t.epoch, t.cost]), colour: panel.colour }],
    });
    panel.text.textContent = panel.name + ' (η = ' + panel.eta.value + '): epoch ' + s.epoch + ', w = ' + s.w.toFixed(3)
      + ', b = ' + s.b.toFixed(3) + ', output a = ' + s.output.toFixed(3) + ', cost ' + s.cost.toFixed(3);
    panel.canvas.dataset.epoch = String(s.epoch);
    panel.canvas.dataset.output = String(s.output);
  }

  play.addEventListener('click', () => {
    if (animation) {
      cancelAnimationFrame(animation);
    }
    Promise.all(panels.map(fetchStates)).then(all => {
      const began = performance.now();
      const last = all[0].length - 1;
      const frame = now => {
        const upTo = Math.max(0, Math.min(last, Math.floor((now - began) / DURATION_MS * last)));
        panels.forEach((p, i) => drawFrame(p, all[i], upTo));
        animation = upTo < last ? requestAnimationFrame(frame) : null;
        card.dataset.playing = animation ? 'true' : 'false';
      };
      animation = requestAnimationFrame(frame);
    }).catch(err => { panels[0].text.textContent = err.message; });
  });

  // The first frame as soon as the card shows.
  new MutationObserver(() => {
    if (!card.hidden && !card.dataset.drawn) {
      card.dataset.drawn = 'true';
      Promise.all(panels.map(fetchStates)).then(all => panels.forEach((p, i) => drawFrame(p, all[i], 0))).catch(() => {});
    }
  }).observe(card, { attributes: true, attributeFilter: ['hidden'] });
})();
