// How sure a ratio of two medians is, on a VM whose speed drifts between
// runs: P4 runs the two pages in pairs (one cold start of each, the order
// alternating), so each pair gives a ratio that the drift touches less than
// the ratio of medians. The interval is a percentile bootstrap of the
// median of those ratios, with a fixed seed so a report reads the same
// when rendered again.

/// The median of `xs` (the mean of the two middle ones for an even count).
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Mulberry32: a small seeded generator, enough to resample with.
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// The median of `a[i] / b[i]` over the pairs, and its `level` interval
/// (0.9: the 5th and 95th percentiles of 2000 resampled medians); null
/// without pairs.
export function pairedRatio(a, b, level = 0.9, resamples = 2000) {
  const n = Math.min(a.length, b.length);
  const ratios = [];
  for (let i = 0; i < n; i++) if (b[i] > 0) ratios.push(a[i] / b[i]);
  if (!ratios.length) return null;
  const next = generator(0x5d25);
  const medians = [];
  for (let r = 0; r < resamples; r++) {
    const sample = ratios.map(() => ratios[Math.floor(next() * ratios.length)]);
    medians.push(median(sample));
  }
  medians.sort((x, y) => x - y);
  const at = (q) => medians[Math.min(medians.length - 1, Math.max(0, Math.floor(q * medians.length)))];
  return { median: median(ratios), low: at((1 - level) / 2), high: at(1 - (1 - level) / 2), pairs: ratios.length };
}
