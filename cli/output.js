// Output: JSON (pretty on a terminal, compact when piped), NDJSON / CSV streams with
// back-pressure, and the progress bar of --all on stderr.

import { once } from "node:events";

/** Writes to stdout, waiting when the pipe is full. */
export async function write(text) {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/** Whether JSON is pretty-printed: --pretty / --compact, else pretty on a terminal. */
export function prettyOutput(flags) {
  if (flags.pretty === true) return true;
  if (flags.compact === true) return false;
  return Boolean(process.stdout.isTTY);
}

export function formatJson(value, pretty) {
  return JSON.stringify(value === undefined ? null : value, null, pretty ? 2 : undefined) + "\n";
}

/** One CSV field (RFC 4180): nested values as JSON, quoted when needed. */
function csvField(value) {
  if (value === undefined || value === null) return "";
  const text = typeof value === "object" ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV of a stream of items: the columns are the top-level fields of the first page's
 * items (in order of first appearance); nested values are written as JSON.
 */
export class CsvWriter {
  columns = null;

  header(items) {
    const columns = [];
    const seen = new Set();
    for (const item of items) {
      if (!item || typeof item !== "object") continue;
      for (const key of Object.keys(item)) {
        if (!seen.has(key)) {
          seen.add(key);
          columns.push(key);
        }
      }
    }
    this.columns = columns;
    return columns.length ? columns.map(csvField).join(",") + "\r\n" : "";
  }

  row(item) {
    const record = item && typeof item === "object" ? item : { value: item };
    return this.columns.map((c) => csvField(record[c])).join(",") + "\r\n";
  }
}

/**
 * The progress of --all on stderr (cli-progress): items, pages, rate and, when the first
 * page gave `total_count`, a bar with an ETA. Nothing at all unless stderr is a terminal.
 */
export class Progress {
  #bar = null;
  #enabled;
  #started = Date.now();
  #pages = 0;
  #items = 0;

  constructor(enabled) {
    this.#enabled = enabled;
  }

  static async create(flags) {
    // Off when stderr is not a terminal, with --no-progress, and when the items themselves
    // go to the same terminal (the bar would be drawn over them).
    const enabled = Boolean(process.stderr.isTTY) && flags.progress !== false && !process.stdout.isTTY;
    const progress = new Progress(enabled);
    if (enabled) progress.lib = (await import("cli-progress")).default;
    return progress;
  }

  #payload() {
    const seconds = Math.max((Date.now() - this.#started) / 1000, 0.001);
    const rate = this.#items / seconds;
    return { pages: this.#pages, rate: rate >= 100 ? Math.round(rate) : rate.toFixed(1) };
  }

  /** After each page: `total` is the expected number of items, when known. */
  update(items, pages, total) {
    this.#items = items;
    this.#pages = pages;
    if (!this.#enabled) return;
    if (!this.#bar) {
      const known = Number.isInteger(total) && total > 0;
      const format = known
        ? "{bar} {percentage}% | {value}/{total} items | {pages} pages | {rate} items/s | ETA {eta_formatted}"
        : "{value} items | {pages} pages | {rate} items/s | {duration_formatted}";
      this.#bar = new this.lib.SingleBar({
        stream: process.stderr,
        format,
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
        fps: 10,
      }, this.lib.Presets.shades_classic);
      this.#bar.start(known ? total : 0, items, this.#payload());
    }
    if (this.#bar.getTotal() > 0 && items > this.#bar.getTotal()) this.#bar.setTotal(items);
    this.#bar.update(items, this.#payload());
  }

  stop() {
    if (!this.#bar) return;
    this.#bar.update(this.#items, this.#payload());
    this.#bar.stop();
    this.#bar = null;
  }
}
