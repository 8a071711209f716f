// My reviews (내 리뷰): the confirmed lines still waiting for a review (GET /me/reviewable-lines),
// each with the write form (multipart POST /order-lines/{id}/review; the photo is previewed and
// the reward shown before posting), and the reviews I wrote (GET /me/reviews) with edit (PATCH
// /reviews/{id}), photo replacement (PUT /reviews/{id}/photo) and delete (DELETE, the reward taken
// back). `?line=N` opens the form of that line. User text goes in through textContent only.
import { h, replaceChildren } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { mountLayout } from '../layout.js';
import { emptyState, showError, skeletonLines, withBusy } from '../ui.js';
import { loginUrlHere } from '../navigation.js';
import { els, reload, state } from './reviews/shared.js';
import { loadLines, openLine, renderLines, renderNotice } from './reviews/lines.js';
import { loadReviews, renderReviews } from './reviews/mine.js';

reload.lines = loadLines;
reload.reviews = loadReviews;

/* -------------------------------------------------------------------- boot */

function failed(target, err) {
  target.removeAttribute('aria-busy');
  replaceChildren(target, h('li', { class: 'rvw-empty' }, emptyState({
    icon: 'alert-circle', tone: 'error', title: t('error.unknown'), message: err.message, action: { label: t('common.retry'), onClick: () => location.reload() },
  })));
}

async function start() {
  replaceChildren(els.lines, h('li', null, skeletonLines(3)));
  replaceChildren(els.reviews, h('li', null, skeletonLines(4)));
  const user = await mountLayout({});
  if (!user) {
    location.replace(loginUrlHere());
    return;
  }
  const results = await Promise.allSettled([loadLines(), loadReviews(1)]);
  const [lines, reviews] = results;
  if (lines.status === 'rejected') failed(els.lines, lines.reason);
  if (reviews.status === 'rejected') failed(els.reviews, reviews.reason);
  if (state.wantedLine && lines.status === 'fulfilled') {
    const wanted = state.wantedLine;
    state.wantedLine = null;
    if (state.lines.items.some((l) => l.order_line_id === wanted)) openLine(wanted);
    else {
      state.notice = { type: 'info', text: t('rvw.line_gone') };
      renderNotice();
    }
  }
}

els.linesMore.addEventListener('click', () => withBusy(els.linesMore, async () => {
  try {
    await loadLines({ more: true });
  } catch (err) {
    showError(err);
  }
}));

langEvents.addEventListener('change', () => {
  renderLines();
  renderReviews();
});

start();
