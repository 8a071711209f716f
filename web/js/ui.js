// Shared UI pieces: toasts, modals, pagination, busy buttons, formatting, stars, empty states.
import { h, clear } from './dom.js';
import { t, getLang, locale } from './i18n.js';
import { icon } from './icons.js';
import { pageList } from './logic/page-list.js';

let idCounter = 0;
/** A unique id for label/aria wiring: uid('field') → 'field-3'. */
export function uid(prefix = 'ui') {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/* ------------------------------------------------------------------ toasts */

let toastRegion = null;

function region() {
  if (!toastRegion || !toastRegion.isConnected) {
    toastRegion = h('div', { class: 'toast-region', role: 'region', 'aria-label': t('common.notifications') },
      h('div', { class: 'toast-stack', 'aria-live': 'polite', 'aria-relevant': 'additions' }));
    document.body.appendChild(toastRegion);
  }
  return toastRegion.firstChild;
}

const TOAST_ICONS = { success: 'check-circle', error: 'alert-circle', info: 'info' };

/**
 * Shows a toast. type: 'success' | 'error' | 'info'. timeout in ms (0 keeps it until closed).
 * Returns a function that dismisses it.
 */
export function toast(message, { type = 'info', timeout } = {}) {
  const stack = region();
  const ms = timeout ?? (type === 'error' ? 6000 : 3500);
  let timer = null;
  const el = h('div', { class: ['toast', `toast-${type}`], role: type === 'error' ? 'alert' : 'status' },
    icon(TOAST_ICONS[type] || 'info', { class: 'toast__icon' }),
    h('p', { class: 'toast__message' }, String(message)),
    h('button', { type: 'button', class: 'toast__close', 'aria-label': t('common.close'), onClick: () => dismiss() }, icon('close', { size: 16 })));
  function dismiss() {
    clearTimeout(timer);
    if (!el.isConnected) return;
    el.classList.add('is-leaving');
    setTimeout(() => el.remove(), 200);
  }
  stack.appendChild(el);
  while (stack.children.length > 4) stack.firstChild.remove();
  if (ms > 0) {
    timer = setTimeout(dismiss, ms);
    el.addEventListener('mouseenter', () => clearTimeout(timer));
    el.addEventListener('mouseleave', () => { timer = setTimeout(dismiss, 2000); });
  }
  return dismiss;
}
toast.success = (message, opts) => toast(message, { ...opts, type: 'success' });
toast.error = (message, opts) => toast(message, { ...opts, type: 'error' });
toast.info = (message, opts) => toast(message, { ...opts, type: 'info' });

/** Toasts an error (ApiError or anything else) with its human message. */
export function showError(err) {
  if (err && err.name === 'AbortError') return;
  toast.error((err && err.message) || t('error.unknown'));
}

/* ------------------------------------------------------------------ modals */

/**
 * Opens a modal dialog. Resolves to the chosen action's value (null when dismissed).
 *   modal({
 *     title: '제목',
 *     body: node | string,
 *     actions: [{ label, value, variant: 'primary'|'secondary'|'danger'|'ghost', autofocus,
 *                 handler: async () => result | false }],   // false keeps the dialog open
 *     dismissible: true,     // Esc, backdrop and × close it with null
 *     size: 'sm' | 'md' | 'lg',
 *   })
 * A handler's thrown error is toasted and the dialog stays open; its button shows a spinner meanwhile.
 */
export function modal({ title, body, actions, dismissible = true, size = 'md', className } = {}) {
  const list = actions && actions.length ? actions : [{ label: t('common.close'), value: null, variant: 'secondary' }];
  const titleId = uid('modal-title');
  const previousFocus = document.activeElement;
  return new Promise((resolve) => {
    let done = false;
    const dialog = h('dialog', { class: ['modal', `modal-${size}`, className], 'aria-labelledby': titleId });
    function close(value) {
      if (done) return;
      done = true;
      if (dialog.open) dialog.close();
      dialog.remove();
      if (previousFocus && typeof previousFocus.focus === 'function' && previousFocus.isConnected) previousFocus.focus();
      resolve(value);
    }
    const buttons = list.map((action) => {
      const btn = h('button', {
        type: 'button',
        class: ['btn', `btn-${action.variant || 'secondary'}`],
        autofocus: action.autofocus || undefined,
        onClick: async () => {
          if (!action.handler) return close(action.value ?? null);
          try {
            const result = await withBusy(btn, action.handler);
            if (result !== false) close(action.value !== undefined ? action.value : result);
          } catch (err) {
            showError(err);
          }
        },
      }, action.label);
      return btn;
    });
    dialog.append(
      h('div', { class: 'modal__panel' },
        h('div', { class: 'modal__header' },
          h('h2', { class: 'modal__title', id: titleId }, title || ''),
          dismissible && h('button', { type: 'button', class: 'modal__close', 'aria-label': t('common.close'), onClick: () => close(null) }, icon('close'))),
        h('div', { class: 'modal__body' }, typeof body === 'string' ? h('p', null, body) : body),
        h('div', { class: 'modal__actions' }, buttons)));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      if (dismissible) close(null);
    });
    dialog.addEventListener('click', (e) => {
      if (e.target === dialog && dismissible) close(null); // a click on the backdrop
    });
    document.body.appendChild(dialog);
    if (typeof dialog.showModal === 'function') dialog.showModal();
    else dialog.setAttribute('open', '');
    const auto = buttons.find((b, i) => list[i].autofocus) || buttons[buttons.length - 1];
    auto?.focus();
  });
}

