// Tiny DOM helpers. Everything that ends up in the page is built as nodes:
// strings always become text nodes, never markup.

const SVG_NS = 'http://www.w3.org/2000/svg';

// Attributes that take a URL; their values are checked against an allow-list of schemes.
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'xlink:href', 'srcset']);
// Properties set directly on the element (so that `value`/`checked` reflect live state).
const PROP_ATTRS = new Set(['value', 'checked', 'selected', 'disabled', 'indeterminate', 'muted']);

/**
 * Returns the URL if its scheme is safe for the attribute, else null.
 * Relative URLs, http(s), mailto and tel are allowed; `data:image/*` and `blob:` only for `src`.
 */
export function safeUrl(value, attr = 'href') {
  const s = String(value).trim();
  // eslint-disable-next-line no-control-regex -- browsers ignore control characters in a scheme
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(s.replace(/[\u0000-\u0020]/g, ''));
  if (!m) return s; // relative URL
  const scheme = m[1].toLowerCase();
  if (scheme === 'http' || scheme === 'https') return s;
  if (attr === 'href' && (scheme === 'mailto' || scheme === 'tel')) return s;
  if (attr === 'src' && scheme === 'blob') return s;
  if (attr === 'src' && /^data:image\/(png|jpe?g|gif|webp|svg\+xml);/i.test(s)) return s;
  return null;
}

function applyAttrs(el, attrs, isSvg) {
  if (!attrs) return;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class' || key === 'className') {
      const cls = Array.isArray(value) ? value.filter(Boolean).join(' ') : String(value);
      if (cls) el.setAttribute('class', cls);
    } else if (key === 'dataset') {
      for (const [k, v] of Object.entries(value)) if (v !== undefined && v !== null) el.dataset[k] = String(v);
    } else if (key === 'style') {
      throw new Error('h(): inline styles are not allowed (CSP); use a class');
    } else if (key === 'ref') {
      if (typeof value === 'function') value(el);
    } else if (/^on/i.test(key)) {
      // Event listeners only from functions: never an inline handler string.
      if (typeof value !== 'function') throw new Error(`h(): ${key} must be a function`);
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (!isSvg && PROP_ATTRS.has(key)) {
      el[key] = value;
      if (value === true && key !== 'value') el.setAttribute(key, '');
    } else if (URL_ATTRS.has(key)) {
      const url = safeUrl(value, key === 'src' || key === 'srcset' || key === 'poster' ? 'src' : 'href');
      if (url !== null) el.setAttribute(key, url);
    } else if (value === true) {
      el.setAttribute(key, '');
    } else {
      el.setAttribute(key, String(value));
    }
  }
}

function appendChildren(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false || child === true) continue;
    if (Array.isArray(child)) appendChildren(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
}

/**
 * Creates an HTML element.
 *   h('a', { class: 'btn', href: '/x', onClick: fn, dataset: { id: 1 } }, 'text', otherNode, [more])
 * Strings and numbers become text nodes; arrays are flattened; null/false are skipped.
 * `on*` keys must be functions (added with addEventListener); `style` is refused.
 */
export function h(tag, attrs, ...children) {
  if (attrs instanceof Node || typeof attrs === 'string' || typeof attrs === 'number' || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = null;
  }
  const el = document.createElement(tag);
  applyAttrs(el, attrs, false);
  appendChildren(el, children);
  return el;
}

/** Same as h() but in the SVG namespace (icons, charts). */
export function svg(tag, attrs, ...children) {
  if (attrs instanceof Node || typeof attrs === 'string' || Array.isArray(attrs)) {
    children.unshift(attrs);
    attrs = null;
  }
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs, true);
  appendChildren(el, children);
  return el;
}

/** A DocumentFragment of the given children (same rules as h()). */
export function fragment(...children) {
  const f = document.createDocumentFragment();
  appendChildren(f, children);
  return f;
}

/** Removes every child of `el`; returns `el`. */
export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

/** Replaces the children of `el` with `children`; returns `el`. */
export function replaceChildren(el, ...children) {
  clear(el);
  appendChildren(el, children);
  return el;
}

/** querySelector / querySelectorAll (as an array). */
export const qs = (sel, root = document) => root.querySelector(sel);
export const qsa = (sel, root = document) => Array.from(root.querySelectorAll(sel));

/** Adds a listener and returns a function that removes it. */
export function on(target, type, fn, opts) {
  target.addEventListener(type, fn, opts);
  return () => target.removeEventListener(type, fn, opts);
}
