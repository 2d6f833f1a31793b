// "Did you mean": the one rule every suggestion follows (the library's options, operations and
// groups; the CLI's commands and flags, through the exported `suggest`). Names compare
// without case, `-` and `_` ("shop_cipher", "shopCipher" and "SHOPCIPHER" are one name), by
// the optimal-string-alignment distance (an insertion, a deletion, a substitution or two
// swapped neighbours each cost 1), and a name is suggested when it is within a third of its
// length (at least 1) of the one given.

import { invalidError } from "./errors.js";
import { isArray, read } from "./checks.js";

const fold = (name) => name.toLowerCase().replace(/[-_]/g, "");

/** Edits between `a` and `b`, or `limit + 1` as soon as it is certain to exceed `limit`. */
function distance(a, b, limit) {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before = null;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (before && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    if (best > limit) return limit + 1;
    before = prev;
    prev = row;
  }
  return prev[b.length];
}

/** Up to `max` candidates close to `name` under the rule above, closest first (ties: as listed). */
export function closestNames(name, candidates, max = 1) {
  if (typeof name !== "string" || name.length > 256) return [];
  const wanted = fold(name);
  const scored = [];
  for (const candidate of new Set(candidates)) {
    const folded = fold(candidate);
    const limit = Math.max(1, Math.floor(Math.max(wanted.length, folded.length) / 3));
    const d = distance(wanted, folded, limit);
    if (d <= limit) scored.push([d, scored.length, candidate]);
  }
  return scored.sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, max).map(([, , c]) => c);
}

export function closest(name, candidates) {
  return closestNames(name, candidates)[0];
}

/** ` (did you mean \`x\`?)`, or "" when nothing is close. */
export function didYouMean(name, candidates, quote = "`") {
  const hint = closest(name, candidates);
  return hint === undefined ? "" : ` (did you mean ${quote}${hint}${quote}?)`;
}

/**
 * Public: the names in `candidates` that `name` is probably a typo of (at most 3, closest
 * first; [] when none), by the rule of lib/suggest.js. For tools built on the client (the
 * CLI, a form).
 */
export function suggest(name, candidates) {
  if (typeof name !== "string") throw invalidError("name", "`name` must be a string");
  if (!isArray(candidates)) throw invalidError("candidates", "`candidates` must be an array of strings");
  const length = read(candidates, "length", "candidates", invalidError);
  if (!Number.isSafeInteger(length) || length > 100_000) throw invalidError("candidates", "`candidates` must hold at most 100,000 names");
  const names = [];
  for (let i = 0; i < length; i++) {
    const item = read(candidates, i, `candidates[${i}]`, invalidError);
    if (typeof item !== "string") throw invalidError(`candidates[${i}]`, `\`candidates[${i}]\` must be a string`);
    names.push(item);
  }
  return closestNames(name, names, 3);
}
