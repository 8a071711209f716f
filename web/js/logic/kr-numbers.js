// Korean number formats for display: phone numbers and business registration numbers. DOM-free.

/** The digits of a number typed with spaces or hyphens: '010-1234 5678' → '01012345678'. */
export function onlyDigits(value) {
  return String(value || '').replace(/[\s-]/g, '');
}

/** 01012345678 → 010-1234-5678. */
export function formatPhone(value) {
  const d = onlyDigits(value);
  if (/^\d{11}$/.test(d)) return `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;
  if (/^\d{10}$/.test(d)) return d.startsWith('02') ? `${d.slice(0, 2)}-${d.slice(2, 6)}-${d.slice(6)}` : `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`;
  if (/^\d{9}$/.test(d) && d.startsWith('02')) return `${d.slice(0, 2)}-${d.slice(2, 5)}-${d.slice(5)}`;
  return String(value || '');
}

/** 1234567890 → 123-45-67890. */
export function formatBusinessNumber(value) {
  const d = onlyDigits(value);
  return /^\d{10}$/.test(d) ? `${d.slice(0, 3)}-${d.slice(3, 5)}-${d.slice(5)}` : String(value || '');
}
