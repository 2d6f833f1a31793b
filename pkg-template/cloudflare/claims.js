// De-duplication claims for webhook deliveries (`createWebhookDeduper({ store })`): an id
// is claimed once until its time to live runs out. The check and the write are one
// synchronous step in the object's SQLite storage, so two deliveries of the same
// notification cannot both win, whichever isolates received them.

const PURGE_EVERY = 256;

export class NotificationClaims {
  #sql;
  #now;
  #sincePurge = 0;

  /** @param {SqlStorage} sql @param {() => number} [now] clock in ms */
  constructor(sql, now = Date.now) {
    this.#sql = sql;
    this.#now = now;
    sql.exec("CREATE TABLE IF NOT EXISTS tts_claims (id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
  }

  /** True the first time `id` is claimed within `ttlSeconds`. */
  claim(id, ttlSeconds) {
    const now = this.#now();
    if (++this.#sincePurge >= PURGE_EVERY) {
      this.#sincePurge = 0;
      this.#sql.exec("DELETE FROM tts_claims WHERE expires_at <= ?", now);
    }
    const [row] = this.#sql.exec("SELECT expires_at FROM tts_claims WHERE id = ?", String(id)).toArray();
    if (row && row.expires_at > now) return false;
    this.#sql.exec("INSERT OR REPLACE INTO tts_claims (id, expires_at) VALUES (?, ?)", String(id), now + ttlSeconds * 1000);
    return true;
  }
}
