-- The app's D1 database: `npm run db:init` locally, or
-- `npx wrangler d1 execute DB --remote --file schema.sql` for the deployed one.
-- No token is ever written here: each shop's tokens live in its Durable Object.

-- Every shop that authorized the app.
CREATE TABLE IF NOT EXISTS shops (
  id TEXT PRIMARY KEY,                    -- TikTok's shop id (also the name of the shop's object)
  name TEXT,
  region TEXT,
  seller_name TEXT,
  status TEXT NOT NULL DEFAULT 'active',  -- active | reauthorize | deauthorized
  authorized_at INTEGER NOT NULL,         -- Unix seconds
  synced_at INTEGER                       -- when the shop's last complete sync pass ended
);

-- Each seller's token holder: the shop whose object keeps the seller's tokens, where the
-- seller's own webhooks (seller_open_id: size charts, FBT...) go.
CREATE TABLE IF NOT EXISTS sellers (
  open_id TEXT PRIMARY KEY,
  holder TEXT NOT NULL
);

-- The synced orders: one row per order, upserted by id, never older than what is stored.
CREATE TABLE IF NOT EXISTS orders (
  shop_id TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  create_time INTEGER NOT NULL,
  update_time INTEGER NOT NULL,           -- TikTok's; a write carrying an older one is ignored
  total_amount TEXT,                      -- decimal string, as the API sends it
  currency TEXT,
  buyer_user_id TEXT,
  line_items INTEGER,
  PRIMARY KEY (shop_id, id)
);
CREATE INDEX IF NOT EXISTS orders_by_status ON orders (shop_id, status);

-- OAuth `state` values handed out by /oauth/start, each usable once.
CREATE TABLE IF NOT EXISTS oauth_states (
  state TEXT PRIMARY KEY,
  created_at INTEGER NOT NULL
);
