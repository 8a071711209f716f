// Seller center — product editor: /seller/product-edit.html (new) or ?id=N (edit).
// Create: POST /products, then the thumbnail (PUT) and the detail images (POST, one by one).
// Edit: PATCH the changed fields, then the thumbnail, removed images (DELETE) and new images.
// If an upload fails after the product exists, the page switches to editing it so nothing is
// created twice; saving again uploads what is left.
import { h, qs, replaceChildren } from '../../dom.js';
import { t, langEvents } from '../../i18n.js';
import { api, hasRole } from '../../api.js';
import { icon } from '../../icons.js';
import { mountLayout } from '../../layout.js';
import { emptyState, alertBox, toast, showError, withBusy, showFieldErrors, clearFieldErrors, formatNumber, badge } from '../../ui.js';
import { productUrl } from '../../components/product-card.js';
import { productImages } from './images.js';
import { stateLabel, stateTone, blockReason } from '../../logic/product-state.js';
import '../../i18n/catalog.js';
import '../../i18n/seller-center.js';

const MAX_PRICE = 10_000_000;
const MAX_NAME = 100;
const MAX_STOCK = 2_147_483_647;

const root = qs('#pe-root');
const params = new URLSearchParams(location.search);

let user = null;
let productId = posInt(params.get('id'));
let product = null; // the saved product when editing
let categories = [];
let dirty = false;
let submitting = false;

