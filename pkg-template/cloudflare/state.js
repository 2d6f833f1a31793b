// The small key-value state of a shop's object (its shop, tokens, cursors), as JSON rows
// in the object's own SQLite storage. Synchronous: a read-modify-write between two awaits
// cannot interleave with another request to the object.

export class ObjectState {
  #sql;

  /** @param {SqlStorage} sql the Durable Object's `ctx.storage.sql` */
  constructor(sql) {
    this.#sql = sql;
    sql.exec("CREATE TABLE IF NOT EXISTS tts_state (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
  }

  get(key) {
    const [row] = this.#sql.exec("SELECT value FROM tts_state WHERE key = ?", key).toArray();
    return row ? JSON.parse(row.value) : null;
  }

  set(key, value) {
    this.#sql.exec("INSERT OR REPLACE INTO tts_state (key, value) VALUES (?, ?)", key, JSON.stringify(value));
  }

  delete(key) {
    this.#sql.exec("DELETE FROM tts_state WHERE key = ?", key);
  }
}
