// The payout-bank <select> of the seller forms.
import { h, clear } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import '../i18n/account.js';

export const BANKS = [
  'KB국민은행', '신한은행', '우리은행', '하나은행', 'NH농협은행', 'IBK기업은행', 'SC제일은행', '한국씨티은행',
  '카카오뱅크', '토스뱅크', '케이뱅크', 'KDB산업은행', 'Sh수협은행', 'iM뱅크(대구은행)', '부산은행', '경남은행',
  '광주은행', '전북은행', '제주은행', '새마을금고', '신협', '우체국',
];

/** Fills a <select> with the banks (keeping `current` selectable even if it is not in the list). */
export function fillBankSelect(select, current = '') {
  clear(select);
  select.appendChild(h('option', { value: '' }, t('seller.bank_choose')));
  const list = current && !BANKS.includes(current) ? [current, ...BANKS] : BANKS;
  for (const name of list) select.appendChild(h('option', { value: name, selected: name === current }, name));
  if (!select.dataset.wiredLang) {
    select.dataset.wiredLang = '1';
    langEvents.addEventListener('change', () => {
      if (select.options[0]) select.options[0].textContent = t('seller.bank_choose');
    });
  }
}
