// Deterministic randomness: everything the seeded shop holds derives from a
// seed string through these, never from the wall clock.

/** 32-bit FNV-1a hash of a string. */
export function hash32(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A small deterministic PRNG (sfc32) seeded from a string. */
export function rng(label) {
  let a = hash32("a:" + label), b = hash32("b:" + label), c = hash32("c:" + label), d = hash32("d:" + label) | 1;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const r = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
    /** `prefix` then n random digits, the first non-zero (one flat string). */
    digits: (n, prefix = "") => {
      const codes = new Array(prefix.length + n);
      let j = 0;
      for (; j < prefix.length; j++) codes[j] = prefix.charCodeAt(j);
      codes[j++] = 49 + Math.floor(next() * 9);
      for (let i = 1; i < n; i++) codes[j++] = 48 + Math.floor(next() * 10);
      return String.fromCharCode.apply(null, codes);
    },
    chars: (n, alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") => {
      let s = "";
      for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      return s;
    },
    weighted: (pairs) => {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let x = next() * total;
      for (const [v, w] of pairs) {
        if ((x -= w) < 0) return v;
      }
      return pairs[pairs.length - 1][0];
    },
  };
  return r;
}

/**
 * An id maker: `prefix` plus random digits up to `len`, never the same id
 * twice from one maker.
 */
export function idMaker() {
  const used = new Set();
  return (r, prefix, len = 19) => {
    for (;;) {
      const id = r.digits(len - prefix.length, prefix);
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
    }
  };
}
