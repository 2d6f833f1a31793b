// The credential's fields as the node reads them, and the one renewal of its access token
// (the credential's preAuthentication), in one place for the credential and the nodes.

import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper } from 'n8n-workflow';
import { refreshAccessToken } from 'tiktok-shop-wasm';

import { n8nFetch, proxyProblem, type SendRequest } from './transport';

export const CREDENTIAL = 'tiktokShopApi';

export interface ShopCredentials {
	appKey: string;
	appSecret: string;
	accessToken: string;
	refreshToken: string;
	/** Unix seconds; 0 when unknown. */
	accessTokenExpiresAt: number;
	shopCipher: string;
	proxy: string;
	baseUrl: string;
	authBaseUrl: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/** The credential's data with every field of the right type (empty when not set). */
export function readCredentials(data: ICredentialDataDecryptedObject): ShopCredentials {
	const expires = Number(data.accessTokenExpiresAt);
	return {
		appKey: text(data.appKey),
		appSecret: text(data.appSecret),
		accessToken: text(data.accessToken),
		refreshToken: text(data.refreshToken),
		accessTokenExpiresAt: Number.isFinite(expires) && expires > 0 ? expires : 0,
		shopCipher: text(data.shopCipher),
		proxy: text(data.proxy),
		baseUrl: text(data.baseUrl),
		authBaseUrl: text(data.authBaseUrl),
	};
}

/** The library's base options from the credential: the app, the hosts (blank: TikTok's). */
export function appOptions(c: ShopCredentials) {
	return {
		appKey: c.appKey,
		appSecret: c.appSecret,
		...(c.baseUrl ? { baseUrl: c.baseUrl } : {}),
		...(c.authBaseUrl ? { authBaseUrl: c.authBaseUrl } : {}),
	};
}

/**
 * Renews the access token with the credential's refresh token (through n8n's HTTP client)
 * and returns the fields n8n stores back into the credential: the new access token, its
 * expiry, and the refresh token TikTok returned, which replaces the old one when it rotated.
 */
export async function renewTokens(this: IHttpRequestHelper, data: ICredentialDataDecryptedObject): Promise<IDataObject> {
	const c = readCredentials(data);
	if (!c.refreshToken) {
		throw new Error('The TikTok Shop credential has no refresh token: add the one from the seller authorization');
	}
	const problem = proxyProblem(c.proxy);
	if (problem) throw new Error(problem);
	const send: SendRequest = (options) => this.helpers.httpRequest(options);
	const tokens = await refreshAccessToken({
		...appOptions(c),
		refreshToken: c.refreshToken,
		fetch: n8nFetch(send, { proxy: c.proxy }),
	});
	return {
		accessToken: tokens.access_token,
		accessTokenExpiresAt: tokens.access_token_expire_in,
		refreshToken: tokens.refresh_token,
	};
}