/** Yes/no question. Resolves to true when confirmed. opts: { title, confirmLabel, cancelLabel, danger } */
export async function confirmDialog(message, { title, confirmLabel, cancelLabel, danger = false } = {}) {
  const result = await modal({
    title: title || t('common.confirm_title'),
    body: typeof message === 'string' ? h('p', { class: 'modal__message' }, message) : message,
    size: 'sm',
    actions: [
      { label: cancelLabel || t('common.cancel'), value: false, variant: 'secondary' },
      { label: confirmLabel || t('common.confirm'), value: true, variant: danger ? 'danger' : 'primary', autofocus: true },
    ],
  });
  return result === true;
}

/* -------------------------------------------------------------- pagination */

/**
 * Numbered pagination with prev/next and ellipses. Returns a <nav>, or null when there is one page.
 *   pagination({ page, perPage, total, onPage(n), hrefFor?(n) })
 * With hrefFor the items are real links (open in a new tab works); a plain click calls onPage.
 */
export function pagination({ page, perPage, total, onPage, hrefFor } = {}) {
  const last = Math.max(1, Math.ceil((Number(total) || 0) / (Number(perPage) || 20)));
  if (last <= 1) return null;
  const current = Math.min(Math.max(1, Number(page) || 1), last);

  function item(n, content, { label, cls, rel } = {}) {
    const attrs = { class: ['pagination__item', cls], 'aria-label': label, rel };
    const go = (e) => {
      if (hrefFor && (e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || e.button !== 0)) return;
      e.preventDefault();
      onPage?.(n);
    };
    if (hrefFor) return h('a', { ...attrs, href: hrefFor(n), onClick: go }, content);
    return h('button', { ...attrs, type: 'button', onClick: go }, content);
  }

  const items = [];
  items.push(current > 1
    ? item(current - 1, [icon('chevron-left', { size: 16 }), h('span', { class: 'pagination__text' }, t('common.prev'))], { cls: 'pagination__prev', rel: 'prev' })
    : h('span', { class: 'pagination__item pagination__prev is-disabled', 'aria-disabled': 'true' }, icon('chevron-left', { size: 16 }), h('span', { class: 'pagination__text' }, t('common.prev'))));
  for (const p of pageList(current, last)) {
    if (p === '…') items.push(h('span', { class: 'pagination__ellipsis', 'aria-hidden': 'true' }, '…'));
    else if (p === current) items.push(h('span', { class: 'pagination__item is-current', 'aria-current': 'page', 'aria-label': t('common.current_page', { n: p }) }, String(p)));
    else {
      const far = p !== 1 && p !== last && Math.abs(p - current) > 1;
      items.push(item(p, String(p), { label: t('common.page', { n: p }), cls: far && 'is-far' }));
    }
  }
  items.push(current < last
    ? item(current + 1, [h('span', { class: 'pagination__text' }, t('common.next')), icon('chevron-right', { size: 16 })], { cls: 'pagination__next', rel: 'next' })
    : h('span', { class: 'pagination__item pagination__next is-disabled', 'aria-disabled': 'true' }, h('span', { class: 'pagination__text' }, t('common.next')), icon('chevron-right', { size: 16 })));

  return h('nav', { class: 'pagination', 'aria-label': t('common.pagination') }, items);
}

/* ------------------------------------------------------------ busy buttons */

