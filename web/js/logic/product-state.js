// A product's sale state: its label, its badge tone, and the operator's reason for a block.
import { t } from '../i18n.js';
import '../i18n/catalog.js';

export const PRODUCT_STATES = ['on_sale', 'sold_out', 'hidden', 'discontinued', 'blocked', 'deleted'];

const STATE_TONES = {
  on_sale: 'success',
  sold_out: 'warning',
  hidden: 'muted',
  discontinued: 'info',
  blocked: 'danger',
  deleted: 'muted',
};

/** Human label of a product state ('on_sale' → '판매중'). */
export function stateLabel(state) {
  return PRODUCT_STATES.includes(state) ? t(`state.${state}`) : String(state || '');
}

/** Badge tone for a product state. */
export function stateTone(state) {
  return STATE_TONES[state] || 'muted';
}

/** The admin's reason for a block, whatever the server calls the field. */
export function blockReason(product) {
  if (!product) return '';
  const r = product.blocked_reason ?? product.block_reason ?? product.blocked?.reason ?? '';
  return typeof r === 'string' ? r.trim() : '';
}
