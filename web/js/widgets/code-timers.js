// Verification-code helpers: the resend button's cooldown and the code's remaining-time label.
import { t, langEvents } from '../i18n.js';
import '../i18n/auth.js';

/**
 * A resend button's cooldown: start(seconds) disables it and counts down in its label
 * ('verify.resend_wait' with {seconds}); at zero it shows `labelKey` again.
 */
export function cooldown(button, labelKey, waitKey) {
  let timer = null;
  let until = 0;
  const span = button.querySelector('span') || button;
  function tick() {
    const left = Math.ceil((until - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(timer);
      timer = null;
      button.disabled = false;
      span.textContent = t(labelKey);
      return;
    }
    button.disabled = true;
    span.textContent = t(waitKey, { seconds: left });
  }
  langEvents.addEventListener('change', tick);
  return {
    start(seconds) {
      until = Date.now() + Math.max(1, Number(seconds) || 60) * 1000;
      clearInterval(timer);
      timer = setInterval(tick, 1000);
      tick();
    },
    active: () => Boolean(timer),
  };
}

/** "남은 시간 4:59" under a code input (codes live 5 minutes). */
export function codeTimer(el, minutes = 5) {
  let timer = null;
  let until = 0;
  function tick() {
    if (!until) {
      el.textContent = '';
      el.classList.remove('is-expired');
      return;
    }
    const left = Math.round((until - Date.now()) / 1000);
    if (left <= 0) {
      clearInterval(timer);
      timer = null;
      el.textContent = t('verify.expired');
      el.classList.add('is-expired');
      return;
    }
    const mm = Math.floor(left / 60);
    const ss = String(left % 60).padStart(2, '0');
    el.textContent = t('verify.time_left', { time: `${mm}:${ss}` });
    el.classList.remove('is-expired');
  }
  langEvents.addEventListener('change', tick);
  return {
    start() {
      until = Date.now() + minutes * 60 * 1000;
      clearInterval(timer);
      timer = setInterval(tick, 1000);
      tick();
    },
    stop() {
      clearInterval(timer);
      timer = null;
      until = 0;
      tick();
    },
  };
}
