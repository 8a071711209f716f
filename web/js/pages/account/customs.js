// My page, #customs: the personal customs clearance code (P + 12 digits) for overseas deliveries.
import { qs } from '../../dom.js';
import { t } from '../../i18n.js';
import { api } from '../../api.js';
import { toast, showError, withBusy, clearFieldErrors, showFieldErrors } from '../../ui.js';
import { showApiFieldErrors } from '../../form-errors.js';

/** The customs-code section `el`; `shared.me.customs_code` is the saved (masked) code. */
export function customsSection(el, shared) {
  const form = qs('#customs-form', el);

  function render() {
    const current = qs('#customs-current', el);
    const code = shared.me.customs_code;
    current.textContent = code || t('customs.none');
    current.classList.toggle('text-muted', !code);
    qs('#customs-code-label', el).textContent = t(code ? 'customs.replace' : 'customs.new');
  }

  form.customs_code.addEventListener('input', (e) => {
    const v = e.target.value.toUpperCase().replace(/[^P0-9]/g, '').slice(0, 13);
    if (v !== e.target.value) e.target.value = v;
  });

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearFieldErrors(form);
    const code = form.customs_code.value.trim().toUpperCase();
    if (!code) return showFieldErrors(form, { customs_code: t('v.customs_required') });
    if (!/^P\d{12}$/.test(code)) return showFieldErrors(form, { customs_code: t('v.customs') });
    return withBusy(qs('#customs-submit', el), async () => {
      try {
        const data = await api('PUT', '/me/customs-code', { body: { customs_code: code } });
        shared.me.customs_code = data?.customs_code ?? shared.me.customs_code;
        form.reset();
        render();
        toast.success(t('customs.done'));
      } catch (err) {
        if (!showApiFieldErrors(form, err)) showError(err);
      }
    });
  });

  return { render };
}
