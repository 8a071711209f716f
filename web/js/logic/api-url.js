// Same-origin URLs of the API (/api/v1/…). DOM-free.

export const API_BASE = '/api/v1';

/** Builds a same-origin API URL: apiUrl('/products', { page: 2 }) → '/api/v1/products?page=2'. */
export function apiUrl(path, query) {
  let url = path.startsWith(API_BASE + '/') ? path : API_BASE + (path.startsWith('/') ? path : '/' + path);
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined || v === null || v === '') continue;
      if (Array.isArray(v)) v.forEach((item) => params.append(k, String(item)));
      else params.append(k, String(v));
    }
    const qsString = params.toString();
    if (qsString) url += (url.includes('?') ? '&' : '?') + qsString;
  }
  return url;
}