function posInt(value) {
  const s = String(value ?? '').trim();
  if (!/^\d{1,15}$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
}

const editing = () => Boolean(product);
const locked = () => Boolean(product && (product.state === 'blocked' || product.state === 'deleted'));
const images = productImages({ product: () => product, locked, editing, markDirty, progress });

/* ------------------------------------------------------------------ guard */

function isApprovedSeller(u) {
  return Boolean(u && (u.seller_status === 'approved' || hasRole('seller', u)));
}

function gate(u) {
  if (!u) {
    const next = encodeURIComponent(location.pathname + location.search);
    return emptyState({ icon: 'user', title: t('sc.title'), message: t('sc.login_needed'), action: { label: t('sc.login'), href: `/login.html?next=${next}` } });
  }
  if (isApprovedSeller(u)) return null;
  if (u.seller_status === 'pending') {
    return emptyState({ icon: 'store', title: t('sc.pending_title'), message: t('sc.pending_message'), action: { label: t('sc.check_application'), href: '/account.html#seller' } });
  }
  if (u.seller_status === 'rejected') {
    return emptyState({ icon: 'store', title: t('sc.rejected_title'), message: t('sc.rejected_message'), action: { label: t('sc.check_application'), href: '/account.html#seller' } });
  }
  return emptyState({
    icon: 'store', title: t('sc.not_seller_title'), message: t('sc.not_seller_message'),
    actions: [{ label: t('sc.apply'), href: '/account.html#seller' }, { label: t('pd.go_home'), href: '/' }],
  });
}

/* ---------------------------------------------------------------- loading */

async function loadCategories() {
  try {
    const list = await api('GET', '/categories');
    categories = Array.isArray(list) ? list : [];
  } catch {
    categories = [];
  }
}

async function loadProduct() {
  try {
    const p = await api('GET', `/products/${productId}`);
    if (!p || !p.seller || Number(p.seller.user_id) !== Number(user.id)) return null; // only the owner edits
    return p;
  } catch (err) {
    if (err.status === 404 || err.code === 'not_found') return null;
    throw err;
  }
}

function adopt(p) {
  product = p;
  productId = p.id;
  images.adopt(p);
}

/* ----------------------------------------------------------------- render */

function setTitle() {
  const title = editing() ? t('pe.edit_title') : t('pe.new_title');
  document.title = t('page.suffix', { title: `${title} · ${t('sc.title')}` });
}

function header() {
  return h('div', { class: 'page-header pe__header' },
    h('div', null,
      h('p', { class: 'sc__eyebrow' }, icon('store', { size: 16 }), h('a', { href: '/seller/products.html' }, t('sc.title'))),
      h('h1', { class: 'page-title', id: 'pe-title' }, editing() ? t('pe.edit_title') : t('pe.new_title')),
      h('p', { class: 'page-subtitle' }, editing() ? t('pe.edit_subtitle') : t('pe.new_subtitle'))),
    h('div', { class: 'sc__header-actions' },
      h('a', { class: 'btn btn-ghost', href: '/seller/products.html' }, icon('chevron-left', { size: 18 }), h('span', null, t('pe.back'))),
      editing() && product.state !== 'deleted' && h('a', { class: 'btn btn-secondary', href: productUrl(product.id), id: 'pe-view-product' }, t('pe.view_product'))));
}

function notices() {
  if (!product) return null;
  if (product.state === 'blocked') {
    const reason = blockReason(product);
    const box = alertBox('', { type: 'error' });
    box.id = 'pe-blocked';
    qs('p', box).append(h('strong', null, t('pe.blocked_title')), h('br'), h('span', { class: 'pe-notice__text' }, t('pe.blocked_message')),
      reason && h('br'), reason && h('strong', { id: 'pe-block-reason' }, t('pe.block_reason', { reason })));
    return box;
  }
  if (product.state === 'deleted') {
    const btn = h('button', { type: 'button', class: 'btn btn-secondary btn-sm', id: 'pe-restore' }, t('pe.restore'));
    btn.addEventListener('click', () => withBusy(btn, async () => {
      try {
        const restored = await api('POST', `/products/${product.id}/restore`);
        toast.success(t('sc.restored_done', { name: product.name }));
        adopt(restored && restored.id ? restored : await loadProduct());
        renderPage();
      } catch (err) {
        showError(err);
      }
    }));
    const box = alertBox('', { type: 'warning' });
    box.id = 'pe-deleted';
    qs('p', box).append(h('strong', null, t('pe.deleted_title')), h('br'), h('span', { class: 'pe-notice__text' }, t('pe.deleted_message')));
    box.append(btn);
    box.classList.add('pe-notice-action');
    return box;
  }
  return null;
}

function field({ id, label, required, help, control, extra }) {
  return h('div', { class: 'field' },
    h('label', { class: 'field-label', for: id }, label, required && h('span', { class: 'required', 'aria-hidden': 'true' }, '*'), extra),
    control,
    help && h('p', { class: 'field-help', id: `${id}-help` }, help));
}

function basicSection(values) {
  const select = h('select', { class: 'select', id: 'product-category', name: 'category_id', required: true },
    h('option', { value: '' }, t('pe.category_placeholder')),
    categories.map((c) => h('option', { value: String(c.id), selected: String(c.id) === String(values.category_id) }, c.name)));
  if (values.category_id && !categories.some((c) => String(c.id) === String(values.category_id)) && product && product.category) {
    select.append(h('option', { value: String(product.category.id), selected: true }, product.category.name));
  }
  const name = h('input', {
    class: 'input', id: 'product-name', name: 'name', type: 'text', maxlength: MAX_NAME, required: true,
    autocomplete: 'off', placeholder: t('pe.name_placeholder'), value: values.name || '',
  });
  const counter = h('span', { class: 'pe-counter', id: 'product-name-count', 'aria-live': 'polite' });
  const updateCounter = () => {
    const n = Array.from(name.value).length;
    counter.textContent = t('pe.char_count', { n: formatNumber(n), max: MAX_NAME });
    counter.classList.toggle('is-full', n >= MAX_NAME);
  };
  name.addEventListener('input', updateCounter);
  updateCounter();
  const desc = h('textarea', {
    class: 'textarea pe-description', id: 'product-description', name: 'description', rows: 10,
    placeholder: t('pe.description_placeholder'), 'aria-describedby': 'product-description-help',
  });
  desc.value = values.description || '';
  return h('section', { class: 'card pe-card', 'aria-labelledby': 'pe-basic-title' },
    h('div', { class: 'card-header' }, h('h2', { class: 'card-title', id: 'pe-basic-title' }, t('pe.section_basic'))),
    h('div', { class: 'card-body form' },
      field({ id: 'product-category', label: t('pe.category'), required: true, control: select }),
      field({ id: 'product-name', label: t('pe.name'), required: true, control: name, extra: counter }),
      field({ id: 'product-description', label: t('pe.description'), help: t('pe.description_help'), control: desc })));
}

function saleSection(values) {
  const price = h('input', {
    class: 'input pe-num', id: 'product-price', name: 'price', type: 'number', min: 0, max: MAX_PRICE, step: 1,
    inputmode: 'numeric', required: true, value: values.price ?? '', placeholder: '0', 'aria-describedby': 'product-price-help',
  });
  const stock = h('input', {
    class: 'input pe-num', id: 'product-stock', name: 'stock', type: 'number', min: 0, step: 1,
    inputmode: 'numeric', required: true, value: values.stock ?? '', placeholder: '0', 'aria-describedby': 'product-stock-help',
  });
  const pricePreview = h('p', { class: 'pe-price-preview', 'aria-hidden': 'true' });
  const updatePreview = () => {
    const n = Number(price.value);
    pricePreview.textContent = price.value !== '' && Number.isFinite(n) ? t('common.won', { n: formatNumber(n) }) : '';
  };
  price.addEventListener('input', updatePreview);
  updatePreview();

  const states = ['on_sale', 'hidden'];
  if (editing()) states.push('discontinued');
  const current = values.state === 'sold_out' ? 'on_sale' : values.state || 'on_sale';
  const radios = h('div', { class: 'radio-cards pe-states', role: 'radiogroup', 'aria-labelledby': 'pe-state-label' },
    states.map((s) => h('label', { class: 'radio-card pe-state' },
      h('input', { type: 'radio', name: 'state', value: s, id: `state-${s}`, checked: s === current }),
      h('span', { class: 'pe-state__text' },
        h('span', { class: 'pe-state__title' }, stateLabel(s)),
        h('span', { class: 'pe-state__help' }, t(`pe.state_${s}_help`))))));

  return h('section', { class: 'card pe-card', 'aria-labelledby': 'pe-sale-title' },
    h('div', { class: 'card-header' }, h('h2', { class: 'card-title', id: 'pe-sale-title' }, t('pe.section_sale'))),
    h('div', { class: 'card-body form' },
      h('div', { class: 'field-row' },
        field({
          id: 'product-price', label: t('pe.price'), required: true, help: t('pe.price_help'),
          control: h('div', { class: 'input-affix' }, price, h('span', { class: 'input-affix__suffix' }, t('pe.unit_won'))),
        }),
        field({
          id: 'product-stock', label: t('pe.stock'), required: true, help: t('pe.stock_help'),
          control: h('div', { class: 'input-affix' }, stock, h('span', { class: 'input-affix__suffix' }, t('pe.unit_ea'))),
        })),
      pricePreview,
      h('div', { class: 'field' },
        h('span', { class: 'field-label', id: 'pe-state-label' }, t('pe.state')),
        radios,
        values.state === 'sold_out' && h('p', { class: 'field-help' }, t('pe.state_sold_out_note')))));
}

function currentValues() {
  const form = qs('#product-form');
  if (!form) {
    return product
      ? { category_id: product.category_id ?? (product.category && product.category.id), name: product.name, description: product.description, price: product.price, stock: product.stock, state: product.state }
      : { state: 'on_sale' };
  }
  const fd = new FormData(form);
  return {
    category_id: fd.get('category_id'), name: fd.get('name'), description: fd.get('description'),
    price: fd.get('price'), stock: fd.get('stock'), state: fd.get('state') || 'on_sale',
  };
}

function renderPage() {
  const values = currentValues();
  setTitle();
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-lg', id: 'product-submit' },
    editing() ? t('pe.submit_save') : t('pe.submit_create'));
  const form = h('form', { class: 'pe-form', id: 'product-form', method: 'post', novalidate: true },
    h('fieldset', { class: 'fieldset pe-fieldset', disabled: locked() || undefined },
      h('legend', { class: 'sr-only' }, editing() ? t('pe.edit_title') : t('pe.new_title')),
      h('div', { class: 'pe-grid' },
        h('div', { class: 'pe-col' }, basicSection(values), saleSection(values)),
        h('div', { class: 'pe-col pe-col-side' }, images.section()))),
    h('p', { class: 'pe-progress', id: 'pe-progress', role: 'status', 'aria-live': 'polite' }),
    !locked() && h('div', { class: 'pe-actions' },
      editing() && h('span', { class: 'pe-actions__state' }, badge(stateLabel(product.state), stateTone(product.state))),
      h('a', { class: 'btn btn-secondary btn-lg', href: '/seller/products.html', id: 'pe-cancel' }, t('pe.cancel')),
      submit));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    withBusy(submit, () => save(form));
  });
  form.addEventListener('input', (e) => {
    markDirty();
    clearOneError(e.target);
  });
  form.addEventListener('change', (e) => {
    markDirty();
    clearOneError(e.target);
  });
  replaceChildren(root, header(), notices(), form);
  images.render();
}

