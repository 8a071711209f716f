// My page, #seller: the seller application (no seller profile yet), or the seller profile with
// its review state (pending, approved, rejected) and the shop logo.
import { h, qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { icon } from '../../icons.js';
import { toast, showError, withBusy, clearFieldErrors, showFieldErrors, formatDate, badge, emptyState, skeletonLines } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';
import { sellerProblems } from '../../logic/validate.js';
import { onlyDigits, formatBusinessNumber } from '../../logic/kr-numbers.js';
import { fillBankSelect } from '../../widgets/bank-select.js';
import { imageChoice } from '../../widgets/image-choice.js';

const SELLER_FIELDS = ['company_name', 'business_number', 'owner_name', 'contact', 'bank_name', 'account_number', 'account_holder'];
const DIGIT_FIELDS = new Set(['business_number', 'contact', 'account_number']);

function sellerIntro() {
  const steps = ['seller.flow1', 'seller.flow2', 'seller.flow3'];
  return h('div', { class: 'seller-intro' },
    h('p', { class: 'section-lead' }, t('seller.apply_lead')),
    h('ol', { class: 'seller-flow' }, steps.map((k, i) => h('li', { class: 'seller-flow__item' },
      h('span', { class: 'seller-flow__num' }, String(i + 1)),
      h('span', null, t(k))))));
}

/**
 * The seller section `el`; `shared` holds the signed-in user (`me.seller_status`) and
 * `refreshMe()`. The private seller profile loads the first time the section is shown (`show()`).
 */
export function sellerSection(el, shared) {
  const form = qs('#seller-form', el);
  const logoImg = qs('#seller-logo-preview', el);
  const logoEmpty = qs('#seller-logo-empty', el);
  const logoClear = qs('#seller-logo-clear', el);
  let seller = null; // the private seller profile once loaded
  let loadError = null;
  let loading = false;

  fillBankSelect(qs('#seller-bank-name', el));
  logoEmpty.appendChild(icon('store', { size: 28, strokeWidth: 1.6 }));

  const hasSellerProfile = () => Boolean(shared.me.seller_status);

  async function ensureSeller({ force = false } = {}) {
    if (!hasSellerProfile()) {
      render();
      return;
    }
    if ((seller && !force) || loading) {
      render();
      return;
    }
    loading = true;
    loadError = null;
    render();
    try {
      seller = await api('GET', '/me/seller');
    } catch (err) {
      loadError = err;
    }
    loading = false;
    fillForm();
    render();
  }

  function renderNav() {
    const label = t(hasSellerProfile() ? 'account.nav.seller_profile' : 'account.nav.seller_apply');
    qs('#account-nav-seller').textContent = label;
    qs('#seller-title', el).textContent = label;
  }

  function render() {
    renderNav();
    const status = qs('#seller-status', el);
    const badgeSlot = qs('#seller-badge', el);
    if (!hasSellerProfile()) {
      replaceChildren(badgeSlot);
      replaceChildren(status, sellerIntro());
      form.hidden = false;
      qs('#seller-submit-label', el).textContent = t('seller.apply_submit');
      renderLogo();
      return;
    }
    const s = seller;
    const st = s?.status || shared.me.seller_status;
    const tone = st === 'approved' ? 'success' : st === 'rejected' ? 'danger' : 'warning';
    replaceChildren(badgeSlot, badge(t(`seller.status_${st}`), tone));
    if (loading) {
      form.hidden = true;
      replaceChildren(status, skeletonLines(4));
      return;
    }
    if (loadError) {
      form.hidden = true;
      replaceChildren(status, emptyState({
        icon: 'alert-circle',
        tone: 'error',
        title: t('seller.load_failed'),
        message: loadError.message,
        action: { label: t('common.retry'), onClick: () => ensureSeller({ force: true }) },
      }));
      return;
    }
    const box = [];
    if (st === 'approved') {
      box.push(h('div', { class: 'alert alert-success seller-state', dataset: { status: st } },
        icon('check-circle'),
        h('div', null,
          h('p', null, t('seller.approved_text', { company: s?.company_name || '' })),
          h('a', { class: 'alert__link', href: '/seller/products.html' }, t('seller.go_center')))));
    } else if (st === 'rejected') {
      box.push(h('div', { class: 'alert alert-error seller-state', dataset: { status: st } },
        icon('alert-circle'),
        h('div', null,
          h('p', null, t('seller.rejected_text')),
          s?.reject_reason && h('p', { class: 'seller-state__reason' }, h('strong', null, t('seller.reason')), ' ', s.reject_reason),
          h('p', { class: 'seller-state__hint' }, t('seller.rejected_hint')))));
    } else {
      box.push(h('div', { class: 'alert alert-warning seller-state', dataset: { status: st } },
        icon('info'),
        h('div', null,
          h('p', null, t('seller.pending_text')),
          s?.created_at && h('p', { class: 'seller-state__hint' }, t('seller.applied_at', { date: formatDate(s.created_at) })))));
    }
    replaceChildren(status, box);
    form.hidden = false;
    qs('#seller-submit-label', el).textContent = t('seller.save_submit');
    renderLogo();
  }

  function fillForm() {
    if (!seller) return;
    for (const name of SELLER_FIELDS) {
      const input = form.elements.namedItem(name);
      if (!input) continue;
      if (name === 'bank_name') fillBankSelect(input, seller.bank_name || '');
      else if (name === 'business_number') input.value = formatBusinessNumber(seller.business_number || '');
      else input.value = seller[name] || '';
    }
  }

  function renderLogo() {
    const src = logoChoice.url || seller?.logo_url;
    logoImg.hidden = !src;
    logoEmpty.hidden = Boolean(src);
    if (src) logoImg.src = src;
    else logoImg.removeAttribute('src');
    logoClear.hidden = !logoChoice.file;
  }
  const logoChoice = imageChoice(qs('#seller-logo-input', el), { clearButton: logoClear, render: renderLogo });

  function values() {
    const out = {};
    for (const name of SELLER_FIELDS) {
      const raw = String(form.elements.namedItem(name)?.value || '').trim();
      out[name] = DIGIT_FIELDS.has(name) ? onlyDigits(raw) : raw;
    }
    return out;
  }

  async function apply(body) {
    try {
      const created = logoChoice.file
        ? await api('POST', '/me/seller', { form: { ...body, logo: logoChoice.file } })
        : await api('POST', '/me/seller', { body });
      seller = created;
      logoChoice.clear();
      shared.me.seller_status = created?.status || 'pending';
      fillForm();
      await shared.refreshMe();
      render();
      toast.success(t(created?.status === 'approved' ? 'seller.applied_approved' : 'seller.applied'));
      el.scrollIntoView({ block: 'start' });
    } catch (err) {
      if (showApiFieldErrors(form, err, { company_name_taken: 'company_name' })) return;
      if (err.code === 'already_seller') {
        await shared.refreshMe();
        await ensureSeller({ force: true });
      }
      showError(err);
    }
  }

  async function save(body) {
    const changes = {};
    for (const name of SELLER_FIELDS) {
      const before = DIGIT_FIELDS.has(name) ? onlyDigits(seller?.[name] || '') : String(seller?.[name] || '');
      if (body[name] !== before) changes[name] = body[name];
    }
    if (!Object.keys(changes).length && !logoChoice.file) {
      toast.info(t('account.nothing_changed'));
      return;
    }
    try {
      if (Object.keys(changes).length) seller = await api('PATCH', '/me/seller', { body: changes });
      if (logoChoice.file) {
        seller = await api('PUT', '/me/seller/logo', { form: { image: logoChoice.file } });
        logoChoice.clear();
      }
      fillForm();
      render();
      toast.success(t('seller.saved'));
    } catch (err) {
      if (!showApiFieldErrors(form, err, { company_name_taken: 'company_name' })) showError(err);
    }
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const body = values();
    const fields = sellerProblems(body);
    if (Object.keys(fields).length) return showFieldErrors(form, fields);
    return withBusy(qs('#seller-submit', el), () => (hasSellerProfile() ? save(body) : apply(body)));
  });

  return { render, show: () => ensureSeller() };
}
