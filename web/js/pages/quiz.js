// The chocolate quiz (초콜릿 성향 테스트): one question at a time (GET /quiz), then the result
// type and its recommended products (POST /quiz/result).
import { h, qs, replaceChildren } from '../dom.js';
import { t, getLang, langEvents } from '../i18n.js';
import { api } from '../api.js';
import { mountLayout } from '../layout.js';
import { emptyState, showError } from '../ui.js';
import { productGrid } from '../components/product-card.js';
import '../i18n/catalog.js';
import '../i18n/community.js';

const root = qs('#quiz-root');
const state = { questions: [], answers: [], result: null, started: false };

function header() {
  return h('div', { class: 'page-header' }, h('div', null,
    h('h1', { class: 'page-title' }, t('quiz.title')),
    h('p', { class: 'page-subtitle' }, t('quiz.subtitle'))));
}

function render() {
  root.removeAttribute('aria-busy');
  document.title = t('page.quiz');
  if (state.result) {
    const r = state.result;
    replaceChildren(root, header(), h('section', { class: 'card quiz-card', id: 'quiz-result' }, h('div', { class: 'card-body' },
      h('p', { class: 'quiz-progress' }, t('quiz.result')),
      h('p', { class: 'quiz-type', id: 'quiz-type' }, r.type),
      h('h2', { class: 'card-title', id: 'quiz-title' }, r.title),
      h('p', { class: 'quiz-description' }, r.description),
      h('button', { type: 'button', class: 'btn btn-secondary', onClick: restart }, t('quiz.again')))),
    h('section', { class: 'pd-section' },
      h('h2', { class: 'pd-section__title' }, t('quiz.products')),
      r.products.length ? productGrid(r.products) : emptyState({ title: t('quiz.no_products'), actions: [{ label: t('pd.go_home'), href: '/' }] })));
    return;
  }
  if (!state.started || !state.questions.length) {
    replaceChildren(root, header(), h('section', { class: 'card quiz-card' }, h('div', { class: 'card-body' },
      h('button', { type: 'button', class: 'btn btn-primary btn-lg', id: 'quiz-start', disabled: !state.questions.length, onClick: () => { state.started = true; render(); } }, t('quiz.start')))));
    return;
  }
  const index = state.answers.length;
  const q = state.questions[index];
  replaceChildren(root, header(), h('section', { class: 'card quiz-card' }, h('div', { class: 'card-body' },
    h('p', { class: 'quiz-progress', id: 'quiz-progress' }, t('quiz.progress', { n: index + 1, total: state.questions.length })),
    h('h2', { class: 'quiz-question', id: 'quiz-question' }, q.text),
    h('div', { class: 'quiz-options' }, q.options.map((o) => h('button', {
      type: 'button',
      class: 'btn btn-secondary btn-lg quiz-option',
      dataset: { key: o.key },
      onClick: () => answer(o.key),
    }, o.text))),
    index > 0 && h('button', { type: 'button', class: 'btn btn-ghost', onClick: () => { state.answers.pop(); render(); } }, t('quiz.back')))));
}

async function answer(key) {
  state.answers.push(key);
  if (state.answers.length < state.questions.length) {
    render();
    return;
  }
  try {
    state.result = await api('POST', '/quiz/result', { body: { answers: state.answers, lang: getLang() } });
  } catch (err) {
    state.answers.pop();
    showError(err);
  }
  render();
}

function restart() {
  state.answers = [];
  state.result = null;
  state.started = true;
  render();
}

async function load() {
  try {
    const quiz = await api('GET', '/quiz', { query: { lang: getLang() } });
    state.questions = quiz.questions;
  } catch (err) {
    showError(err);
  }
  render();
}

mountLayout({});
langEvents.addEventListener('change', () => {
  // Questions and the result come in the page's language.
  if (state.result) {
    api('POST', '/quiz/result', { body: { answers: state.answers, lang: getLang() } }).then((r) => { state.result = r; render(); }).catch(showError);
  }
  load();
});
load();
