import { h } from './dom.js';

/**
 * A modal dialog on the native <dialog>: showModal() makes the rest of the page inert, so focus
 * stays inside; Escape closes it; focus goes back to whatever opened it.
 * `openDialog({ titleKey, body, actions, wide })` returns `{ element, close }`.
 */
export function openDialog({ titleKey, titleVars, title, body, actions = [], wide = false, onClose }) {
  const opener = document.activeElement;
  const titleId = `dialog-title-${Math.random().toString(36).slice(2, 9)}`;
  const heading = title !== undefined ? h('h2', { id: titleId, text: title }) : h('h2', { id: titleId, i18n: titleKey, i18nVars: titleVars });
  const closeButton = h('button', { type: 'button', class: 'icon-button', i18nAria: 'dialog.close', onclick: () => close() }, '×');
  const element = h('dialog', { class: ['dialog', wide && 'dialog-wide'], 'aria-labelledby': titleId },
    h('header', { class: 'dialog-header' }, heading, closeButton),
    h('div', { class: 'dialog-body' }, body),
    actions.length ? h('footer', { class: 'dialog-actions' }, actions) : null);
  let closed = false;
  function close() {
    if (closed) return;
    closed = true;
    if (element.open) element.close();
    element.remove();
    onClose?.();
    if (opener instanceof HTMLElement && opener.isConnected) opener.focus();
  }
  element.addEventListener('close', close);
  element.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  // showModal() makes the page inert, but Tab may still reach the browser's own controls: keep it inside.
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const focusable = [...element.querySelectorAll('button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((el) => !el.disabled && !el.closest('[hidden]') && el.getClientRects().length > 0);
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  // A click on the backdrop (the dialog box itself, outside its content) closes it too.
  element.addEventListener('mousedown', (event) => {
    if (event.target === element) close();
  });
  document.body.append(element);
  element.showModal();
  const first = element.querySelector('[autofocus], .dialog-body input, .dialog-body select, .dialog-body textarea, .dialog-body button');
  (first ?? closeButton).focus();
  return { element, close };
}

/** Asks before something that cannot be undone. Resolves true when confirmed. */
export function confirmDialog({ titleKey, messageKey, messageVars, confirmKey, danger = false }) {
  return new Promise((resolve) => {
    let answered = false;
    const answer = (value) => {
      answered = true;
      resolve(value);
      dialog.close();
    };
    const dialog = openDialog({
      titleKey,
      body: h('p', { i18n: messageKey, i18nVars: messageVars }),
      actions: [
        h('button', { type: 'button', class: 'button', i18n: 'action.cancel', onclick: () => answer(false) }),
        h('button', { type: 'button', class: ['button', danger ? 'button-danger' : 'button-primary'], i18n: confirmKey, autofocus: true, onclick: () => answer(true) }),
      ],
      onClose: () => {
        if (!answered) resolve(false);
      },
    });
  });
}
