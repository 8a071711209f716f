// Password inputs: the show/hide button and the live checklist of the password rules.
import { h, clear } from '../dom.js';
import { t, langEvents } from '../i18n.js';
import { passwordChecks } from '../logic/validate.js';
import '../i18n/auth.js';

/** Show/hide buttons next to password inputs (.password-toggle with aria-controls). */
export function wirePasswordToggles(root = document) {
  const toggles = [...root.querySelectorAll('.password-toggle')];
  const label = (btn) => {
    const shown = btn.getAttribute('aria-pressed') === 'true';
    btn.textContent = t(shown ? 'auth.hide_password' : 'auth.show_password');
    btn.setAttribute('aria-label', t(shown ? 'auth.hide_password_label' : 'auth.show_password_label'));
  };
  for (const btn of toggles) {
    if (btn.dataset.wired) continue;
    btn.dataset.wired = '1';
    const input = document.getElementById(btn.getAttribute('aria-controls'));
    btn.addEventListener('click', () => {
      const show = input.type === 'password';
      input.type = show ? 'text' : 'password';
      btn.setAttribute('aria-pressed', String(show));
      label(btn);
      input.focus();
    });
    label(btn);
  }
  langEvents.addEventListener('change', () => toggles.forEach(label));
}

/** Live checklist of the password rules under a password input. */
export function wirePasswordRules(input, list) {
  const keys = ['length', 'letter', 'digit', 'special'];
  function render() {
    const c = passwordChecks(input.value);
    const touched = input.value.length > 0;
    clear(list);
    for (const k of keys) {
      list.appendChild(h('li', { class: ['password-rules__item', touched && (c[k] ? 'is-ok' : 'is-bad')] },
        h('span', { class: 'password-rules__mark', 'aria-hidden': 'true' }, touched && c[k] ? '✓' : '•'),
        h('span', null, t(`pw.${k}`)),
        h('span', { class: 'sr-only' }, touched ? t(c[k] ? 'pw.ok' : 'pw.missing') : '')));
    }
  }
  input.addEventListener('input', render);
  langEvents.addEventListener('change', render);
  render();
}
