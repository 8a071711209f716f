// My points (내 포인트): the balance and this business month's points in and out (GET /wallet),
// a month calendar with per-day totals (GET /wallet/calendar) paged month by month, and the
// entries of the month or of the chosen day (GET /wallet/entries). `?month=YYYY-MM&date=…` in
// the URL keeps the view across reloads and in links.
import { qs, replaceChildren } from '../../dom.js';
import { t, errorMessage, langEvents } from '../../i18n.js';
import { api } from '../../api.js';
import { mountLayout } from '../../layout.js';
import { icon } from '../../icons.js';
import { emptyState, formatPoints, showError } from '../../ui.js';
import { loginUrlHere } from '../../navigation.js';
import { parseMonth, shiftMonth, dateInMonth } from '../../logic/business-month.js';
import '../../i18n/wallet.js';
import { calendarView } from './calendar.js';
import { entriesView } from './entries.js';

const PER_PAGE = 20;

const els = {
  loading: qs('#points-loading'),
  error: qs('#points-error'),
  ready: qs('#points-ready'),
  balance: qs('#points-balance'),
  earned: qs('#points-month-earned'),
  spent: qs('#points-month-spent'),
  prev: qs('#calendar-prev'),
  next: qs('#calendar-next'),
  title: qs('#calendar-title'),
  totals: qs('#calendar-totals'),
  entriesTitle: qs('#entries-title'),
  entriesTotals: qs('#entries-totals'),
  monthButton: qs('#entries-month'),
};

const state = { wallet: null, calendar: null, entries: null, month: null, date: null, page: 1 };
let generation = 0;

const calendar = calendarView(qs('#calendar-grid'), { onDay: (date) => go({ date: state.date === date ? null : date, page: 1 }) });
const entries = entriesView(qs('#entries-list'), qs('#entries-pages'), { onPage: (page) => go({ page }) });

function monthLabel(month) {
  const m = parseMonth(month);
  return m ? t('points.month_label', { year: m.year, month: m.month }) : month;
}

function renderWallet() {
  const w = state.wallet;
  els.balance.textContent = formatPoints(w.balance);
  els.earned.textContent = w.earned > 0 ? `+${formatPoints(w.earned)}` : formatPoints(0);
  els.spent.textContent = w.spent > 0 ? `−${formatPoints(w.spent)}` : formatPoints(0);
}

function renderHeads() {
  els.title.textContent = monthLabel(state.month);
  if (state.calendar) {
    els.totals.textContent = t('points.month_totals', { earned: formatPoints(state.calendar.earned), spent: formatPoints(state.calendar.spent) });
  }
  els.entriesTitle.textContent = state.date
    ? t('points.entries_day', { date: state.date })
    : t('points.entries_month', { month: monthLabel(state.month) });
  if (state.entries) {
    els.entriesTotals.textContent = t('points.total_line', { earned: formatPoints(state.entries.earned), spent: formatPoints(state.entries.spent) });
  }
  els.monthButton.hidden = !state.date;
  // Nothing is earned in months to come ('YYYY-MM' compares as text).
  els.next.disabled = state.month >= state.wallet.month;
}

function writeUrl() {
  const params = new URLSearchParams();
  params.set('month', state.month);
  if (state.date) params.set('date', state.date);
  if (state.page > 1) params.set('page', String(state.page));
  history.replaceState(null, '', `${location.pathname}?${params}`);
}

/** Loads what changed: the calendar when the month does, the entries always. */
async function go(change) {
  const monthChanged = change.month !== undefined && change.month !== state.month;
  Object.assign(state, change);
  if (monthChanged) {
    state.calendar = null;
    calendar.busy();
  }
  writeUrl();
  renderHeads();
  calendar.select(state.date);
  const mine = ++generation;
  entries.busy();
  try {
    const query = state.date ? { date: state.date } : { month: state.month };
    const [cal, list] = await Promise.all([
      monthChanged || !state.calendar ? api('GET', '/wallet/calendar', { query: { month: state.month } }) : state.calendar,
      api('GET', '/wallet/entries', { query: { ...query, page: state.page, per_page: PER_PAGE } }),
    ]);
    if (mine !== generation) return;
    state.calendar = cal;
    state.entries = list;
    calendar.show(cal, state.date);
    entries.show(list);
    renderHeads();
  } catch (err) {
    if (mine === generation) showError(err);
  } finally {
    if (mine === generation) entries.idle();
  }
}

function fail(err) {
  els.loading.hidden = true;
  els.error.hidden = false;
  replaceChildren(els.error, emptyState({
    icon: 'alert-circle',
    tone: 'error',
    title: t('points.load_failed'),
    message: err.message || errorMessage(err.code),
    action: { label: t('common.retry'), onClick: () => location.reload() },
  }));
}

async function start() {
  const user = await mountLayout({ active: 'points' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  els.prev.append(icon('chevron-left'));
  els.next.append(icon('chevron-right'));
  els.prev.addEventListener('click', () => go({ month: shiftMonth(state.month, -1), date: null, page: 1 }));
  els.next.addEventListener('click', () => go({ month: shiftMonth(state.month, 1), date: null, page: 1 }));
  els.monthButton.addEventListener('click', () => go({ date: null, page: 1 }));
  try {
    state.wallet = await api('GET', '/wallet');
  } catch (err) {
    fail(err);
    return;
  }
  const params = new URLSearchParams(location.search);
  const month = parseMonth(params.get('month')) ? params.get('month') : state.wallet.month;
  const date = dateInMonth(params.get('date'), month) ? params.get('date') : null;
  const page = Math.max(1, Number.parseInt(params.get('page'), 10) || 1);
  renderWallet();
  els.loading.hidden = true;
  els.ready.hidden = false;
  await go({ month, date, page });
}

start();

langEvents.addEventListener('change', () => {
  if (!state.wallet) return;
  renderWallet();
  renderHeads();
  calendar.relabel();
  entries.relabel();
});
