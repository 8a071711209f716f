// Product editor: the images card, with the thumbnail (one image) and up to ten detail images.
// New images are only kept in the page until save() uploads them (upload()).
import { h, qs, replaceChildren } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { icon } from '../../icons.js';
import { toast } from '../../ui.js';
import { productImage } from '../../components/product-card.js';
import { imageChoice, validateImageFile } from '../../widgets/image-choice.js';
import '../../i18n/seller-center.js';

const MAX_IMAGES = 10;
const ACCEPT = 'image/jpeg,image/png,image/webp,image/gif';

/**
 * The images of the product being edited. `product()` is the saved product (null while creating),
 * `locked()` true when it cannot be changed, `editing()` true once it exists; `markDirty()` is
 * called on every change and `progress(text)` reports the uploads.
 */
export function productImages({ product, locked, editing, markDirty, progress }) {
  let existing = []; // saved detail images: { id, url, position, removed }
  let pending = []; // new detail images: { key, file, url }
  let pendingKey = 0;
  let thumbFile = null; // the chosen thumbnail, kept across re-renders
  let thumbChoice = null;

  function thumbnailBlock() {
    const original = product()?.thumbnail_url || null;
    const input = h('input', { class: 'pe-file', type: 'file', id: 'product-thumbnail', name: 'thumbnail', accept: ACCEPT });
    const img = h('img', { class: 'pe-thumb__img', alt: t('common.image_preview'), width: 320, height: 320 });
    if (original) img.src = original;
    else img.classList.add('is-empty');
    const chooseLabel = h('label', { class: 'btn btn-secondary btn-sm', for: 'product-thumbnail', id: 'pe-thumb-choose' },
      original ? t('pe.thumbnail_change') : t('pe.thumbnail_choose'));
    const undo = h('button', { type: 'button', class: 'btn btn-ghost btn-sm', id: 'pe-thumb-undo', hidden: true }, t('pe.thumbnail_undo'));
    function render() {
      thumbFile = thumbChoice.file;
      if (thumbChoice.url) img.src = thumbChoice.url;
      else if (original) img.setAttribute('src', original);
      else img.removeAttribute('src');
      img.classList.toggle('is-empty', !thumbChoice.url && !original);
      undo.hidden = !thumbChoice.file;
      chooseLabel.textContent = thumbChoice.file || original ? t('pe.thumbnail_change') : t('pe.thumbnail_choose');
      markDirty();
    }
    thumbChoice?.destroy();
    thumbChoice = imageChoice(input, { clearButton: undo, render });
    if (thumbFile) {
      // Re-rendered (language switch) after a choice: keep showing it.
      const dt = new DataTransfer();
      dt.items.add(thumbFile);
      input.files = dt.files;
      input.dispatchEvent(new Event('change'));
    }
    // The preview sits beside its instructions (stacked on phones), so the card is filled.
    return h('div', { class: 'field pe-thumb-field' },
      h('span', { class: 'field-label' }, t('pe.thumbnail')),
      h('div', { class: 'pe-thumb-layout' },
        h('div', { class: 'pe-thumb' },
          h('label', { class: 'pe-thumb__empty', for: 'product-thumbnail' }, icon('chocolate', { size: 36, strokeWidth: 1.5 }), h('span', null, t('pe.thumbnail_empty'))),
          img),
        h('div', { class: 'pe-thumb__side' },
          h('p', { class: 'field-help pe-thumb__help' }, t('pe.thumbnail_help')),
          h('ul', { class: 'pe-thumb__tips' },
            h('li', null, t('pe.thumbnail_tip_square')),
            h('li', null, t('pe.thumbnail_tip_center'))),
          input,
          h('div', { class: 'pe-thumb__actions' }, chooseLabel, undo))));
  }

  function imageCount() {
    return existing.filter((i) => !i.removed).length + pending.length;
  }

  function imagesBlock() {
    return h('div', { class: 'field pe-images-field' },
      h('div', { class: 'pe-images__head' },
        h('span', { class: 'field-label', id: 'pe-images-label' }, t('pe.images')),
        h('span', { class: 'pe-images__count', id: 'pe-images-count' })),
      h('ul', { class: 'pe-images', id: 'pe-images', 'aria-labelledby': 'pe-images-label' }),
      h('input', { class: 'pe-file', type: 'file', id: 'product-images', name: 'images', multiple: true, accept: ACCEPT, onChange: onImagesChosen }),
      h('p', { class: 'field-help' }, t('pe.images_help')),
      h('p', { class: 'field-help pe-images__note', id: 'pe-images-note', hidden: true }, t('pe.images_pending_note')));
  }

  function renderImages() {
    const list = qs('#pe-images');
    if (!list) return;
    const tiles = [];
    let n = 0;
    const ro = locked();
    for (const img of existing) {
      if (img.removed) continue;
      n += 1;
      const pos = n;
      tiles.push(h('li', { class: 'pe-image', dataset: { imageId: img.id } },
        productImage(img.url, t('pe.image_position', { n: pos }), { className: 'pe-image__img' }),
        h('span', { class: 'pe-image__pos' }, String(pos)),
        !ro && h('button', {
          type: 'button', class: 'pe-image__remove', 'aria-label': t('pe.image_remove', { n: pos }),
          onClick: () => { img.removed = true; markDirty(); renderImages(); },
        }, icon('close', { size: 16 }))));
    }
    for (const item of pending) {
      n += 1;
      const pos = n;
      tiles.push(h('li', { class: 'pe-image is-new', dataset: { pending: item.key } },
        h('img', { class: 'pe-image__img', src: item.url, alt: t('pe.image_position', { n: pos }) }),
        h('span', { class: 'pe-image__pos' }, String(pos)),
        h('span', { class: 'pe-image__new' }, t('pe.image_new')),
        h('button', {
          type: 'button', class: 'pe-image__remove', 'aria-label': t('pe.image_remove', { n: pos }),
          onClick: () => {
            URL.revokeObjectURL(item.url);
            pending = pending.filter((x) => x !== item);
            renderImages();
          },
        }, icon('close', { size: 16 }))));
    }
    const full = n >= MAX_IMAGES;
    if (!ro) {
      tiles.push(h('li', { class: 'pe-image pe-image-add' },
        h('label', { class: ['pe-image__add', full && 'is-disabled'], for: full ? undefined : 'product-images', id: 'pe-images-add', 'aria-disabled': full ? 'true' : undefined },
          full ? icon('check-circle', { size: 24, strokeWidth: 1.6 }) : h('span', { class: 'pe-image__plus', 'aria-hidden': 'true' }, '+'),
          h('span', null, full ? t('pe.images_full') : t('pe.images_add')))));
    }
    replaceChildren(list, tiles);
    const input = qs('#product-images');
    if (input) input.disabled = full || ro;
    const count = qs('#pe-images-count');
    if (count) count.textContent = t('pe.images_count', { n });
    const note = qs('#pe-images-note');
    if (note) note.hidden = !(editing() && (pending.length || existing.some((i) => i.removed)));
  }

  function onImagesChosen(e) {
    const input = e.currentTarget;
    const files = Array.from(input.files || []);
    input.value = '';
    let room = MAX_IMAGES - imageCount();
    let skipped = 0;
    for (const file of files) {
      const problem = validateImageFile(file);
      if (problem) {
        toast.error(`${file.name}: ${problem}`);
        continue;
      }
      if (room <= 0) {
        skipped += 1;
        continue;
      }
      pendingKey += 1;
      pending.push({ key: pendingKey, file, url: URL.createObjectURL(file) });
      room -= 1;
    }
    if (skipped) toast.info(t('pe.images_skipped', { n: skipped }));
    markDirty();
    renderImages();
  }

  function section() {
    return h('section', { class: 'card pe-card', 'aria-labelledby': 'pe-images-title' },
      h('div', { class: 'card-header' }, h('h2', { class: 'card-title', id: 'pe-images-title' }, t('pe.section_images'))),
      h('div', { class: 'card-body form' }, thumbnailBlock(), imagesBlock()));
  }

  /** Uploads the new thumbnail, deletes the removed images, uploads the new ones (in order). */
  async function upload() {
    const p = product();
    if (thumbFile) {
      progress(t('pe.progress_thumbnail'));
      const updated = await api('PUT', `/products/${p.id}/thumbnail`, { form: { image: thumbFile } });
      if (updated && updated.thumbnail_url) p.thumbnail_url = updated.thumbnail_url;
      thumbFile = null;
    }
    const removed = existing.filter((i) => i.removed);
    if (removed.length) {
      progress(t('pe.progress_delete'));
      for (const img of removed) {
        try {
          await api('DELETE', `/products/${p.id}/images/${img.id}`);
        } catch (err) {
          if (err.status !== 404) throw err;
        }
        existing = existing.filter((i) => i !== img);
      }
    }
    const total = pending.length;
    let done = 0;
    while (pending.length) {
      const item = pending[0];
      progress(t('pe.progress_images', { n: done + 1, total }));
      const saved = await api('POST', `/products/${p.id}/images`, { form: { image: item.file } });
      URL.revokeObjectURL(item.url);
      pending.shift();
      existing.push({ id: saved.id, url: saved.url, position: saved.position, removed: false });
      done += 1;
    }
    p.images = existing.map(({ id, url, position }) => ({ id, url, position }));
  }

  /** Takes the saved images of `p` (after a load or a save). */
  function adopt(p) {
    existing = (Array.isArray(p.images) ? [...p.images] : [])
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((img) => ({ id: img.id, url: img.url, position: img.position, removed: false }));
  }

  return { section, render: renderImages, upload, adopt };
}
