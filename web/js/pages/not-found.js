// 404 page: the shared layout plus the address that was not found.
import { qs } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { mountLayout } from '../layout.js';

const pathEl = qs('#nf-path');

function showPath() {
  let path = location.pathname + location.search;
  try {
    path = decodeURI(path);
  } catch {
    /* keep it encoded */
  }
  if (path.length > 120) path = `${path.slice(0, 117)}…`;
  // 404.html opened directly has nothing useful to show.
  pathEl.textContent = /\/404(\.html)?$/.test(location.pathname) ? '' : t('notfound.path', { path });
  pathEl.hidden = !pathEl.textContent;
}

mountLayout({});
showPath();
langEvents.addEventListener('change', showPath);
