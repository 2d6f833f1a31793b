import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
} from 'n8n-workflow';

import { renewTokens } from '../shared/credentials';

export class TikTokShopApi implements ICredentialType {
	name = 'tiktokShopApi';

	displayName = 'TikTok Shop API';

	icon = { light: 'file:../nodes/TiktokShop/tiktokShop.svg', dark: 'file:../nodes/TiktokShop/tiktokShop.dark.svg' } as const;

	documentationUrl = 'https://github.com/tiktok-shop-wasm/tiktok-shop-wasm/tree/main/n8n#credentials';

	properties: INodeProperties[] = [
		{
			displayName: 'App Key',
			name: 'appKey',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Refresh Token',
			name: 'refreshToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'The refresh token of the seller authorization (from the Token group\'s "Get Access Token", or the Partner Center). n8n renews the access token with it by itself and stores the new refresh token here when TikTok rotates it.',
		},
		{
			displayName: 'Shop Cipher',
			name: 'shopCipher',
			type: 'string',
			default: '',
			description:
				'The shop that shop-scoped operations act on (Authorization → Get Authorized Shops lists the ciphers). Operations that take no shop never send it.',
		},
		{
			displayName: 'Proxy',
			name: 'proxy',
			type: 'string',
			default: '',
			placeholder: 'http://user:password@proxy.example:8080',
			description: 'Forward proxy for every request of this credential',
		},
		{
			displayName: 'API Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://open-api.tiktokglobalshop.com',
			description: 'TikTok Shop\'s API host; change it only for a gateway or a test server',
		},
		{
			displayName: 'Auth Base URL',
			name: 'authBaseUrl',
			type: 'string',
			default: 'https://auth.tiktok-shops.com',
			description: 'TikTok Shop\'s token host; change it only for a gateway or a test server',
		},
		// Kept by n8n: empty, or refused with HTTP 401 (expired), makes n8n run preAuthentication
		// below and store its result here.
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Access Token Expires At',
			name: 'accessTokenExpiresAt',
			type: 'hidden',
			typeOptions: { password: true },
			default: 0,
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		return await renewTokens.call(this, credentials);
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				'x-tts-access-token': '={{$credentials.accessToken}}',
			},
		},
	};
}
