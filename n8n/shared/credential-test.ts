// The credential test n8n runs from the credential's dialog. It changes nothing: a refresh
// would rotate the refresh token, and a test cannot store the new one. So it checks
// Sent through n8n's HTTP client, like every other request of the package.
//   1. the app key and secret, by asking the token host to exchange a code that does not
//      exist (TikTok then answers "invalid auth code", and "invalid app_key or app_secret"
//      when the app is wrong);
//   2. the access token n8n holds, if it holds an unexpired one, with a read of the
//      authorized shops, and that the shop cipher is one of them.

import type { ICredentialDataDecryptedObject, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { exchangeAuthCode, TikTokShop, TikTokShopError } from 'tiktok-shop-wasm';

import { appOptions, readCredentials } from './credentials';
import { legacyFetch, proxyProblem } from './transport';

const PROBE_CODE = 'n8n-credential-test';
// TikTok's code for an auth code it does not know: the app itself was accepted.
const UNKNOWN_AUTH_CODE = 36004004;

const failed = (message: string): INodeCredentialTestResult => ({ status: 'Error', message });

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function testCredentials(this: ICredentialTestFunctions, data: ICredentialDataDecryptedObject): Promise<INodeCredentialTestResult> {
	const c = readCredentials(data);
	const problem = proxyProblem(c.proxy);
	if (problem) return failed(problem);
	// The only HTTP helper n8n 2.41 gives a credential test (ICredentialTestFunctions); it goes
	// through n8n's own client, with the credential's proxy.
	// eslint-disable-next-line @n8n/community-nodes/no-deprecated-workflow-functions
	const request = this.helpers.request;
	const app = { ...appOptions(c), fetch: legacyFetch((o) => request(o), { proxy: c.proxy }), retries: 0 };
	try {
		await exchangeAuthCode({ ...app, authCode: PROBE_CODE });
		return failed('The token host accepted a made-up authorization code: is the Auth Base URL a TikTok Shop token host?');
	} catch (error) {
		if (!(error instanceof TikTokShopError) || error.code !== UNKNOWN_AUTH_CODE) {
			return failed(`The app key and secret were not accepted: ${messageOf(error)}`);
		}
	}
	if (!c.accessToken || (c.accessTokenExpiresAt && c.accessTokenExpiresAt * 1000 <= Date.now())) {
		return {
			status: 'OK',
			message: c.refreshToken
				? 'App key and secret accepted; the first call will get an access token with the refresh token'
				: 'App key and secret accepted; add a refresh token to call the API',
		};
	}
	try {
		const { shops = [] } = await new TikTokShop({ ...app, accessToken: c.accessToken }).authorization.getAuthorizedShops();
		if (c.shopCipher && !shops.some((s) => s.cipher === c.shopCipher)) {
			return failed('The shop cipher is not one of the shops this authorization covers');
		}
	} catch (error) {
		return failed(`The access token was not accepted: ${messageOf(error)}`);
	}
	return { status: 'OK', message: 'Connection successful' };
}
