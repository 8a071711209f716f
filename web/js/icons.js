// Small stroke icons (24×24), built as SVG nodes. Decorative unless a label is given.
import { svg } from './dom.js';

const ICONS = {
  search: [['circle', { cx: 11, cy: 11, r: 7.5 }], ['line', { x1: 21, y1: 21, x2: 16.5, y2: 16.5 }]],
  menu: [['line', { x1: 3, y1: 6, x2: 21, y2: 6 }], ['line', { x1: 3, y1: 12, x2: 21, y2: 12 }], ['line', { x1: 3, y1: 18, x2: 21, y2: 18 }]],
  close: [['line', { x1: 18, y1: 6, x2: 6, y2: 18 }], ['line', { x1: 6, y1: 6, x2: 18, y2: 18 }]],
  'chevron-left': [['polyline', { points: '15 18 9 12 15 6' }]],
  'chevron-right': [['polyline', { points: '9 18 15 12 9 6' }]],
  'chevron-down': [['polyline', { points: '6 9 12 15 18 9' }]],
  user: [['path', { d: 'M20 21v-2a4 4 0 0 0-4-4H8a4 4 0 0 0-4 4v2' }], ['circle', { cx: 12, cy: 7, r: 4 }]],
  'log-out': [['path', { d: 'M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4' }], ['polyline', { points: '16 17 21 12 16 7' }], ['line', { x1: 21, y1: 12, x2: 9, y2: 12 }]],
  store: [['path', { d: 'M3 9l1.5-5h15L21 9' }], ['path', { d: 'M3 9a3 3 0 0 0 6 0 3 3 0 0 0 6 0 3 3 0 0 0 6 0' }], ['path', { d: 'M5 11v9h14v-9' }], ['path', { d: 'M10 20v-5h4v5' }]],
  shield: [['path', { d: 'M12 22s8-4 8-10V5l-8-3-8 3v7c0 6 8 10 8 10z' }]],
  heart: [['path', { d: 'M20.8 4.6a5.5 5.5 0 0 0-7.8 0L12 5.7l-1-1.1a5.5 5.5 0 0 0-7.8 7.8l1 1.1L12 21.2l7.8-7.7 1-1.1a5.5 5.5 0 0 0 0-7.8z' }]],
  star: [['polygon', { points: '12 2 15.1 8.3 22 9.3 17 14.1 18.2 21 12 17.8 5.8 21 7 14.1 2 9.3 8.9 8.3 12 2' }]],
  'alert-circle': [['circle', { cx: 12, cy: 12, r: 10 }], ['line', { x1: 12, y1: 8, x2: 12, y2: 12 }], ['line', { x1: 12, y1: 16, x2: 12.01, y2: 16 }]],
  'check-circle': [['path', { d: 'M22 11.1V12a10 10 0 1 1-5.9-9.1' }], ['polyline', { points: '22 4 12 14 9 11' }]],
  info: [['circle', { cx: 12, cy: 12, r: 10 }], ['line', { x1: 12, y1: 16, x2: 12, y2: 12 }], ['line', { x1: 12, y1: 8, x2: 12.01, y2: 8 }]],
  globe: [['circle', { cx: 12, cy: 12, r: 10 }], ['line', { x1: 2, y1: 12, x2: 22, y2: 12 }], ['path', { d: 'M12 2a15.3 15.3 0 0 1 4 10 15.3 15.3 0 0 1-4 10 15.3 15.3 0 0 1-4-10 15.3 15.3 0 0 1 4-10z' }]],
  chocolate: [['rect', { x: 4, y: 3, width: 16, height: 18, rx: 2 }], ['line', { x1: 9.3, y1: 3, x2: 9.3, y2: 21 }], ['line', { x1: 14.7, y1: 3, x2: 14.7, y2: 21 }], ['line', { x1: 4, y1: 9, x2: 20, y2: 9 }], ['line', { x1: 4, y1: 15, x2: 20, y2: 15 }]],
  gift: [['rect', { x: 3, y: 8, width: 18, height: 4, rx: 1 }], ['path', { d: 'M5 12v9h14v-9' }], ['line', { x1: 12, y1: 8, x2: 12, y2: 21 }], ['path', { d: 'M12 8H7.5a2.5 2.5 0 0 1 0-5C11 3 12 8 12 8zm0 0h4.5a2.5 2.5 0 0 0 0-5C13 3 12 8 12 8z' }]],
  truck: [['rect', { x: 1, y: 4, width: 14, height: 12, rx: 1 }], ['path', { d: 'M15 8h4l3 3v5h-7z' }], ['circle', { cx: 6, cy: 18.5, r: 2 }], ['circle', { cx: 18, cy: 18.5, r: 2 }]],
  sparkle: [['path', { d: 'M12 3l1.9 5.1L19 10l-5.1 1.9L12 17l-1.9-5.1L5 10l5.1-1.9z' }], ['path', { d: 'M19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z' }]],
  home: [['path', { d: 'M3 10.5L12 3l9 7.5V21h-6v-6H9v6H3z' }]],
  chat: [['path', { d: 'M21 12a8 8 0 0 1-11.6 7.1L4 20.5l1.4-4.7A8 8 0 1 1 21 12z' }]],
  lock: [['rect', { x: 5, y: 11, width: 14, height: 10, rx: 2 }], ['path', { d: 'M8 11V7a4 4 0 0 1 8 0v4' }]],
  users: [['path', { d: 'M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2' }], ['circle', { cx: 9, cy: 7, r: 4 }], ['path', { d: 'M23 21v-2a4 4 0 0 0-3-3.9' }], ['path', { d: 'M16 3.1a4 4 0 0 1 0 7.8' }]],
  send: [['line', { x1: 22, y1: 2, x2: 11, y2: 13 }], ['polygon', { points: '22 2 15 22 11 13 2 9 22 2' }]],
  refresh: [['polyline', { points: '23 4 23 10 17 10' }], ['path', { d: 'M20.5 15a9 9 0 1 1-2.1-9.4L23 10' }]],
  bag: [['path', { d: 'M6 2 3 6v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6l-3-4z' }], ['line', { x1: 3, y1: 6, x2: 21, y2: 6 }], ['path', { d: 'M16 10a4 4 0 0 1-8 0' }]],
  camera: [['path', { d: 'M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z' }], ['circle', { cx: 12, cy: 13, r: 3.5 }]],
  trash: [['polyline', { points: '3 6 5 6 21 6' }], ['path', { d: 'M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6' }], ['path', { d: 'M10 11v6M14 11v6M9 6V4h6v2' }]],
  pencil: [['path', { d: 'M17 3a2.8 2.8 0 0 1 4 4L7.5 20.5 2 22l1.5-5.5z' }], ['line', { x1: 15, y1: 5, x2: 19, y2: 9 }]],
  message: [['path', { d: 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z' }]],
};

/**
 * icon('search') → <svg class="icon icon-search">…</svg>.
 * opts: { label } makes it an image with that accessible name; otherwise aria-hidden.
 */
export function icon(name, opts = {}) {
  const parts = ICONS[name] || ICONS.info;
  const attrs = {
    class: ['icon', `icon-${name}`, opts.class],
    viewBox: '0 0 24 24',
    width: opts.size || 20,
    height: opts.size || 20,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': opts.strokeWidth || 2,
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    focusable: 'false',
  };
  if (opts.label) {
    attrs.role = 'img';
    attrs['aria-label'] = opts.label;
  } else {
    attrs['aria-hidden'] = 'true';
  }
  return svg('svg', attrs, parts.map(([tag, a]) => svg(tag, a)));
}

/* ------------------------------------------------- icons of the account area */

const EXTRA_ICONS = {
  mail: [['rect', { x: 3, y: 5, width: 18, height: 14, rx: 2 }], ['polyline', { points: '3 7 12 13 21 7' }]],
  lock: [['rect', { x: 4, y: 11, width: 16, height: 10, rx: 2 }], ['path', { d: 'M8 11V7a4 4 0 0 1 8 0v4' }]],
  phone: [['rect', { x: 6, y: 2, width: 12, height: 20, rx: 2 }], ['line', { x1: 11, y1: 18, x2: 13, y2: 18 }]],
  pin: [['path', { d: 'M12 22s7-6.2 7-12a7 7 0 0 0-14 0c0 5.8 7 12 7 12z' }], ['circle', { cx: 12, cy: 10, r: 2.5 }]],
  copy: [['rect', { x: 9, y: 9, width: 12, height: 12, rx: 2 }], ['path', { d: 'M5 15H4a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1h10a1 1 0 0 1 1 1v1' }]],
  camera: [['path', { d: 'M4 7h3l2-3h6l2 3h3a1 1 0 0 1 1 1v11a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1V8a1 1 0 0 1 1-1z' }], ['circle', { cx: 12, cy: 13, r: 3.5 }]],
  passport: [['rect', { x: 5, y: 2, width: 14, height: 20, rx: 2 }], ['circle', { cx: 12, cy: 10, r: 3 }], ['line', { x1: 9, y1: 17, x2: 15, y2: 17 }]],
  trash: [['polyline', { points: '3 6 5 6 21 6' }], ['path', { d: 'M19 6l-1 14a2 2 0 0 1-2 2H8a2 2 0 0 1-2-2L5 6' }], ['path', { d: 'M10 11v6M14 11v6M9 6V4h6v2' }]],
  users: [['path', { d: 'M17 21v-2a4 4 0 0 0-4-4H5a4 4 0 0 0-4 4v2' }], ['circle', { cx: 9, cy: 7, r: 4 }], ['path', { d: 'M23 21v-2a4 4 0 0 0-3-3.9M16 3.1a4 4 0 0 1 0 7.8' }]],
  tag: [['path', { d: 'M20.6 13.4l-7.2 7.2a2 2 0 0 1-2.8 0L2 12V2h10l8.6 8.6a2 2 0 0 1 0 2.8z' }], ['circle', { cx: 7, cy: 7, r: 1.5 }]],
  box: [['path', { d: 'M21 16V8a2 2 0 0 0-1-1.7l-7-4a2 2 0 0 0-2 0l-7 4A2 2 0 0 0 3 8v8a2 2 0 0 0 1 1.7l7 4a2 2 0 0 0 2 0l7-4a2 2 0 0 0 1-1.7z' }], ['polyline', { points: '3.3 7 12 12 20.7 7' }], ['line', { x1: 12, y1: 22, x2: 12, y2: 12 }]],
  inbox: [['polyline', { points: '22 12 16 12 14 15 10 15 8 12 2 12' }], ['path', { d: 'M5.5 5h13L22 12v6a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2v-6z' }]],
  message: [['path', { d: 'M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z' }]],
};

/** Icons the shared set lacks (mail, lock, phone, pin, copy, camera, passport, trash, users, tag, box, inbox, message). */
export function accountIcon(name, size = 20) {
  const parts = EXTRA_ICONS[name] || EXTRA_ICONS.mail;
  return svg('svg', {
    class: ['icon', `icon-${name}`],
    viewBox: '0 0 24 24',
    width: size,
    height: size,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': 2,
    'stroke-linecap': 'round',
    'stroke-linejoin': 'round',
    'aria-hidden': 'true',
    focusable: 'false',
  }, parts.map(([tag, a]) => svg(tag, a)));
}
