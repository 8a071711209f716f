// Months of the business calendar ('YYYY-MM', Asia/Seoul), DOM-free so node --test covers the
// December/January turns: the wallet calendar pages through months with these.

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** 'YYYY-MM' → { year, month } (month 1–12), or null for anything else ('2026-13', '2026-1'). */
export function parseMonth(text) {
  const m = MONTH.exec(String(text ?? ''));
  return m ? { year: Number(m[1]), month: Number(m[2]) } : null;
}

/** { year, month } → 'YYYY-MM'. */
export function formatMonth({ year, month }) {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** The month `delta` months after `text` ('2026-12', 1 → '2027-01'); null for a bad month. */
export function shiftMonth(text, delta) {
  const m = parseMonth(text);
  if (!m) return null;
  const index = m.year * 12 + (m.month - 1) + delta;
  return formatMonth({ year: Math.floor(index / 12), month: (index % 12) + 1 });
}

/** The business month of `date` in `timeZone` ('YYYY-MM'). */
export function monthIn(date = new Date(), timeZone = 'Asia/Seoul') {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}`;
}

/** The business date of `date` in `timeZone` ('YYYY-MM-DD'). */
export function dateIn(date = new Date(), timeZone = 'Asia/Seoul') {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** Empty cells before the 1st in a Sunday-first week grid (0 = the month starts on a Sunday). */
export function leadingBlanks(text) {
  const m = parseMonth(text);
  return m ? new Date(Date.UTC(m.year, m.month - 1, 1)).getUTCDay() : 0;
}

/** True for a 'YYYY-MM-DD' that lies in month 'YYYY-MM'. */
export function dateInMonth(date, month) {
  return typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && date.slice(0, 7) === month && parseMonth(month) !== null;
}