/**
 * Runs `fn` while `button` is disabled and shows a spinner; restores it afterwards.
 * A second click while busy is ignored (resolves to undefined). Returns fn's result.
 */
export async function withBusy(button, fn) {
  if (!button) return fn();
  if (button.classList.contains('is-loading')) return undefined;
  const wasDisabled = button.disabled;
  button.disabled = true;
  button.classList.add('is-loading');
  button.setAttribute('aria-busy', 'true');
  try {
    return await fn();
  } finally {
    button.disabled = wasDisabled;
    button.classList.remove('is-loading');
    button.removeAttribute('aria-busy');
  }
}

/** A standalone spinner element. */
export function spinner({ label } = {}) {
  return h('span', { class: 'spinner', role: label ? 'status' : undefined, 'aria-label': label, 'aria-hidden': label ? undefined : 'true' });
}

/* ------------------------------------------------------------ form helpers */

function fieldMessages(value) {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap(fieldMessages);
  if (typeof value === 'object') return [value.message || value.code || ''].filter(Boolean);
  return [String(value)];
}

/** Removes error texts and aria-invalid marks added by showFieldErrors(). */
export function clearFieldErrors(form) {
  for (const el of form.querySelectorAll('.field-error[data-generated]')) el.remove();
  for (const el of form.querySelectorAll('[aria-invalid="true"]')) {
    el.removeAttribute('aria-invalid');
    const described = (el.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && document.getElementById(id));
    if (described.length) el.setAttribute('aria-describedby', described.join(' '));
    else el.removeAttribute('aria-describedby');
  }
}

/**
 * Shows an API error's `fields` ({ name: message | [messages] }) under the matching form controls
 * (matched by name attribute). Focuses the first invalid control. Returns the names not found.
 */
export function showFieldErrors(form, fields) {
  clearFieldErrors(form);
  const missing = [];
  let first = null;
  for (const [name, value] of Object.entries(fields || {})) {
    const control = form.querySelector(`[name="${CSS.escape(name)}"]`);
    const text = fieldMessages(value).join(' ');
    if (!control) {
      missing.push(name);
      continue;
    }
    const id = uid('err');
    const msg = h('p', { class: 'field-error', id, dataset: { generated: '1' } }, text || t('error.invalid_input'));
    const anchor = control.closest('.field') || control.parentElement;
    anchor.appendChild(msg);
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), id].filter(Boolean).join(' '));
    first = first || control;
  }
  first?.focus();
  return missing;
}

/* ------------------------------------------------------------- formatting */

const numberFormat = new Intl.NumberFormat('ko-KR');

/** 12000 → '12,000'. */
export function formatNumber(n) {
  const v = Number(n);
  return Number.isFinite(v) ? numberFormat.format(v) : '';
}

/** 12000 → '12,000원' (Korean) or '₩12,000' (English). */
export function formatWon(n) {
  const v = Number(n);
  if (!Number.isFinite(v)) return '';
  return t('common.won', { n: numberFormat.format(v) });
}

/** A price node with the amount and unit styled apart: <span class="price">12,000<span>원</span></span>. */
export function priceTag(n, { className } = {}) {
  const amount = formatNumber(n);
  if (getLang() === 'ko') {
    return h('span', { class: ['price', className] }, h('span', { class: 'price__amount' }, amount), h('span', { class: 'price__unit' }, '원'));
  }
  return h('span', { class: ['price', className] }, h('span', { class: 'price__unit' }, '₩'), h('span', { class: 'price__amount' }, amount));
}

/** 1500 → '1,500P'. */
export function formatPoints(n) {
  return t('common.points', { n: formatNumber(n) });
}

/**
 * Formats an RFC 3339 time in Korea time. Korean: '2025.01.31' (+ ' 14:05' with time: true);
 * English: 'Jan 31, 2025' (+ ', 2:05 PM').
 */
export function formatDate(value, { time = false, timeZone = 'Asia/Seoul' } = {}) {
  if (!value) return '';
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  if (getLang() === 'ko') {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(d).map((p) => [p.type, p.value]));
    const date = `${parts.year}.${parts.month}.${parts.day}`;
    return time ? `${date} ${parts.hour}:${parts.minute}` : date;
  }
  const opts = { timeZone, year: 'numeric', month: 'short', day: 'numeric' };
  if (time) Object.assign(opts, { hour: 'numeric', minute: '2-digit' });
  return new Intl.DateTimeFormat(locale(), opts).format(d);
}

