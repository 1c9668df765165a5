// The live page: alerts arrive one event each; everything else comes as one `snapshot` event per second, computed on
// the server. Nothing here sees individual transactions, so the page costs the same at 10 or 10,000 payments/s.
(() => {
  const body = document.body;
  const analyst = body.dataset.analyst === 'true';
  const rows = document.getElementById('alerts');
  const status = document.getElementById('status');
  const seen = new Set([...rows.querySelectorAll('tr')].map(r => r.dataset.transactionId));
  const MAX_ROWS = 500;

  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const fill = (id, trs) => { const t = document.getElementById(id); t.replaceChildren(...trs); };
  const row = (...cells) => { const tr = el('tr'); cells.forEach(c => tr.append(c)); return tr; };
  const sums = s => Object.entries(s || {}).map(([cur, v]) => Number(v).toLocaleString(undefined,
      {minimumFractionDigits: 2, maximumFractionDigits: 2}) + ' ' + cur).join(' · ') || '–';
  const pct = v => v === null || v === undefined ? '–' : (v * 100).toFixed(1) + ' %';
  const ms = v => v === null || v === undefined ? '–' : v + ' ms';

  function triageCell(td, transactionId) {
    if (!analyst) return;
    const confirm = el('button', 'Confirm fraud', 'confirm-fraud');
    const fp = el('button', 'False positive', 'false-positive');
    confirm.onclick = () => triage(td, transactionId, 'CONFIRMED_FRAUD');
    fp.onclick = () => triage(td, transactionId, 'FALSE_POSITIVE');
    td.replaceChildren(confirm, fp);
  }

  async function triage(td, transactionId, outcome) {
    td.querySelectorAll('button').forEach(b => b.disabled = true);
    try {
      const response = await fetch('/api/alerts/' + encodeURIComponent(transactionId) + '/triage', {
        method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({outcome})});
      const answer = await response.json();
      if (response.ok) {
        td.replaceChildren(el('span', answer.outcome + ' by ' + answer.analyst, answer.outcome));
        td.dataset.feedback = answer.feedback;
        td.title = answer.feedback + (answer.feedback_detail ? ': ' + answer.feedback_detail : '');
      } else {
        td.replaceChildren(el('span', answer.detail || ('HTTP ' + response.status), 'down'));
      }
    } catch (e) {
      td.replaceChildren(el('span', 'failed: ' + e.message, 'down'));
    }
  }

  rows.querySelectorAll('tr').forEach(tr => triageCell(tr.querySelector('td.triage'), tr.dataset.transactionId));

  function showAlert(alert, eventId) {
    if (seen.has(alert.transaction_id)) return;
    seen.add(alert.transaction_id);
    const why = el('td');
    (alert.reasons || []).forEach(r => { why.append(r); why.append(el('br')); });
    const triage = el('td', null, 'triage');
    const tr = row(el('td', alert.event_time), el('td', alert.transaction_id, 'mono'), el('td', alert.account_id),
        el('td', alert.merchant_id), el('td', alert.amount + ' ' + alert.currency, 'num'),
        el('td', Number(alert.score).toFixed(2), 'num'), el('td', alert.decision, alert.decision), why, triage);
    tr.className = 'fresh';
    tr.dataset.transactionId = alert.transaction_id;
    tr.dataset.eventId = eventId;
    triageCell(triage, alert.transaction_id);
    rows.prepend(tr);
    while (rows.children.length > MAX_ROWS) {
      seen.delete(rows.lastElementChild.dataset.transactionId);
      rows.lastElementChild.remove();
    }
  }

  function drawChart(transactions, alerts) {
    const canvas = document.getElementById('rate-chart');
    const ctx = canvas.getContext('2d');
    const w = canvas.width, h = canvas.height;
    ctx.clearRect(0, 0, w, h);
    const max = Math.max(1, ...transactions);
    const line = (series, color) => {
      ctx.beginPath();
      series.forEach((v, i) => {
        const x = i * w / Math.max(1, series.length - 1), y = h - 4 - (v / max) * (h - 20);
        i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
      });
      ctx.strokeStyle = color; ctx.lineWidth = 2; ctx.stroke();
    };
    line(transactions, '#0969da');
    line(alerts, '#a40e26');
    ctx.fillStyle = '#57606a'; ctx.font = '11px system-ui';
    ctx.fillText('max ' + max + '/s, last ' + transactions.length + ' s', 4, 12);
  }

  function keyRows(list, withName) {
    return list.map(k => row(el('td', withName && k.name ? k.name + ' (' + k.id + ')' : k.id),
        el('td', k.short_count, 'num'), el('td', sums(k.short_sums)), el('td', k.count, 'num'), el('td', sums(k.sums))));
  }

  // Accounts and merchants the detectors hold against their budgets; past a budget the least recently active
  // histories are evicted (their windows restart empty), which is marked, with how recently active the last was.
  function showDetectorMemory(m, error) {
    const cell = document.getElementById('detector-memory');
    if (!m) {
      cell.textContent = error || 'no detector has reported';
      cell.className = error ? 'down' : '';
      return;
    }
    const n = x => x.toLocaleString('en');
    let text = n(m.accounts) + ' of ' + n(m.account_budget) + ' (' + m.instances + (m.instances === 1 ? ' detector)' : ' detectors)');
    text += '; merchants ' + n(m.merchants) + ' of ' + n(m.merchant_budget);
    const since = ' since ' + m.since.substring(0, 16).replace('T', ' ') + ' UTC';
    if (m.evicted_for_budget > 0) {
      text += '; ' + n(m.evicted_for_budget) + ' accounts evicted for the budget' + since + ', the last '
          + m.last_evicted_idle_hours.toFixed(1) + ' h after its last payment';
    }
    if (m.merchants_evicted_for_budget > 0) {
      text += '; ' + n(m.merchants_evicted_for_budget) + ' merchants evicted for the budget' + since;
    }
    cell.textContent = text;
    cell.className = m.evicted_for_budget > 0 || m.merchants_evicted_for_budget > 0 ? 'warn' : '';
  }

  function showSnapshot(s) {
    const tx = s.transactions_series || [], al = s.alerts_series || [];
    document.getElementById('rate').textContent = s.transactions_per_second;
    document.getElementById('alert-rate').textContent = al.length ? al[al.length - 1] : 0;
    drawChart(tx, al);
    document.querySelectorAll('.window').forEach(e => e.textContent = '(last ' + s.window_seconds / 60 + ' min)');
    document.querySelectorAll('.short-window').forEach(e => e.textContent = '(' + s.short_window_seconds + ' s)');
    const risk = list => list.map(r => row(el('td', r.id), el('td', r.alerts, 'num'), el('td', r.mean_score.toFixed(2), 'num')));
    fill('risky-accounts', risk(s.risky_accounts));
    fill('risky-merchants', risk(s.risky_merchants));
    fill('banks', keyRows(s.banks, false));
    fill('merchants', keyRows(s.merchants, true));
    const p = s.pipeline;
    const connectors = p.connect_error ? [row(Object.assign(el('td', p.connect_error, 'down'), {colSpan: 2}))]
        : p.connectors.map(c => row(el('th', c.name), el('td', c.state + (c.tasks.length ? ' (tasks: ' + c.tasks.join(', ') + ')' : ''), c.state)));
    fill('connectors', connectors);
    document.getElementById('lag').textContent = p.detector_lag === null ? (p.lag_error || '–') : p.detector_lag + ' records';
    showDetectorMemory(p.detector_memory, p.detector_memory_error);
    document.getElementById('p50').textContent = ms(s.latency.p50_ms);
    document.getElementById('p99').textContent = ms(s.latency.p99_ms) + ' (' + s.latency.samples + ' verdicts)';
    document.getElementById('decisions').textContent = Object.entries(s.decisions).map(([d, n]) => d + ' ' + n).join(' · ') || '–';
    const q = s.quality;
    document.getElementById('precision').textContent = q.available ? pct(q.precision) : '–';
    document.getElementById('recall').textContent = q.available ? pct(q.recall) : '–';
    document.getElementById('quality-note').textContent = q.available
        ? q.caught + ' of ' + q.labelled_fraud + ' labelled frauds caught, ' + q.alerts + ' alerts (' + q.from + ' to ' + q.to + ')'
        : 'no simulator labels in the window';
    status.dataset.clients = s.streams.clients;
  }

  // The first connection resumes right after the alerts rendered on the server; on reconnects the browser sends
  // Last-Event-ID itself, and the server replays exactly what was missed.
  const source = new EventSource('/api/alerts/stream?lastEventId=' + encodeURIComponent(body.dataset.lastEventId));
  source.onopen = () => { status.textContent = 'Live'; status.className = 'live'; };
  source.onerror = () => { status.textContent = 'Live stream interrupted, reconnecting…'; status.className = ''; };
  source.onmessage = e => showAlert(JSON.parse(e.data), e.lastEventId);
  source.addEventListener('snapshot', e => showSnapshot(JSON.parse(e.data)));
  fetch('/api/snapshot').then(r => r.ok ? r.json() : null).then(s => s && showSnapshot(s)).catch(() => {});
})();
