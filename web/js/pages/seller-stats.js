// Seller center — statistics: /seller/stats.html[?month=YYYY-MM]
// Month picker; revenue (with growth over the previous month), confirmed lines, open lines,
// shipping expense and store age; the month's daily revenue as a bar chart (uPlot, vendored
// from npm under /vendor/uplot with its licence); rankings by sales, likes and rating.
import { h, qs, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { api, hasRole } from '../api.js';
import { icon } from '../icons.js';
import { mountLayout } from '../layout.js';
import { emptyState, formatNumber, formatWon, skeletonLines } from '../ui.js';
import { productImage, productUrl } from '../components/product-card.js';
import { loginUrlHere } from '../navigation.js';
import { monthIn, parseMonth, shiftMonth } from '../logic/business-month.js';
import { growthText } from '../logic/order-flow.js';
import uPlot from '../../vendor/uplot/uPlot.esm.js';
import '../i18n/catalog.js';
import '../i18n/seller-center.js';
import '../i18n/shop.js';

const root = qs('#sc-root');
let stats = null;
let loadError = null;
let chart = null;

function currentMonth() {
  const m = new URLSearchParams(location.search).get('month');
  return parseMonth(m) ? m : monthIn();
}

function monthLabel(month) {
  const m = parseMonth(month);
  return t('ss.month_label', { year: m.year, month: m.month });
}

function goTo(month) {
  history.pushState(null, '', `/seller/stats.html?month=${month}`);
  load();
}

async function load() {
  const month = currentMonth();
  stats = null;
  render();
  try {
    stats = await api('GET', '/seller/stats', { query: { month } });
    loadError = null;
  } catch (err) {
    loadError = err;
  }
  render();
}

function statCard(label, value, sub, { id, className } = {}) {
  return h('div', { class: ['stat', 'ss-card', className], id },
    h('p', { class: 'stat__label' }, label),
    h('p', { class: 'stat__value' }, value),
    sub && h('p', { class: 'ss-card__sub' }, sub));
}

function cards(s) {
  const growth = growthText(s.revenue.growth_rate);
  const tone = s.revenue.growth_rate > 0 ? 'ss-growth-up' : s.revenue.growth_rate < 0 ? 'ss-growth-down' : '';
  return h('div', { class: 'ss-cards', id: 'ss-cards' },
    statCard(t('ss.revenue_month'), formatWon(s.revenue.month), t('ss.revenue_all', { n: formatWon(s.revenue.all_time) }), { id: 'ss-revenue' }),
    statCard(t('ss.growth'), growth || '—', growth ? t('ss.previous', { n: formatWon(s.revenue.previous_month) }) : t('ss.growth_none'), { id: 'ss-growth', className: tone }),
    statCard(t('ss.confirmed_month'), t('ss.count', { n: formatNumber(s.confirmed.month) }), t('ss.confirmed_all', { n: formatNumber(s.confirmed.all_time) }), { id: 'ss-confirmed' }),
    statCard(t('ss.unsent'), t('ss.count', { n: formatNumber(s.unsent) }), null, { id: 'ss-unsent' }),
    statCard(t('ss.in_transit'), t('ss.count', { n: formatNumber(s.shipped_unconfirmed) }), null, { id: 'ss-in-transit' }),
    statCard(t('ss.shipping_expense'), formatWon(s.shipping_expense.month), t('ss.shipping_each', { n: formatWon(s.shipping_expense.per_shipment) })),
    statCard(t('ss.store_age'), t('ss.days', { n: formatNumber(s.store_age_days) })));
}

function ranking(kind, items) {
  const value = (v) => t(`ss.value.${kind}`, { n: kind === 'rating' ? Number(v).toFixed(1) : formatNumber(v) });
  return h('section', { class: 'card card-body', 'aria-labelledby': `ss-rank-${kind}` },
    h('h2', { class: 'card-title', id: `ss-rank-${kind}` }, t(`ss.rank.${kind}`)),
    items && items.length
      ? h('ol', { class: 'ss-rank', id: `ss-rank-list-${kind}` }, items.map((p) => h('li', null,
        productImage(p.thumbnail_url, ''),
        h('a', { class: 'ss-rank__name', href: productUrl(p.product_id), title: p.name }, p.name),
        h('span', { class: 'ss-rank__value' }, value(p.value)))))
      : h('p', { class: 'text-muted' }, t('ss.rank_empty')));
}

function drawChart(box, s) {
  if (chart) {
    chart.destroy();
    chart = null;
  }
  const days = s.daily || [];
  const xs = days.map((d) => Number(d.date.slice(8, 10)));
  const ys = days.map((d) => Number(d.revenue) || 0);
  const width = Math.max(280, box.clientWidth || 600);
  const compact = (v) => (v >= 10_000 ? `${formatNumber(Math.round(v / 1000))}k` : formatNumber(v));
  chart = new uPlot({
    width,
    height: 260,
    legend: { show: false },
    cursor: { y: false, points: { show: false } },
    scales: { x: { time: false, range: [0.5, Math.max(1, xs.length) + 0.5] }, y: { range: (u, min, max) => [0, Math.max(1000, max * 1.15)] } },
    axes: [
      { stroke: '#6f5a4d', grid: { show: false }, ticks: { show: false }, values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? String(v) : '')) },
      { stroke: '#6f5a4d', grid: { stroke: '#efe6dc' }, ticks: { show: false }, size: 56, values: (u, splits) => splits.map(compact) },
    ],
    series: [
      {},
      { label: t('ss.revenue_series'), stroke: '#7a4a2e', fill: 'rgba(122, 74, 46, 0.75)', width: 0, paths: uPlot.paths.bars({ size: [0.7, 28] }), points: { show: false }, value: (u, v) => (v === null ? '' : formatWon(v)) },
    ],
  }, [xs, ys], box);
}