function markDirty() {
  dirty = true;
}

/** Removes the error shown under one control once the seller edits it. */
function clearOneError(control) {
  if (!control || control.getAttribute('aria-invalid') !== 'true') return;
  const ids = (control.getAttribute('aria-describedby') || '').split(' ').filter(Boolean);
  const keep = [];
  for (const id of ids) {
    const el = document.getElementById(id);
    if (el && el.classList.contains('field-error') && el.dataset.generated) el.remove();
    else if (el) keep.push(id);
  }
  control.removeAttribute('aria-invalid');
  if (keep.length) control.setAttribute('aria-describedby', keep.join(' '));
  else control.removeAttribute('aria-describedby');
}

/* ------------------------------------------------------------------- save */

function validate(values) {
  const errors = {};
  if (!values.category_id) errors.category_id = t('pe.err_category');
  const name = String(values.name || '').trim();
  if (!name) errors.name = t('pe.err_name');
  else if (Array.from(name).length > MAX_NAME) errors.name = t('pe.err_name_long');
  const price = String(values.price ?? '').trim();
  if (!/^\d+$/.test(price) || Number(price) > MAX_PRICE) errors.price = t('pe.err_price');
  const stock = String(values.stock ?? '').trim();
  if (!/^\d+$/.test(stock) || Number(stock) > MAX_STOCK) errors.stock = t('pe.err_stock');
  return errors;
}

