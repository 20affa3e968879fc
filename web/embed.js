// Puts the 异地就医备案助手 on another site: a button in the lower right corner that opens the
// chat page of this server in an <iframe> (full screen on phones). Include it with
//   <script src="https://<this server>/embed.js" defer></script>
// optional attributes: data-label="按钮文字", data-color="#0b5d8f".
// The site must be listed in WEBCHAT_FRAME_ANCESTORS on this server, and its own CSP (if any)
// must allow script-src and frame-src of this server.
(() => {
  'use strict';
  const script = document.currentScript;
  if (!script || window.__yidiWebChat) return;
  window.__yidiWebChat = true;
  const origin = new URL(script.src).origin;
  const label = script.getAttribute('data-label') || '异地就医备案咨询';
  const color = /^#[0-9a-fA-F]{3,8}$/.test(script.getAttribute('data-color') || '')
    ? script.getAttribute('data-color')
    : '#0b5d8f';

  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = label;
  button.setAttribute('aria-expanded', 'false');
  Object.assign(button.style, {
    position: 'fixed',
    right: '16px',
    bottom: 'calc(16px + env(safe-area-inset-bottom))',
    zIndex: '2147483000',
    padding: '10px 16px',
    border: '0',
    borderRadius: '22px',
    background: color,
    color: '#fff',
    font: '15px/1.4 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif',
    boxShadow: '0 2px 10px rgba(0,0,0,.25)',
    cursor: 'pointer',
  });

  let panel;
  function place() {
    const phone = window.innerWidth < 520;
    Object.assign(panel.style, {
      position: 'fixed',
      zIndex: '2147483001',
      right: phone ? '0' : '16px',
      bottom: phone ? '0' : '76px',
      width: phone ? '100vw' : '380px',
      height: phone ? '100%' : 'min(640px, calc(100vh - 100px))',
      borderRadius: phone ? '0' : '12px',
      overflow: 'hidden',
      boxShadow: '0 4px 24px rgba(0,0,0,.3)',
      background: '#fff',
      display: 'flex',
      flexDirection: 'column',
    });
  }
  function open() {
    if (!panel) {
      panel = document.createElement('div');
      const frame = document.createElement('iframe');
      frame.src = `${origin}/?embed=1`;
      frame.title = '异地就医备案助手';
      Object.assign(frame.style, {
        width: '100%',
        flex: '1 1 auto',
        minHeight: '0',
        border: '0',
        display: 'block',
      });
      // The title bar holds the close button: it sits beside the text, never over it.
      const head = document.createElement('div');
      Object.assign(head.style, {
        flex: 'none',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'space-between',
        gap: '8px',
        padding: '4px 6px 4px 14px',
        background: color,
        color: '#fff',
        font: '600 16px/1.4 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif',
      });
      const title = document.createElement('span');
      title.textContent = '异地就医备案助手';
      const close = document.createElement('button');
      close.type = 'button';
      close.textContent = '×';
      close.setAttribute('aria-label', '关闭咨询窗口');
      Object.assign(close.style, {
        flex: 'none',
        width: '36px',
        height: '36px',
        border: '0',
        borderRadius: '18px',
        background: 'rgba(0,0,0,.25)',
        color: '#fff',
        font: '22px/36px sans-serif',
        cursor: 'pointer',
      });
      close.addEventListener('click', toggle);
      head.append(title, close);
      panel.append(head, frame);
      document.body.appendChild(panel);
      window.addEventListener('resize', place);
    }
    place();
    panel.style.display = 'flex';
  }
  function toggle() {
    const opening = !panel || panel.style.display === 'none';
    if (opening) open();
    else panel.style.display = 'none';
    button.setAttribute('aria-expanded', String(opening));
  }
  button.addEventListener('click', toggle);
  document.body.appendChild(button);
})();
