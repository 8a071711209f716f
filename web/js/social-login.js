// Social login (Kakao, Naver, Google): provider names, the start URL and the enabled providers.
import { t, hasKey } from './i18n.js';
import { api } from './api.js';
import { apiUrl } from './logic/api-url.js';

/** A provider's display name ('kakao' → '카카오'), or the name as given when unknown. */
export function providerLabel(provider) {
  const key = `provider.${String(provider || '').toLowerCase()}`;
  return hasKey(key) ? t(key) : String(provider || '');
}

/** Where the social-login button of `provider` goes; the server comes back to `next` afterwards. */
export function socialStartUrl(provider, next = '/') {
  return apiUrl(`/auth/oauth/${encodeURIComponent(provider)}/start`, { next });
}

/** Names of the social-login providers the server has enabled ([] when none or on failure). */
export function loadProviders() {
  return api('GET', '/auth/providers', { auth: false })
    .then((list) => (Array.isArray(list) ? list.filter((p) => p && p.enabled).map((p) => String(p.provider)) : []))
    .catch(() => []);
}