function render() {
  root.removeAttribute('aria-busy');
  const month = currentMonth();
  const picker = h('input', { class: 'input input-sm', type: 'month', id: 'ss-month-input', value: month, 'aria-label': t('ss.month') });
  picker.addEventListener('change', () => {
    if (parseMonth(picker.value)) goTo(picker.value);
  });
  const head = [
    h('div', { class: 'page-header sc__header' },
      h('div', null,
        h('p', { class: 'sc__eyebrow' }, icon('store', { size: 16 }), h('span', null, t('sc.title'))),
        h('h1', { class: 'page-title', id: 'ss-title', tabindex: '-1' }, t('ss.title')),
        h('p', { class: 'page-subtitle' }, t('ss.subtitle'))),
      h('div', { class: 'sc-links' },
        h('a', { class: 'btn btn-secondary btn-sm', href: '/seller/products.html' }, t('so.products_link')),
        h('a', { class: 'btn btn-secondary btn-sm', href: '/seller/orders.html' }, t('so.orders_link')))),
    h('div', { class: 'ss-month' },
      h('button', { type: 'button', class: 'btn btn-secondary btn-sm btn-icon', id: 'ss-prev', 'aria-label': t('ss.prev_month'), onClick: () => goTo(shiftMonth(month, -1)) }, icon('chevron-left', { size: 18 })),
      h('strong', { id: 'ss-month-label' }, monthLabel(month)),
      h('button', { type: 'button', class: 'btn btn-secondary btn-sm btn-icon', id: 'ss-next', 'aria-label': t('ss.next_month'), disabled: month >= monthIn(), onClick: () => goTo(shiftMonth(month, 1)) }, icon('chevron-right', { size: 18 })),
      picker),
  ];
  if (loadError) {
    replaceChildren(root, ...head, emptyState({ icon: 'alert-circle', tone: 'error', title: t('ss.load_failed'), message: loadError.message, action: { label: t('common.retry'), onClick: load } }));
    return;
  }
  if (!stats) {
    replaceChildren(root, ...head, skeletonLines(5));
    return;
  }
  const hasRevenue = (stats.daily || []).some((d) => Number(d.revenue) > 0);
  const chartBox = h('div', { class: 'ss-chart', id: 'ss-chart', role: 'img', 'aria-label': t('ss.chart_label', { month: monthLabel(stats.month) }) });
  replaceChildren(root, ...head,
    cards(stats),
    h('section', { class: 'card card-body', 'aria-labelledby': 'ss-daily-title' },
      h('h2', { class: 'card-title', id: 'ss-daily-title' }, t('ss.daily')),
      chartBox,
      !hasRevenue && h('p', { class: 'text-muted', id: 'ss-daily-empty' }, t('ss.daily_empty'))),
    h('div', { class: 'ss-rankings' },
      ranking('sales', stats.rankings && stats.rankings.sales),
      ranking('likes', stats.rankings && stats.rankings.likes),
      ranking('rating', stats.rankings && stats.rankings.rating)));
  drawChart(chartBox, stats);
}

let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    const box = qs('#ss-chart');
    if (chart && box) chart.setSize({ width: Math.max(280, box.clientWidth), height: 260 });
  }, 150);
});

async function start() {
  const user = await mountLayout({ active: 'seller-stats' });
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  if (!hasRole('seller')) {
    root.removeAttribute('aria-busy');
    replaceChildren(root, emptyState({ icon: 'store', title: t('sc.not_seller_title'), message: t('sc.not_seller_message'), action: { label: t('sc.apply'), href: '/account.html#seller' } }));
    return;
  }
  await load();
}

window.addEventListener('popstate', load);
langEvents.addEventListener('change', render);
start();
