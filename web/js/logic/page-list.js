// The pagination model: which page numbers a pager shows, with gaps. DOM-free.

/** Page numbers to show: [1, '…', 4, 5, 6, '…', 20]. */
export function pageList(page, last, radius = 2) {
  const set = new Set([1, last]);
  for (let p = page - radius; p <= page + radius; p += 1) if (p >= 1 && p <= last) set.add(p);
  const sorted = [...set].sort((a, b) => a - b);
  const out = [];
  let prev = 0;
  for (const p of sorted) {
    if (p - prev === 2) out.push(prev + 1);
    else if (p - prev > 2) out.push('…');
    out.push(p);
    prev = p;
  }
  return out;
}