function progress(text) {
  const el = qs('#pe-progress');
  if (el) el.textContent = text || '';
}

async function save(form) {
  clearFieldErrors(form);
  const values = currentValues();
  const errors = validate(values);
  if (Object.keys(errors).length) {
    showFieldErrors(form, errors);
    return;
  }
  const body = {
    category_id: Number(values.category_id),
    name: String(values.name).trim(),
    description: String(values.description || ''),
    price: Number(values.price),
    stock: Number(values.stock),
  };
  submitting = true;
  form.setAttribute('aria-busy', 'true');
  const wasEditing = editing();
  try {
    // 1. the product itself
    if (!wasEditing) {
      progress(t('pe.progress_create'));
      body.state = values.state === 'hidden' ? 'hidden' : 'on_sale';
      const created = await api('POST', '/products', { body });
      adopt(created);
      // From now on this page edits the new product: a retry must not create it twice.
      history.replaceState(null, '', `/seller/product-edit.html?id=${encodeURIComponent(created.id)}`);
    } else {
      const patch = {};
      for (const key of ['category_id', 'name', 'description', 'price', 'stock']) {
        const before = key === 'category_id' ? (product.category_id ?? (product.category && product.category.id)) : product[key];
        if (String(before ?? '') !== String(body[key])) patch[key] = body[key];
      }
      const effective = product.state === 'sold_out' ? 'on_sale' : product.state;
      if (values.state && values.state !== effective) patch.state = values.state;
      if (Object.keys(patch).length) {
        progress(t('pe.progress_create'));
        const updated = await api('PATCH', `/products/${product.id}`, { body: patch });
        if (updated && updated.id) product = { ...product, ...updated, images: product.images };
      }
    }
  } catch (err) {
    progress('');
    submitting = false;
    form.removeAttribute('aria-busy');
    if (err.fields) {
      const missing = showFieldErrors(form, err.fields);
      if (missing.length) showError(err);
    } else {
      showError(err);
    }
    if (err.code === 'product_blocked') reloadAfterConflict();
    return;
  }

  // 2. images (the product exists now)
  try {
    await images.upload();
  } catch (err) {
    progress('');
    submitting = false;
    form.removeAttribute('aria-busy');
    renderPage(); // now in edit mode, with what did get saved
    const box = alertBox(t('pe.upload_failed', { message: err.message }), { type: 'error' });
    box.id = 'pe-upload-error';
    qs('#product-form')?.prepend(box);
    box.scrollIntoView({ block: 'center' });
    return;
  }
  dirty = false;
  progress('');
  const flag = wasEditing ? 'saved' : 'created';
  location.href = `${productUrl(product.id)}&${flag}=1`;
}

async function reloadAfterConflict() {
  try {
    const p = await loadProduct();
    if (p) {
      adopt(p);
      renderPage();
    }
  } catch {
    /* keep the page as it is */
  }
}

/* ------------------------------------------------------------------- boot */

function notFound() {
  document.title = t('page.suffix', { title: t('pe.not_found_title') });
  replaceChildren(root, h('div', { class: 'sc-gate' }, emptyState({
    icon: 'search', title: t('pe.not_found_title'), message: t('pe.not_found_message'),
    actions: [{ label: t('pe.back'), href: '/seller/products.html' }, { label: t('sc.add_product'), href: '/seller/product-edit.html' }],
  })));
}

async function boot() {
  user = await mountLayout({ active: 'seller' });
  root.removeAttribute('aria-busy');
  const blocked = gate(user);
  if (blocked) {
    replaceChildren(root, h('div', { class: 'sc-gate' }, blocked));
    return;
  }
  try {
    const [, p] = await Promise.all([loadCategories(), productId ? loadProduct() : Promise.resolve(null)]);
    if (productId && !p) {
      notFound();
      return;
    }
    if (p) adopt(p);
  } catch (err) {
    replaceChildren(root, h('div', { class: 'sc-gate' }, emptyState({
      icon: 'alert-circle', tone: 'error', title: t('pd.error_title'), message: err.message || t('error.unknown'),
      action: { label: t('common.retry'), onClick: () => boot() },
    })));
    return;
  }
  renderPage();
  dirty = false;
}

window.addEventListener('beforeunload', (e) => {
  if (dirty && !submitting) {
    e.preventDefault();
    e.returnValue = t('pe.unsaved');
  }
});

langEvents.addEventListener('change', () => {
  if (!user || gate(user)) return;
  if (qs('#product-form')) renderPage();
});

boot();
