// The client options every part of the app shares, from the Worker's environment.

export function clientOptions(env) {
  return {
    appKey: env.TIKTOK_SHOP_APP_KEY,
    appSecret: env.TIKTOK_SHOP_APP_SECRET,
    baseUrl: env.TIKTOK_SHOP_BASE_URL || undefined,
    authBaseUrl: env.TIKTOK_SHOP_AUTH_BASE_URL || undefined,
  };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
