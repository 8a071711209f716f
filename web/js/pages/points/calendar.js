// My points: the month calendar, one cell per business day with the points earned and spent;
// a day with activity opens its entries (onDay). Drawn from GET /wallet/calendar.
import { h, replaceChildren } from '../../dom.js';
import { t, locale } from '../../i18n.js';
import { formatNumber, formatPoints } from '../../ui.js';
import { dateIn, leadingBlanks } from '../../logic/business-month.js';
import { compactNumber } from '../../logic/compact-number.js';

/** '+29,900', and '+2.9만' for phones (CSS shows one); the full text is in the cell's label. */
function signed(n, sign, className) {
  return h('span', { class: className },
    h('span', { class: 'calendar-day__full' }, `${sign}${formatNumber(n)}`),
    h('span', { class: 'calendar-day__short', 'aria-hidden': 'true' }, `${sign}${compactNumber(n, locale())}`));
}

/** The calendar grid in `el`; `onDay(date)` when a day is chosen. */
export function calendarView(el, { onDay }) {
  let data = null;
  let selected = null;

  function dayCell(day) {
    const active = day.earned > 0 || day.spent > 0;
    const label = t('points.day_label', { date: day.date, earned: formatPoints(day.earned), spent: formatPoints(day.spent) });
    const attrs = {
      class: ['calendar-day', active && 'has-activity', day.date === dateIn() && 'is-today', day.date === selected && 'is-selected'],
      'data-date': day.date,
      'aria-label': label,
      title: label,
    };
    const body = [
      h('span', { class: 'calendar-day__num' }, String(Number(day.date.slice(8)))),
      day.earned > 0 && signed(day.earned, '+', 'calendar-day__earned'),
      day.spent > 0 && signed(day.spent, '−', 'calendar-day__spent'),
    ];
    if (!active) return h('div', { ...attrs, role: 'gridcell' }, body);
    return h('div', { role: 'gridcell' }, h('button', {
      ...attrs,
      type: 'button',
      'aria-pressed': day.date === selected ? 'true' : 'false',
      onClick: () => onDay(day.date),
    }, body));
  }

  function render() {
    if (!data) return;
    const head = t('points.weekdays').split(',').map((name, i) =>
      h('div', { class: ['calendar-grid__weekday', i === 0 && 'is-sunday', i === 6 && 'is-saturday'], role: 'columnheader' }, name));
    const blanks = Array.from({ length: leadingBlanks(data.month) }, () => h('div', { class: 'calendar-day is-blank', role: 'gridcell', 'aria-hidden': 'true' }));
    const cells = [...blanks, ...data.days.map(dayCell)];
    const rows = [];
    for (let i = 0; i < cells.length; i += 7) rows.push(h('div', { class: 'calendar-grid__row', role: 'row' }, cells.slice(i, i + 7)));
    el.setAttribute('role', 'grid');
    el.setAttribute('aria-labelledby', 'calendar-title');
    el.removeAttribute('aria-busy');
    replaceChildren(el, h('div', { class: 'calendar-grid__row calendar-grid__head', role: 'row' }, head), rows);
  }

  return {
    /** Draws a GET /wallet/calendar answer, with `date` (or null) selected. */
    show(calendar, date) {
      data = calendar;
      selected = date;
      render();
    },
    select(date) {
      selected = date;
      render();
    },
    busy() {
      el.setAttribute('aria-busy', 'true');
    },
    relabel: render,
  };
}
