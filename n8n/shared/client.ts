// The library's clients for one execution of the TikTok Shop node: one for the API (sent
// through n8n with the credential, which n8n renews), one for the token host (sent through
// n8n without it).

import {
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestOptions,
} from 'n8n-workflow';
import { TikTokShop, TikTokShopError } from 'tiktok-shop-wasm';

import { appOptions, CREDENTIAL, readCredentials, type ShopCredentials } from './credentials';
import { n8nFetch, proxyProblem } from './transport';

// Renew this many seconds before the stored expiry (TikTok's access tokens last days).
const RENEW_AHEAD_SECONDS = 300;
const N8N_SETS_THE_TOKEN = 'set-by-n8n';
const FINAL_KINDS = new Set(['auth', 'reauthorize', 'signature', 'config']);

export interface ExecutionClients {
	credentials: ShopCredentials;
	/** Business operations: the access token is the credential's, renewed by n8n. */
	api(proxy?: string): TikTokShop;
	/** The token calls: the app's key and secret, no access token. */
	tokens(proxy?: string): TikTokShop;
	/** Why renewing the access token failed since the last time this was asked, if it did (and forgets it). */
	takeRenewalError(): TikTokShopError | undefined;
}

function tikTokShopErrorIn(error: unknown): TikTokShopError | undefined {
	for (let e = error, depth = 0; e && depth < 5; depth++) {
		if (e instanceof TikTokShopError) return e;
		e = (e as { cause?: unknown }).cause;
	}
	return undefined;
}

/** The clients for one run of a node (its execute) or of a trigger's webhook lifecycle. */
export async function executionClients(ctx: IExecuteFunctions | IHookFunctions): Promise<ExecutionClients> {
	const stored = await ctx.getCredentials(CREDENTIAL);
	const credentials = readCredentials(stored);
	const reference = ctx.getNode().credentials?.[CREDENTIAL];
	// n8n's copy of the credential for this execution: its preAuthentication writes the renewed
	// tokens into this object (and stores them), so every later request of the run uses them.
	const data: ICredentialDataDecryptedObject = { ...stored };
	const decrypted = { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL, data };
	let failure: TikTokShopError | undefined;
	let lastRenewalError: TikTokShopError | undefined;

	const authenticated = async (options: IHttpRequestOptions) => {
		if (failure) {
			lastRenewalError = failure; // refused once: no more renewals this run
			return await Promise.reject(failure);
		}
		const expiresAt = Number(data.accessTokenExpiresAt) || 0;
		// An empty access token is n8n's cue to renew it before sending.
		if (expiresAt && expiresAt - Date.now() / 1000 <= RENEW_AHEAD_SECONDS) data.accessToken = '';
		const sent = ctx.helpers.httpRequestWithAuthentication.call(ctx as IExecuteFunctions, CREDENTIAL, options, {
			credentialsDecrypted: decrypted,
		});
		return await sent.catch((error: unknown) => {
			const renewal = tikTokShopErrorIn(error);
			if (renewal) lastRenewalError = renewal;
			// A refused refresh token or app will not work on the next item either.
			if (renewal && FINAL_KINDS.has(renewal.kind)) failure = renewal;
			return Promise.reject(error);
		});
	};
	const plain = async (options: IHttpRequestOptions) => await ctx.helpers.httpRequest(options);

	const client = (send: typeof plain, retryStatus: number | undefined, override: string | undefined) => {
		const proxy = override || credentials.proxy;
		const problem = proxyProblem(proxy);
		if (problem) throw new NodeOperationError(ctx.getNode(), problem);
		return new TikTokShop({
			...appOptions(credentials),
			// The access token header is n8n's: the credential's `authenticate` sets it on every
			// request it sends. The library only needs to know that calls carry one.
			...(retryStatus === undefined ? {} : { accessToken: N8N_SETS_THE_TOKEN }),
			...(credentials.shopCipher ? { shopCipher: credentials.shopCipher } : {}),
			fetch: n8nFetch(send, { proxy, retryStatus }),
		});
	};

	return {
		credentials,
		api: (proxy) => client(authenticated, 401, proxy),
		tokens: (proxy) => client(plain, undefined, proxy),
		takeRenewalError: () => {
			const error = lastRenewalError;
			lastRenewalError = undefined;
			return error;
		},
	};
}
