// Short numbers for narrow cells (the points calendar on a phone): 29,900 → '2.9만' in Korean,
// '29.9K' in English; below 10,000 the full number. Truncated, never rounded up. DOM-free.

/** `n` (≥ 0) shortened for `localeTag` ('ko-KR', 'en-US'). */
export function compactNumber(n, localeTag = 'ko-KR') {
  const value = Math.abs(Number(n) || 0);
  if (value < 10_000) return new Intl.NumberFormat(localeTag).format(value);
  return new Intl.NumberFormat(localeTag, { notation: 'compact', maximumFractionDigits: 1, roundingMode: 'trunc' }).format(value);
}
