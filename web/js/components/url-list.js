// A paged list whose filter and page live in the URL (?<key>=…&page=…), as the staff pages show
// them: only the newest request's answer counts, a page emptied by the user's own actions steps
// back to the last page, and an item that leaves the filter fades out of the list.
import { qs } from '../dom.js';
import { api } from '../api.js';
import { pickFilter, pickPage } from '../logic/staff.js';

/**
 * @param {object} o
 * @param {string} o.path the page (`/admin/support.html`)
 * @param {string} o.key the filter's query parameter (`status`)
 * @param {string[]} o.filters allowed values, the default first
 * @param {string} o.endpoint the API list (`/admin/support`)
 * @param {(filter: string) => object} o.query the API query of a filter
 * @param {number} o.perPage
 * @param {() => void} o.render draws the page from `list.data` / `list.error`
 * @param {() => void} [o.onNavigate] called when the filter or page changes (close open editors)
 * @param {(err: Error) => boolean} [o.onError] true when it handled a failed load itself
 */
export function urlList(o) {
  let seq = 0;
  const list = {
    data: null,
    error: null,

    /** `{ [key]: filter, page }` from the URL. */
    state() {
      const p = new URLSearchParams(location.search);
      return { [o.key]: pickFilter(p.get(o.key), o.filters), page: pickPage(p.get('page')) };
    },

    href(s) {
      const p = new URLSearchParams();
      if (s[o.key] !== o.filters[0]) p.set(o.key, s[o.key]);
      if (s.page > 1) p.set('page', String(s.page));
      const q = p.toString();
      return `${o.path}${q ? `?${q}` : ''}`;
    },

    /** Shows the first page of another filter (or another page) and loads it. */
    go(patch) {
      history.pushState(null, '', list.href({ ...list.state(), page: 1, ...patch }));
      list.reset();
    },

    /** Forgets what is shown (after navigation or the back button) and loads again. */
    reset() {
      if (o.onNavigate) o.onNavigate();
      list.data = null;
      o.render();
      list.load();
    },

    async load() {
      const mine = ++seq;
      const s = list.state();
      try {
        const answer = await api('GET', o.endpoint, { query: { ...o.query(s[o.key]), page: s.page, per_page: o.perPage } });
        if (mine !== seq) return;
        list.data = answer;
        list.error = null;
        // Past the last page (after the user's own actions emptied it): step back.
        if (!answer.items.length && s.page > 1 && answer.total > 0) {
          history.replaceState(null, '', list.href({ ...s, page: Math.ceil(answer.total / o.perPage) }));
          list.load();
          return;
        }
      } catch (err) {
        if (mine !== seq) return;
        if (o.onError && o.onError(err)) return;
        list.error = err;
      }
      o.render();
    },

    /** Takes an item out of the list (it left the filter), fading `#<domId>` out first. */
    drop(id, domId) {
      const item = qs(`#${domId}`);
      if (item) item.classList.add('is-leaving');
      list.data.items = list.data.items.filter((i) => i.id !== id);
      list.data.total = Math.max(0, list.data.total - 1);
      setTimeout(() => {
        o.render();
        list.load();
      }, item ? 200 : 0);
    },

    /** Replaces an item by `change(item)` and draws again. */
    update(id, change) {
      list.data.items = list.data.items.map((i) => (i.id === id ? change(i) : i));
      o.render();
    },
  };
  window.addEventListener('popstate', () => list.reset());
  return list;
}
