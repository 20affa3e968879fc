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

  async function start() {
    const s = await session();
    const directLine = window.WebChat.createDirectLine({
      token: s.token,
      domain: s.domain,
      // Resuming: reconnect to the conversation and replay it from the start.
      ...(s.resumed ? { conversationId: s.conversationId, watermark: '0' } : {}),
    });
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
        styleOptions: {
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
        },
      },
      root,
    );
  }

  start().catch(() => showStatus('暂时连接不上助手，请稍后重试，或拨打 12333 咨询。'));
})();
