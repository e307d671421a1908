/**
 * The widget's own look, inside its shadow root: the shop's CSS cannot reach in, and this cannot
 * leak out. `:host { all: initial }` also stops the page's inherited font, colour and line-height.
 */
export const WIDGET_STYLES = `
:host { all: initial; }
.baton {
  --brand: #2f5fd0;
  --brand-dark: #244bab;
  --brand-soft: #eef3ff;
  --ink: #1f2937;
  --ink-soft: #4b5563;
  --muted: #8a94a6;
  --line: #e5e8ee;
  --surface: #ffffff;
  --canvas: #f6f7f9;
  --bot: #f1f3f7;
  --agent: #ecf8f1;
  --agent-line: #bfe6cf;
  --agent-ink: #17603a;
  --waiting: #fff6e5;
  --waiting-ink: #8a5300;
  --danger: #c2410c;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Helvetica Neue", Arial, sans-serif;
  font-size: 14px;
  line-height: 1.5;
  color: var(--ink);
  -webkit-font-smoothing: antialiased;
}
.baton:lang(zh-TW) {
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang TC", "Microsoft JhengHei", "Noto Sans CJK TC", "Source Han Sans TC", "Noto Sans TC", "Helvetica Neue", Arial, sans-serif;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, input, textarea, select { font: inherit; color: inherit; }
button { cursor: pointer; }
button:disabled { cursor: default; opacity: .55; }
:focus-visible { outline: 2px solid var(--brand); outline-offset: 2px; }
.icon { width: 20px; height: 20px; fill: currentColor; flex: none; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }

/* The launcher */
.launcher {
  position: fixed; right: 24px; bottom: 24px; z-index: 2147483000;
  width: 56px; height: 56px; border-radius: 50%; border: none;
  display: grid; place-items: center;
  background: var(--brand); color: #fff;
  box-shadow: 0 6px 20px rgba(31, 56, 120, .28), 0 2px 6px rgba(0, 0, 0, .12);
  transition: transform .15s ease, background .15s ease;
}
.launcher:hover { background: var(--brand-dark); transform: translateY(-1px); }
.launcher .icon { width: 26px; height: 26px; }
.launcher .when-open, .launcher.open .when-closed { display: none; }
.launcher.open .when-open { display: block; }
.unread {
  position: absolute; top: -2px; right: -2px; min-width: 20px; height: 20px; padding: 0 6px;
  border-radius: 10px; background: #e5484d; color: #fff; font-size: 12px; font-weight: 600; line-height: 20px; text-align: center;
  box-shadow: 0 0 0 2px #fff;
}

/* The panel */
.panel {
  position: fixed; right: 24px; bottom: 92px; z-index: 2147483000;
  width: 360px; height: 560px; max-height: calc(100vh - 116px);
  display: flex; flex-direction: column; overflow: hidden;
  background: var(--surface); border-radius: 14px;
  box-shadow: 0 16px 48px rgba(17, 24, 39, .18), 0 2px 8px rgba(17, 24, 39, .08);
  border: 1px solid rgba(17, 24, 39, .06);
  animation: baton-rise .18s ease-out;
}
@keyframes baton-rise { from { opacity: 0; transform: translateY(8px); } to { opacity: 1; transform: none; } }
@media (prefers-reduced-motion: reduce) { .panel { animation: none; } .launcher { transition: none; } }
@media (max-width: 480px) {
  .panel { right: 0; bottom: 0; width: 100vw; height: 100%; max-height: none; border-radius: 0; }
  .launcher.open { display: none; }
}
.panel-header {
  display: flex; align-items: center; gap: 10px; padding: 12px 10px 12px 14px;
  background: var(--brand); color: #fff; flex: none;
}
.avatar { width: 36px; height: 36px; border-radius: 50%; background: rgba(255, 255, 255, .18); display: grid; place-items: center; flex: none; }
.heading { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 15px; font-weight: 600; line-height: 1.3; }
.subtitle { margin: 0; font-size: 12px; opacity: .85; line-height: 1.4; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.subtitle::before { content: ""; display: inline-block; width: 7px; height: 7px; border-radius: 50%; margin-right: 6px; background: #5fe09a; vertical-align: 1px; }
.subtitle[data-connection="connecting"]::before, .subtitle[data-connection="reconnecting"]::before { background: #ffd166; }
.subtitle[data-connection="offline"]::before { background: #ff8a80; }
.language-switcher { position: relative; display: flex; align-items: center; gap: 2px; padding: 0 4px; border-radius: 8px; color: #fff; }
.language-switcher:hover, .language-switcher:focus-within { background: rgba(255, 255, 255, .14); }
.language-switcher .icon { width: 16px; height: 16px; opacity: .9; }
.language-select {
  appearance: none; -webkit-appearance: none; border: none; background: transparent; color: #fff;
  font-size: 12px; padding: 6px 2px; max-width: 76px; cursor: pointer;
}
.language-select option { color: var(--ink); background: #fff; }
.icon-button { width: 34px; height: 34px; border-radius: 8px; border: none; background: transparent; color: #fff; display: grid; place-items: center; flex: none; }
.icon-button:hover { background: rgba(255, 255, 255, .16); }
.panel-header :focus-visible { outline-color: #fff; }
.panel-body { flex: 1; min-height: 0; display: flex; flex-direction: column; background: var(--canvas); }

/* The handoff status strip */
.handoff-status {
  display: flex; align-items: center; gap: 8px; padding: 8px 14px; flex: none;
  font-size: 13px; line-height: 1.45; border-bottom: 1px solid var(--line);
  background: var(--waiting); color: var(--waiting-ink);
}
.handoff-status[data-tone="agent"] { background: var(--agent); color: var(--agent-ink); }
.status-dot { width: 8px; height: 8px; border-radius: 50%; background: currentColor; flex: none; opacity: .8; }
.handoff-status.busy .status-dot { animation: baton-pulse 1.4s ease-in-out infinite; }
@keyframes baton-pulse { 0%, 100% { opacity: .25; } 50% { opacity: .9; } }

/* The transcript */
.transcript { flex: 1; min-height: 0; overflow-y: auto; padding: 14px 12px 8px; display: flex; flex-direction: column; gap: 2px; }
.transcript:focus-visible { outline-offset: -2px; }
.row { display: flex; flex-direction: column; max-width: 100%; margin-top: 8px; }
.row .sender { display: flex; align-items: center; gap: 4px; font-size: 12px; color: var(--muted); margin: 0 4px 3px; }
.sender-icon { width: 13px; height: 13px; }
.bubble { max-width: 82%; padding: 8px 12px; border-radius: 14px; background: var(--bot); color: var(--ink); overflow-wrap: anywhere; }
.bubble-text { margin: 0; white-space: pre-wrap; }
.from-bot, .from-agent { align-items: flex-start; }
.from-bot .bubble { border-top-left-radius: 4px; }
.from-agent .bubble { background: var(--agent); border: 1px solid var(--agent-line); border-top-left-radius: 4px; }
.from-agent .sender { color: var(--agent-ink); font-weight: 500; }
.from-customer { align-items: flex-end; }
.from-customer .bubble { background: var(--brand); color: #fff; border-top-right-radius: 4px; }
.from-customer.failed .bubble { background: #fde7dc; color: var(--ink); }
.meta { display: flex; gap: 8px; align-items: baseline; margin: 3px 4px 0; font-size: 11px; color: var(--muted); }
.meta:empty { display: none; }
.time { font-size: 11px; color: var(--muted); }
.delivery { font-size: 11px; }
.failed .delivery { color: var(--danger); }
.link-button { border: none; background: none; padding: 0; font-size: 11px; color: var(--brand); text-decoration: underline; }
.from-system { align-items: center; margin: 14px 0 6px; }
.notice {
  margin: 0; max-width: 90%; padding: 0 8px; color: var(--ink-soft); font-size: 12px; line-height: 1.55;
  text-align: center; white-space: pre-wrap; overflow-wrap: anywhere;
}
.notice .time { display: block; margin-top: 1px; }
.welcome { margin-top: 0; }
.typing .bubble { padding: 10px 14px; }
.dots { display: inline-flex; gap: 4px; }
.dots i { width: 6px; height: 6px; border-radius: 50%; background: var(--muted); animation: baton-dots 1.2s infinite ease-in-out; }
.dots i:nth-child(2) { animation-delay: .15s; }
.dots i:nth-child(3) { animation-delay: .3s; }
@keyframes baton-dots { 0%, 80%, 100% { opacity: .25; transform: translateY(0); } 40% { opacity: 1; transform: translateY(-2px); } }

/* Under the transcript */
.quick-replies { display: flex; flex-wrap: wrap; gap: 6px; padding: 4px 12px 8px; flex: none; }
.chip {
  border: 1px solid #c9d6f5; background: #fff; color: var(--brand-dark); border-radius: 16px;
  padding: 5px 12px; font-size: 13px; line-height: 1.4;
}
.chip:hover:not(:disabled) { background: var(--brand-soft); border-color: var(--brand); }
.chip.action-handoff { border-color: #bfe6cf; color: var(--agent-ink); }
.chip.action-handoff:hover:not(:disabled) { background: var(--agent); border-color: #7ccaa0; }
.toolbar { display: flex; justify-content: flex-end; padding: 0 12px 6px; flex: none; }
.handoff-button {
  display: inline-flex; align-items: center; gap: 5px; border: 1px solid var(--line); background: #fff; color: var(--ink-soft);
  border-radius: 16px; padding: 4px 12px 4px 10px; font-size: 12.5px;
}
.handoff-button .icon { width: 15px; height: 15px; color: var(--agent-ink); }
.handoff-button:hover:not(:disabled) { border-color: #7ccaa0; color: var(--agent-ink); background: var(--agent); }
.composer-area { flex: none; background: var(--surface); border-top: 1px solid var(--line); }
.action-notice { margin: 0; padding: 6px 14px 0; font-size: 12px; color: var(--danger); }
.composer { display: flex; align-items: flex-end; gap: 8px; padding: 10px 10px 10px 14px; }
.composer-input {
  flex: 1; resize: none; border: none; outline: none; background: transparent; padding: 7px 0;
  max-height: 96px; line-height: 1.45; font-size: 14px;
}
.composer-input::placeholder, .text-field::placeholder { color: #a0a8b6; }
.composer:focus-within { box-shadow: inset 0 2px 0 -1px var(--brand); }
.send-button { width: 36px; height: 36px; border-radius: 50%; border: none; background: var(--brand); color: #fff; display: grid; place-items: center; flex: none; }
.send-button:hover:not(:disabled) { background: var(--brand-dark); }
.send-button:disabled { background: #c7cfdd; opacity: 1; }
.send-button .icon { width: 18px; height: 18px; margin-left: 2px; }

/* Leaving the queue with a number or a message */
.leave-queue-form { flex: none; margin: 0 12px 10px; padding: 12px; border-radius: 12px; background: #fff; border: 1px solid var(--line); display: flex; flex-direction: column; gap: 6px; }
.form-prompt { margin: 0; font-size: 13px; color: var(--ink); }
.form-label { font-size: 12px; color: var(--ink-soft); }
.text-field { width: 100%; border: 1px solid #cdd3de; border-radius: 8px; padding: 7px 10px; font-size: 14px; background: #fff; resize: vertical; }
.text-field:focus { outline: none; border-color: var(--brand); box-shadow: 0 0 0 3px rgba(47, 95, 208, .15); }
.text-field[aria-invalid="true"] { border-color: var(--danger); }
.form-error { margin: 0; font-size: 12px; color: var(--danger); }
.form-actions { display: flex; justify-content: flex-end; gap: 8px; margin-top: 4px; }
.primary-button { border: none; border-radius: 8px; background: var(--brand); color: #fff; padding: 7px 14px; font-size: 13px; font-weight: 500; }
.primary-button:hover:not(:disabled) { background: var(--brand-dark); }
.secondary-button { border: 1px solid var(--line); border-radius: 8px; background: #fff; color: var(--ink-soft); padding: 7px 14px; font-size: 13px; }
.secondary-button:hover { background: var(--canvas); }

/* The end of a conversation */
.conversation-ended { flex: none; padding: 14px; background: var(--surface); border-top: 1px solid var(--line); text-align: center; display: flex; flex-direction: column; gap: 10px; align-items: center; }
.ended-text { margin: 0; font-size: 13px; color: var(--ink-soft); }
.conversation-ended .primary-button { width: 100%; padding: 9px 14px; font-size: 14px; }
`;
