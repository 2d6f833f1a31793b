// The Durable Object of one shop (named by its shop id): TikTokShopObject keeps the shop's
// tokens (refreshed once for every isolate, the rotated refresh token stored before use)
// and its rate budget. The object named "app" (APP_OBJECT) also keeps what the Worker
// knows of the app as a whole: the shops authorized, and the one-time OAuth states.

import { TikTokShopObject } from "tiktok-shop-wasm/cloudflare";
import { clientOptions } from "./settings.js";

const STATE_TTL_MS = 10 * 60 * 1000;

export class Shop extends TikTokShopObject {
  options(env) {
    return { ...clientOptions(env), objects: env.SHOPS };
  }

  /** (app object) Records authorized shops: id, name, region and cipher, never a token. */
  addShops(shops) {
    const known = this.state.get("shops") ?? {};
    for (const { id, name = null, region = null, cipher } of shops) known[id] = { id, name, region, cipher };
    this.state.set("shops", known);
  }

  /** (app object) The shops authorized so far. */
  shopList() {
    return Object.values(this.state.get("shops") ?? {});
  }

  /** (app object) A state for /oauth/start, good once for ten minutes. */
  issueState() {
    const now = Date.now();
    const states = Object.fromEntries(Object.entries(this.state.get("oauth_states") ?? {}).filter(([, at]) => now - at < STATE_TTL_MS));
    const state = crypto.randomUUID();
    states[state] = now;
    this.state.set("oauth_states", states);
    return state;
  }

  /** (app object) Whether `state` was issued and not used yet; it is used up either way. */
  takeState(state) {
    const states = this.state.get("oauth_states") ?? {};
    if (!Object.hasOwn(states, state)) return false;
    const at = states[state];
    delete states[state];
    this.state.set("oauth_states", states);
    return Date.now() - at < STATE_TTL_MS;
  }
}