/** formatDate with the time. */
export function formatDateTime(value, opts = {}) {
  return formatDate(value, { ...opts, time: true });
}

/* ------------------------------------------------------------------ stars */

/**
 * Star rating display: five stars filled by `rating` (halves shown), with an aria-label.
 *   stars(4.3, { count: 12, showValue: true, size: 'sm' | 'md' | 'lg' })
 */
export function stars(rating, { count, showValue = false, size = 'md' } = {}) {
  const value = Math.max(0, Math.min(5, Number(rating) || 0));
  const rounded = Math.round(value * 2) / 2;
  const display = value.toFixed(1);
  const noRating = count === 0 || (!value && count === undefined);
  const label = noRating ? t('common.no_rating') : t('common.rating', { rating: display });
  const starEls = [];
  for (let i = 1; i <= 5; i += 1) {
    const state = rounded >= i ? 'is-full' : rounded >= i - 0.5 ? 'is-half' : 'is-empty';
    starEls.push(h('span', { class: ['star', state] },
      icon('star', { size: 16, class: 'star__base', strokeWidth: 1.5 }),
      icon('star', { size: 16, class: 'star__fill', strokeWidth: 1.5 })));
  }
  return h('span', { class: ['rating', `rating-${size}`] },
    h('span', { class: 'stars', role: 'img', 'aria-label': label }, starEls),
    showValue && !noRating && h('span', { class: 'rating__value', 'aria-hidden': 'true' }, display),
    count !== undefined && h('span', { class: 'rating__count' }, `(${formatNumber(count)})`));
}

/* ------------------------------------------------------ placeholders, states */

/** A grid of skeleton product cards shown while loading. */
export function skeletonGrid(n = 8) {
  const cards = [];
  for (let i = 0; i < n; i += 1) {
    cards.push(h('div', { class: 'product-card is-skeleton', 'aria-hidden': 'true' },
      h('div', { class: 'product-card__media skeleton' }),
      h('div', { class: 'product-card__body' },
        h('div', { class: 'skeleton skeleton-text skeleton-w-40' }),
        h('div', { class: 'skeleton skeleton-text skeleton-w-90' }),
        h('div', { class: 'skeleton skeleton-text skeleton-w-60 skeleton-lg' }))));
  }
  return h('div', { class: 'product-grid', 'aria-busy': 'true' }, h('span', { class: 'sr-only', role: 'status' }, t('common.loading')), cards);
}

/** A few skeleton text lines. */
export function skeletonLines(n = 3) {
  const lines = [];
  for (let i = 0; i < n; i += 1) lines.push(h('div', { class: ['skeleton', 'skeleton-text', i === n - 1 ? 'skeleton-w-60' : 'skeleton-w-100'] }));
  return h('div', { class: 'skeleton-lines', 'aria-hidden': 'true' }, lines);
}

/**
 * Empty state block.
 *   emptyState({ icon: 'chocolate', title, message, action: { label, href } | { label, onClick }, tone: 'error' })
 */
export function emptyState({ icon: iconName = 'chocolate', title, message, action, actions, tone } = {}) {
  const list = actions || (action ? [action] : []);
  return h('div', { class: ['empty-state', tone && `empty-state-${tone}`] },
    h('div', { class: 'empty-state__icon' }, icon(iconName, { size: 40, strokeWidth: 1.6 })),
    title && h('h3', { class: 'empty-state__title' }, title),
    message && h('p', { class: 'empty-state__message' }, message),
    list.length > 0 && h('div', { class: 'empty-state__actions' }, list.map((a, i) => (a.href
      ? h('a', { class: ['btn', i === 0 ? 'btn-primary' : 'btn-secondary'], href: a.href }, a.label)
      : h('button', { type: 'button', class: ['btn', i === 0 ? 'btn-primary' : 'btn-secondary'], onClick: a.onClick }, a.label)))));
}

/** Small inline alert box. type: 'info' | 'success' | 'warning' | 'error'. */
export function alertBox(message, { type = 'info' } = {}) {
  const iconName = type === 'success' ? 'check-circle' : type === 'info' ? 'info' : 'alert-circle';
  return h('div', { class: ['alert', `alert-${type}`], role: type === 'error' ? 'alert' : 'status' }, icon(iconName), h('p', null, message));
}

/** Badge: badge('판매중', 'success'). tone: primary | accent | success | warning | danger | muted. */
export function badge(text, tone = 'muted') {
  return h('span', { class: ['badge', `badge-${tone}`] }, text);
}

export { clear };
