/** Shared by the secrets benches: a planted secret counts as found when a finding is on its line. */

/** Per kind of planted secret: how many there are, and how many each tool found. */
export function recallByKind(planted, ours, theirs) {
  const a = new Set(ours.map((f) => `${f.file}:${f.line}`));
  const b = new Set(theirs.map((f) => `${f.file}:${f.line}`));
  const out = {};
  for (const p of planted) {
    const k = (out[p.kind] ??= { n: 0, ours: 0, theirs: 0 });
    k.n++;
    if (a.has(`${p.file}:${p.line}`)) k.ours++;
    if (b.has(`${p.file}:${p.line}`)) k.theirs++;
  }
  return out;
}
