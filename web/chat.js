// The chat page's own script: get a token from our server, connect Web Chat (Microsoft's,
// served from this site) over Direct Line, ask the bot to greet, and keep the conversation
// when this tab reloads (WeChat's browser reloads pages that were in the background).
(() => {
  'use strict';
  const SAVED = 'yidi-webchat-conversation';
  const STATUS = { expired: 3, failed: 4, ended: 5 };
  const nonce = document.currentScript ? document.currentScript.nonce : undefined;
  const root = document.getElementById('webchat');
  const status = document.getElementById('status');
  if (new URLSearchParams(location.search).has('embed')) document.body.classList.add('embedded');

  function showStatus(text) {
    status.textContent = text;
    const retry = document.createElement('button');
    retry.type = 'button';
    retry.textContent = '重新连接';
    retry.addEventListener('click', () => {
      forget();
      location.reload();
    });
    status.appendChild(retry);
    status.hidden = false;
  }

  // ---- Offline banner: shown while the server cannot be reached, gone once it is back. ----
  const offline = document.getElementById('offline');
  let isOnline = true;
  let waiting = [];
  function goOffline() {
    if (!isOnline) return;
    isOnline = false;
    offline.hidden = false;
  }
  function goOnline() {
    isOnline = true;
    offline.hidden = true;
    const ready = waiting;
    waiting = [];
    for (const resume of ready) resume();
  }
  const whenOnline = () => (isOnline ? Promise.resolve() : new Promise((resolve) => waiting.push(resolve)));
  window.addEventListener('offline', goOffline);

  /** The browser's WebSocket, telling the banner when the stream to the server opens and closes. */
  class TrackedWebSocket extends WebSocket {
    constructor(url) {
      super(url);
      this.addEventListener('open', goOnline);
      this.addEventListener('close', goOffline);
    }
  }

  /**
   * A message typed while offline (or whose POST failed) waits and is sent once the stream is
   * back, instead of showing "send failed".
   */
  function postWhenOnline(post) {
    return (activity) => ({
      subscribe(observer) {
        const next = typeof observer === 'function' ? observer : (value) => observer.next?.(value);
        const complete = () => typeof observer === 'object' && observer.complete?.();
        let done = false;
        const attempt = () =>
          whenOnline().then(() => {
            if (done) return;
            post(activity).subscribe({
              next(id) {
                if (done) return;
                if (id === 'retry') {
                  goOffline();
                  attempt();
                  return;
                }
                done = true;
                next(id);
                complete();
              },
              error() {
                if (done) return;
                goOffline();
                attempt();
              },
            });
          });
        attempt();
        return {
          unsubscribe() {
            done = true;
          },
        };
      },
    });
  }

  // ---- Phone numbers in answers become tel: links (answers arrive as plain text). ----
  const PHONE = /(?<![\d.])(?:(?:0\d{2,3}-?)?\d{7,8}|12333|1[3-9]\d{9})(?![\d.])/g;
  const escapeHtml = (text) =>
    text.replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );
  function renderAnswer(text) {
    return String(text)
      .split('\n')
      .map(
        (line) =>
          `<p>${escapeHtml(line).replace(PHONE, (n) => `<a href="tel:${n.replace(/-/g, '')}">${n}</a>`) || '&nbsp;'}</p>`,
      )
      .join('');
  }

  function load() {
    try {
      return JSON.parse(sessionStorage.getItem(SAVED) || 'null');
    } catch {
      return null;
    }
  }
  function save(value) {
    try {
      sessionStorage.setItem(SAVED, JSON.stringify(value));
    } catch {
      // private mode: the conversation just does not survive a reload
    }
  }
  function forget() {
    try {
      sessionStorage.removeItem(SAVED);
    } catch {
      // nothing saved
    }
  }

  async function post(url, token) {
    const headers = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await fetch(url, { method: 'POST', headers, cache: 'no-store', credentials: 'same-origin' });
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return res.json();
  }

  /** This tab's conversation if its token can still be refreshed, else a new one. */
  async function session() {
    const saved = load();
    if (saved?.token && saved.conversationId && saved.domain) {
      try {
        const refreshed = await post(`${saved.domain}/tokens/refresh`, saved.token);
        return { ...saved, token: refreshed.token, resumed: true };
      } catch {
        forget();
      }
    }
    const fresh = await post('/api/webchat/token');
    return {
      token: fresh.token,
      conversationId: fresh.conversationId,
      userId: fresh.userId,
      domain: fresh.domain || `${location.origin}/v3/directline`,
      resumed: false,
    };
  }

  // prefers-color-scheme: dark — Web Chat's own colours (the page's are in chat.css).
  const dark = window.matchMedia?.('(prefers-color-scheme: dark)').matches;
  const DARK = {
    backgroundColor: '#15191d',
    bubbleBackground: '#242b33',
    bubbleBorderColor: '#3a444e',
    bubbleTextColor: '#e6edf3',
    bubbleFromUserBackground: '#16405e',
    bubbleFromUserBorderColor: '#1f5a84',
    bubbleFromUserTextColor: '#e6edf3',
    sendBoxBackground: '#1c2228',
    sendBoxTextColor: '#e6edf3',
    sendBoxPlaceholderColor: '#9aa7b3',
    sendBoxBorderTop: 'solid 1px #3a444e',
    suggestedActionBackground: '#1c2228',
    suggestedActionBackgroundColor: '#1c2228',
    suggestedActionBackgroundColorOnHover: '#24313d',
    suggestedActionBorderColor: '#4d9de0',
    suggestedActionTextColor: '#9fd0ff',
    timestampColor: '#9aa7b3',
    subtle: '#9aa7b3',
    accent: '#4d9de0',
    sendBoxButtonColor: '#4d9de0',
    linkColor: '#9fd0ff',
  };

  async function start() {
    const s = await session();
    const directLine = window.WebChat.createDirectLine({
      token: s.token,
      domain: s.domain,
      // Resuming: reconnect to the conversation and replay it from the start.
      ...(s.resumed ? { conversationId: s.conversationId, watermark: '0' } : {}),
    });
    // The Direct Line client's injection points (botframework-directlinejs `services`): our
    // WebSocket for the banner, reconnecting 3 s after a drop (not 3–15 s), and for an hour
    // (a server restart or a train tunnel) before giving up.
    if (directLine.services) {
      directLine.services.WebSocket = TrackedWebSocket;
      directLine.services.random = () => 0;
    }
    directLine.timeout = 5000;
    directLine.retries = 720;
    directLine.postActivity = postWhenOnline(directLine.postActivity.bind(directLine));
    const remember = () =>
      save({
        token: directLine.token || s.token,
        conversationId: directLine.conversationId || s.conversationId,
        userId: s.userId,
        domain: s.domain,
      });
    directLine.connectionStatus$.subscribe((value) => {
      if (value === 2) remember();
      if (value === STATUS.expired) showStatus('会话已过期，请重新连接。');
      if (value === STATUS.failed || value === STATUS.ended)
        showStatus('暂时连接不上助手，请检查网络后重试，或拨打 12333 咨询。');
    });
    // The client refreshes its token every 15 minutes: keep the saved one current.
    setInterval(remember, 60000);

    // Ask for the welcome on every connect: the server greets a conversation once, so a
    // resumed one is not greeted again, but one it lost (a restart) is.
    const store = window.WebChat.createStore({}, ({ dispatch }) => (next) => (action) => {
      const incoming = action.type === 'DIRECT_LINE/INCOMING_ACTIVITY' && action.payload?.activity;
      if (
        incoming &&
        incoming.type === 'message' &&
        incoming.from?.role === 'bot' &&
        incoming.textFormat === 'plain'
      ) {
        // Rendered by renderAnswer below (escaped, with tel: links).
        return next({
          ...action,
          payload: { ...action.payload, activity: { ...incoming, textFormat: 'markdown' } },
        });
      }
      if (action.type === 'DIRECT_LINE/CONNECT_FULFILLED') {
        dispatch({
          type: 'WEB_CHAT/SEND_EVENT',
          payload: { name: 'webchat/join', value: { language: 'zh-CN' } },
        });
      }
      return next(action);
    });

    window.WebChat.renderWebChat(
      {
        directLine,
        store,
        userID: s.userId,
        locale: 'zh-CN',
        nonce,
        renderMarkdown: renderAnswer,
        styleOptions: {
          // A message waits for the connection (postWhenOnline) rather than failing after 20 s.
          sendTimeout: 600000,
          accent: '#0b5d8f',
          primaryFont:
            '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif',
          bubbleBackground: '#f1f5f9',
          bubbleBorderRadius: 10,
          bubbleFromUserBackground: '#dcecf9',
          bubbleFromUserBorderRadius: 10,
          bubbleMinWidth: 0,
          bubbleMaxWidth: 720,
          hideUploadButton: true,
          suggestedActionLayout: 'stacked',
          suggestedActionsStackedLayoutButtonTextWrap: true,
          suggestedActionBorderRadius: 8,
          suggestedActionHeight: 'auto',
          sendBoxButtonColor: '#0b5d8f',
          ...(dark ? DARK : {}),
        },
      },
      root,
    );
  }

  start().catch(() => showStatus('暂时连接不上助手，请稍后重试，或拨打 12333 咨询。'));
})();
