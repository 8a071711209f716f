// Direct calls to the Praline API from Node (test setup and checks that need no browser).

export const DEMO_PASSWORD = 'Praline!2026';
export const DEMO = {
  admin: 'admin@praline.local',
  seller: 'seller1@praline.local',
  seller2: 'seller2@praline.local',
  buyer: 'buyer1@praline.local',
  buyer2: 'buyer2@praline.local',
  buyer3: 'buyer3@praline.local',
};

export class HttpError extends Error {
  constructor(method, path, status, body) {
    super(`${method} ${path} → ${status} ${typeof body === 'string' ? body : JSON.stringify(body)}`);
    this.status = status;
    this.body = body;
  }
}

export function makeApi(base) {
  async function call(method, path, { body, token, form, query, expect, headers: extra } = {}) {
    let url = `${base}/api/v1${path}`;
    if (query) {
      const p = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
      if ([...p].length) url += `?${p}`;
    }
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (extra) Object.assign(headers, extra);
    let payload;
    if (form) {
      payload = new FormData();
      for (const [k, v] of Object.entries(form)) payload.append(k, v.blob || v, v.filename);
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(url, { method, headers, body: payload });
    const text = await res.text();
    let data = text;
    try {
      data = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    const ok = expect ? (Array.isArray(expect) ? expect.includes(res.status) : res.status === expect) : res.ok;
    if (!ok) throw new HttpError(method, path, res.status, data);
    return data;
  }

  const api = {
    call,
    get: (path, opts) => call('GET', path, opts),
    post: (path, body, opts = {}) => call('POST', path, { ...opts, body }),
    patch: (path, body, opts = {}) => call('PATCH', path, { ...opts, body }),

    async login(email, password = DEMO_PASSWORD) {
      return call('POST', '/auth/login', { body: { email, password } });
    },
    async token(email, password = DEMO_PASSWORD) {
      return (await api.login(email, password)).access_token;
    },

    /** The dev outbox, newest first. */
    async outbox() {
      const data = await call('GET', '/dev/outbox');
      return Array.isArray(data) ? data : data.items || [];
    },

    /**
     * Waits for the newest e-mail to `to` (optionally one not in `seenIds`) and returns it.
     */
    async waitForMail(to, { timeout = 10_000, since = new Set() } = {}) {
      const deadline = Date.now() + timeout;
      for (;;) {
        const items = await api.outbox();
        const hit = items.find((m) => m.kind === 'email' && String(m.to).toLowerCase().includes(to.toLowerCase()) && !since.has(m.id));
        if (hit) return hit;
        if (Date.now() > deadline) throw new Error(`no e-mail to ${to} in the outbox after ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },

    /** Signs up and verifies a buyer through the API (setup helper). */
    async createVerifiedUser({ email, nickname, password = DEMO_PASSWORD }) {
      await call('POST', '/auth/signup', { body: { email, password, nickname } });
      const mail = await api.waitForMail(email);
      await call('POST', '/auth/email/verify', { body: { email, code: extractCode(mail.body) } });
      return api.login(email, password);
    },
  };
  return api;
}

/** The e-mailed code: 10 upper-case letters/digits on a line of their own. */
export function extractCode(body) {
  const m = /^\s*([A-Z0-9]{10})\s*$/m.exec(String(body || '')) || /\b([A-Z0-9]{10})\b/.exec(String(body || ''));
  if (!m) throw new Error(`no 10-character code in e-mail body: ${JSON.stringify(body)}`);
  return m[1];
}

/** A unique suffix for e-mails, nicknames and product names of one run. */
export function uniq() {
  return `${Date.now().toString(36).slice(-5)}${Math.floor(Math.random() * 1296).toString(36).padStart(2, '0')}`;
}
