// What the staff pages (the seller's questions, the operators' notices, support inbox and review
// list) read from their URL and send to the API, and how they count text. DOM-free.

/** Filters of /seller/inquiries.html; the first is the default. */
export const INQUIRY_FILTERS = ['unanswered', 'answered', 'all'];
/** Filters of /admin/support.html; the first is the default. */
export const TICKET_FILTERS = ['open', 'answered', 'all'];
/** Filters of /admin/reviews.html; the first is the default. */
export const REVIEW_FILTERS = ['all', 'hidden', 'visible'];

/** `raw` when it is one of `allowed`, else the first of them (the default). */
export function pickFilter(raw, allowed) {
  return allowed.includes(raw) ? raw : allowed[0];
}

/** A page number from the URL: a positive integer, else 1. */
export function pickPage(raw) {
  const s = String(raw ?? '');
  return /^\d{1,6}$/.test(s) && Number(s) >= 1 ? Number(s) : 1;
}

/** An id from the URL: a positive integer, else null. */
export function pickId(raw) {
  const s = String(raw ?? '');
  return /^\d{1,15}$/.test(s) && Number(s) >= 1 ? Number(s) : null;
}

/** The filter part of GET /seller/inquiries. */
export function inquiryQuery(filter) {
  if (filter === 'all') return {};
  return { answered: filter === 'answered' ? 'true' : 'false' };
}

/** The filter part of GET /admin/support. */
export function ticketQuery(filter) {
  return filter === 'all' ? {} : { status: filter === 'answered' ? 'answered' : 'open' };
}

/** The filter part of GET /admin/reviews. */
export function reviewQuery(filter) {
  if (filter === 'hidden') return { hidden: 'true' };
  if (filter === 'visible') return { hidden: 'false' };
  return {};
}

/**
 * Whether an item answered (or hidden) a moment ago still belongs to the list shown with
 * `filter`: the waiting lists (`unanswered`, `open`, `visible`) lose it, the others keep it.
 */
export function staysListed(filter, done) {
  if (filter === 'unanswered' || filter === 'open' || filter === 'visible') return !done;
  if (filter === 'answered' || filter === 'hidden') return done;
  return true;
}

/** Characters as the server counts them: Unicode scalar values of the trimmed text. */
export function charCount(text) {
  return [...String(text ?? '').trim()].length;
}

/** Whether `text`, trimmed, has `min`…`max` characters. */
export function fits(text, min, max) {
  const n = charCount(text);
  return n >= min && n <= max;
}
