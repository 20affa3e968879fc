// Staff lookup page: search as you type, ↑/↓ to choose, Enter to copy the answer, Esc to
// clear. Plain script (no build step); CSP allows only this file. All text is inserted with
// textContent except the server's highlight HTML, which may only contain <mark>.
'use strict';

(() => {
  const DEBOUNCE_MS = 180;
  const KIND_LABEL = { faq: '问答', phone: '电话', channel: '渠道' };

  const $ = (id) => document.getElementById(id);
  const input = $('q');
  const regionSelect = $('region');
  const list = $('results');
  const status = $('status');
  const detail = $('detail');
  const toast = $('toast');

  let results = [];
  let selected = -1;
  let timer = 0;
  let pending = null;
  let lastSearch = Promise.resolve();
  let toastTimer = 0;

  /** The server escapes everything but <mark>; anything else that looks like a tag is escaped again. */
  function safeMarkup(html) {
    return String(html).replace(/<(?!\/?mark>)/g, '&lt;');
  }

  function setStatus(text, isError) {
    status.textContent = text;
    status.classList.toggle('error', Boolean(isError));
  }

  function showToast(text) {
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      toast.hidden = true;
    }, 1800);
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderList() {
    list.replaceChildren();
    results.forEach((r, i) => {
      const li = el('li');
      li.id = `result-${i}`;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', String(i === selected));
      const meta = el('div', 'meta');
      meta.append(el('span', `badge ${r.kind}`, KIND_LABEL[r.kind] || r.kind), el('span', '', r.region.name));
      const q = el('div', 'q');
      q.innerHTML = safeMarkup(r.highlight.question);
      const snip = el('div', 'snippet');
      snip.innerHTML = safeMarkup(r.highlight.snippet);
      li.append(meta, q, snip);
      li.addEventListener('click', () => {
        select(i);
        // On a phone the detail sits above the list: bring it into view (no keyboard pops up).
        if (window.matchMedia('(max-width: 899px)').matches) detail.scrollIntoView({ block: 'start' });
        else input.focus();
      });
      list.append(li);
    });
    input.setAttribute('aria-expanded', String(results.length > 0));
  }

  function renderDetail() {
    const r = results[selected];
    if (!r) {
      detail.hidden = true;
      return;
    }
    detail.hidden = false;
    const kind = $('detail-kind');
    kind.textContent = KIND_LABEL[r.kind] || r.kind;
    kind.className = `badge ${r.kind}`;
    $('detail-region').textContent = `适用地区：${r.region.name}`;
    $('detail-score').textContent = `匹配度 ${r.score.toFixed(2)}`;
    $('detail-question').innerHTML = safeMarkup(r.highlight.question);
    $('detail-answer').textContent = r.answer;
    const sources = $('detail-sources');
    sources.replaceChildren();
    for (const s of r.sources) {
      const li = el('li');
      li.append(
        el('span', '', `《${s.title}》（${s.date}，${s.region}）`),
        el('span', 'quote', `原文：“${s.quote}”`),
      );
      sources.append(li);
    }
    const related = $('detail-related');
    related.replaceChildren();
    for (const rel of r.related) {
      const li = el('li');
      const button = el('button', '', rel.question);
      button.type = 'button';
      button.addEventListener('click', () => {
        input.value = rel.question;
        search(rel.id);
        input.focus();
      });
      li.append(button);
      related.append(li);
    }
    $('detail-related-box').hidden = r.related.length === 0;
  }

  function select(i) {
    if (results.length === 0) return;
    selected = Math.max(0, Math.min(results.length - 1, i));
    list.querySelectorAll('li').forEach((li, j) => {
      li.setAttribute('aria-selected', String(j === selected));
    });
    input.setAttribute('aria-activedescendant', `result-${selected}`);
    list.children[selected]?.scrollIntoView({ block: 'nearest' });
    renderDetail();
  }

  function clear() {
    if (pending) pending.abort();
    clearTimeout(timer);
    timer = 0;
    input.value = '';
    results = [];
    selected = -1;
    input.removeAttribute('aria-activedescendant');
    renderList();
    renderDetail();
    setStatus('已清空，请输入新的关键词。');
    input.focus();
  }

  /** Fetch results; `prefer` is an entry id to select when it is among them (a related link). */
  async function runSearch(prefer) {
    const q = input.value.trim();
    if (pending) pending.abort();
    if (q === '') {
      results = [];
      selected = -1;
      renderList();
      renderDetail();
      setStatus('输入关键词开始查询：问答、江门各地电话、办理渠道一起查。');
      return;
    }
    const params = new URLSearchParams({ q, limit: '20' });
    if (regionSelect.value) params.set('region', regionSelect.value);
    const controller = new AbortController();
    pending = controller;
    try {
      const res = await fetch(`/api/search?${params}`, {
        signal: controller.signal,
        credentials: 'same-origin',
        headers: { accept: 'application/json' },
      });
      if (res.status === 401) {
        window.location.assign('/staff/login');
        return;
      }
      const body = await res.json();
      if (!res.ok) {
        setStatus(String(body.error || '查询失败').split(' / ')[0], true);
        return;
      }
      results = body.results;
      const found = results.findIndex((r) => r.id === prefer);
      selected = results.length > 0 ? Math.max(0, found) : -1;
      renderList();
      if (selected >= 0) select(selected);
      else renderDetail();
      setStatus(
        results.length > 0
          ? `共 ${results.length} 条${body.region ? `（${body.region.name}）` : ''}，↑↓ 选择，Enter 复制`
          : '没有找到相关内容，换个关键词试试（如“备案 材料”“台山 电话”）。',
      );
    } catch (err) {
      if (err && err.name === 'AbortError') return;
      setStatus('网络出错，请稍后再试。', true);
    } finally {
      if (pending === controller) pending = null;
    }
  }

  async function copyText(text) {
    try {
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return true;
      }
    } catch {
      // Permission denied or not focused: fall back to the hidden textarea.
    }
    const buffer = $('copy-buffer');
    buffer.value = text;
    buffer.select();
    let ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    input.focus();
    return ok;
  }

  async function copySelected() {
    const r = results[selected];
    if (!r) return;
    const ok = await copyText(r.answer);
    showToast(ok ? '已复制' : '复制失败，请在右侧选中文字手动复制');
  }

  function search(prefer) {
    lastSearch = runSearch(prefer);
    return lastSearch;
  }

  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = 0;
      search();
    }, DEBOUNCE_MS);
  });
  regionSelect.addEventListener('change', () => {
    search();
    input.focus();
  });
  $('search-form').addEventListener('submit', (e) => e.preventDefault());
  $('copy').addEventListener('click', () => copySelected());

  input.addEventListener('keydown', (e) => {
    if (e.isComposing) return; // typing pinyin: the IME owns the keys
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      select(selected + 1);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      select(selected - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // Enter right after typing: run the waiting search first, then copy from its results.
      if (timer) {
        clearTimeout(timer);
        timer = 0;
        search();
      }
      lastSearch.then(copySelected);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      clear();
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && document.activeElement !== input) clear();
  });

  fetch('/api/search/regions', { credentials: 'same-origin' })
    .then((res) => (res.ok ? res.json() : { regions: [] }))
    .then((body) => {
      for (const r of body.regions) {
        const option = el('option', '', r.name);
        option.value = r.id;
        regionSelect.append(option);
      }
    })
    .catch(() => {});
  // /staff?q=… (the report page's "try it" link) opens with that question searched.
  const asked = new URLSearchParams(window.location.search).get('q');
  if (asked) {
    input.value = asked;
    search();
  }
  input.focus();
})();
