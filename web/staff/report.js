// The curators' report page: reads /api/staff/report for the chosen days and draws the
// charts with Chart.js (served from the installed package) and the table of unanswered
// questions. Plain script (no build step); all text is inserted with textContent.
'use strict';

(() => {
  const $ = (id) => document.getElementById(id);
  const status = $('status');
  const form = $('period');
  const since = $('since');
  const until = $('until');
  const csv = $('csv');
  const charts = {};
  const COLORS = { answered: '#2e7d32', didYouMean: '#f0a500', outOfScope: '#6a7b8c', fallback: '#c62828' };

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw(id, config) {
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart($(id), config);
  }

  const pct = (part, whole) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : null);

  function renderCharts(days) {
    const labels = days.map((d) => d.date.slice(5));
    const common = { responsive: true, maintainAspectRatio: false, animation: false };
    const bar = (label, key) => ({ label, data: days.map((d) => d[key]), backgroundColor: COLORS[key] });
    draw('chart-questions', {
      type: 'bar',
      data: {
        labels,
        datasets: [
          bar('已回答', 'answered'),
          bar('您是想问', 'didYouMean'),
          bar('超出范围', 'outOfScope'),
          bar('未能回答', 'fallback'),
        ],
      },
      options: { ...common, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } },
    });
    const line = (label, key) => ({
      label,
      data: days.map((d) => pct(d[key], d.questions)),
      borderColor: COLORS[key],
      backgroundColor: COLORS[key],
      spanGaps: true,
    });
    draw('chart-rates', {
      type: 'line',
      data: {
        labels,
        datasets: [line('回答率', 'answered'), line('您是想问', 'didYouMean'), line('兜底率', 'fallback')],
      },
      options: { ...common, scales: { y: { beginAtZero: true, max: 100 } } },
    });
    draw('chart-feedback', {
      type: 'bar',
      data: {
        labels,
        datasets: [{ label: '差评', data: days.map((d) => d.negativeFeedback), backgroundColor: '#8e24aa' }],
      },
      options: { ...common, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function renderTable(groups) {
    const body = $('unanswered');
    body.replaceChildren();
    $('unanswered-empty').hidden = groups.length > 0;
    for (const g of groups) {
      const row = el('tr');
      row.append(el('td', '', String(g.count)), el('td', '', String(g.users)));
      const question = el('td');
      question.append(el('div', 'question', g.question));
      if (g.variants.length > 0) {
        const list = el('ul', 'variants');
        for (const v of g.variants) list.append(el('li', '', v));
        question.append(list);
      }
      const near = el('td');
      if (g.nearest) {
        near.append(
          el('div', '', g.nearest.question),
          el('div', 'near-score', `${g.nearest.id} · 得分 ${g.nearest.score}`),
        );
      } else near.textContent = '—';
      const tryIt = el('td');
      const link = el('a', 'try', '试一试');
      link.href = `/staff?${new URLSearchParams({ q: g.question })}`;
      tryIt.append(link);
      row.append(question, near, tryIt);
      body.append(row);
    }
  }

  async function load() {
    const params = new URLSearchParams();
    if (since.value) params.set('since', since.value);
    if (until.value) params.set('until', until.value);
    csv.href = `/api/staff/report.csv?${params}`;
    setStatus('正在读取对话日志……');
    try {
      const res = await fetch(`/api/staff/report?${params}`, { credentials: 'same-origin' });
      if (res.status === 401) {
        window.location.assign('/staff/login');
        return;
      }
      const body = await res.json();
      if (!res.ok) {
        setStatus(String(body.error || '读取失败').split(' / ')[0], true);
        return;
      }
      since.value = body.period.since;
      until.value = body.period.until;
      csv.href = `/api/staff/report.csv?${new URLSearchParams(body.period)}`;
      const s = body.summary;
      $('sum-turns').textContent = String(s.turns);
      $('sum-users').textContent = String(s.users);
      $('sum-answered').textContent = String(s.turns - s.fallbacks - s.outOfScope - s.didYouMean);
      $('sum-clarify').textContent = String(s.didYouMean);
      $('sum-oos').textContent = String(s.outOfScope);
      $('sum-fallback').textContent = String(s.fallbacks);
      $('summary').hidden = false;
      renderCharts(body.days);
      renderTable(body.unanswered);
      setStatus(`${body.period.since} 至 ${body.period.until}（北京时间）`);
      document.body.dataset.loaded = 'true';
    } catch {
      setStatus('网络出错，请稍后再试。', true);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    load();
  });
  const initial = new URLSearchParams(window.location.search);
  since.value = initial.get('since') || '';
  until.value = initial.get('until') || '';
  load();
})();
