// Whether the development outbox (mails and texts the server would have sent) is there to link to.
import { apiUrl } from './logic/api-url.js';

let outboxPromise = null;

/** True when the development outbox answers (development mode only). */
export function devOutboxAvailable() {
  if (!outboxPromise) {
    outboxPromise = fetch(apiUrl('/dev/outbox'), { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      .then((res) => {
        // Only the status matters: cancel the body (the outbox can be long) so the request
        // ends now instead of staying open and keeping the page from going network-idle.
        try {
          if (res.body) res.body.cancel().catch(() => {});
        } catch {
          /* already read or locked */
        }
        return res.ok;
      })
      .catch(() => false);
  }
  return outboxPromise;
}
