// Attendance (출석 체크): today's check-in (POST /attendance, 100 points once per business day)
// and the month's check-in days (GET /attendance?month=YYYY-MM) on a calendar.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, restoreSession } from '../api.js';
import { mountLayout } from '../layout.js';
import { formatPoints, showError, toast, withBusy } from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import { dateIn, leadingBlanks, monthIn, parseMonth, shiftMonth } from '../logic/business-month.js';
import '../i18n/community.js';

const els = {
  check: qs('#att-check'),
  status: qs('#att-status'),
  month: qs('#att-month'),
  count: qs('#att-count'),
  grid: qs('#att-grid'),
  prev: qs('#att-prev'),
  next: qs('#att-next'),
};

const state = { month: monthIn(), data: null };

function render() {
  const data = state.data;
  if (!data) return;
  const m = parseMonth(data.month);
  els.month.textContent = m ? t('att.month_label', { year: m.year, month: m.month }) : data.month;
  els.count.textContent = t('att.days', { n: data.days.length });
  els.check.disabled = data.attended_today;
  els.check.textContent = data.attended_today ? t('att.done_today') : t('att.check_in');
  const today = dateIn();
  const cells = [];
  for (const name of ['S', 'M', 'T', 'W', 'T', 'F', 'S']) cells.push(h('span', { class: 'att-grid__head', 'aria-hidden': 'true' }, name));
  for (let i = 0; i < leadingBlanks(data.month); i += 1) cells.push(h('span', { class: 'att-day is-blank' }));
  const [year, month] = data.month.split('-').map(Number);
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  for (let d = 1; d <= last; d += 1) {
    const date = `${data.month}-${String(d).padStart(2, '0')}`;
    const attended = data.days.includes(date);
    cells.push(h('span', {
      class: ['att-day', attended && 'is-attended', date === today && 'is-today'],
      dataset: { date },
      'aria-label': attended ? `${date} ${t('att.attended')}` : date,
    }, String(d)));
  }
  replaceChildren(els.grid, ...cells);
}

async function load() {
  try {
    state.data = await api('GET', '/attendance', { query: { month: state.month } });
    render();
  } catch (err) {
    if (err.status === 401) {
      location.replace(loginUrlHere());
      return;
    }
    showError(err);
  }
}

els.check.addEventListener('click', async () => {
  await withBusy(els.check, async () => {
    try {
      const done = await api('POST', '/attendance');
      els.status.textContent = t('att.checked_in', { points: formatPoints(done.points) });
      toast.success(els.status.textContent);
    } catch (err) {
      if (err.code === 'already_attended') els.status.textContent = err.message || t('att.done_today');
      else showError(err);
    }
  });
  // After the busy state is over, so the reloaded month decides whether the button stays on.
  state.month = monthIn();
  await load();
});
els.prev.addEventListener('click', () => { state.month = shiftMonth(state.month, -1); load(); });
els.next.addEventListener('click', () => { state.month = shiftMonth(state.month, 1); load(); });

mountLayout({});
langEvents.addEventListener('change', render);
restoreSession().finally(load);
