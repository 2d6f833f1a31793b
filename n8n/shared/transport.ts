// n8n's own HTTP client as the library's `fetch`. The library builds, signs and classifies
// every request; n8n sends it. Sending through n8n is what lets n8n renew the credential:
// `httpRequestWithAuthentication` runs the credential's preAuthentication when the access
// token is empty or a reply is HTTP 401 (TikTok's 105002), stores what it returns (the new
// access token and the rotated refresh token) and sends the request once more. It also
// applies n8n's own outbound policy (proxy variables, SSRF rules) to the node's traffic.

import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

/** One of n8n's request helpers (`httpRequest`, or `httpRequestWithAuthentication` bound to a credential). */
export type SendRequest = (options: IHttpRequestOptions) => Promise<unknown>;

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

interface FullResponse {
	body?: unknown;
	headers?: Record<string, unknown>;
	statusCode?: number;
}

// n8n's side of a request has a bound too (the library's own timeout ends the attempt).
const REQUEST_TIMEOUT_MS = 130_000;
// Decoded by n8n already: the Response made here carries the decoded bytes.
const DROPPED_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding']);

/** What is wrong with a proxy setting, if anything. */
export function proxyProblem(proxy: string | undefined): string | undefined {
	if (!proxy) return undefined;
	let url: URL;
	try {
		url = new URL(proxy);
	} catch {
		return 'The proxy must be a URL such as http://host:port or http://user:password@host:port';
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The proxy must be an http:// or https:// URL';
	return undefined;
}

/** `http://user:pass@host:port` (checked by proxyProblem) as n8n's proxy setting, or undefined. */
export function proxySetting(proxy: string | undefined): IHttpRequestOptions['proxy'] {
	if (!proxy || proxyProblem(proxy)) return undefined;
	const url = new URL(proxy);
	const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
	return {
		protocol: url.protocol.slice(0, -1),
		host: url.hostname,
		port,
		...(url.username
			? { auth: { username: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } }
			: {}),
	};
}

function headersOf(raw: Record<string, unknown> | undefined): Headers {
	const headers = new Headers();
	for (const [name, value] of Object.entries(raw ?? {})) {
		if (DROPPED_HEADERS.has(name.toLowerCase()) || value === undefined || value === null) continue;
		for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
	}
	return headers;
}

function toResponse(full: FullResponse): Response {
	const status = Number(full.statusCode);
	const body = full.body;
	const bytes =
		body === undefined || body === null || status === 204 || status === 304
			? null
			: Buffer.isBuffer(body) || body instanceof Uint8Array
				? body
				: typeof body === 'string'
					? body
					: JSON.stringify(body);
	return new Response(bytes, { status, headers: headersOf(full.headers) });
}

/** The reply inside an error n8n threw for a status it does not let through (401), if any. */
function replyInside(error: unknown): FullResponse | undefined {
	for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 4; depth++) {
		const response = e.response as Record<string, unknown> | undefined;
		if (response && typeof response.status === 'number') {
			return { statusCode: response.status, headers: response.headers as Record<string, unknown>, body: response.data };
		}
		e = e.cause as Record<string, unknown> | undefined;
	}
	return undefined;
}

interface OutgoingRequest {
	url: string;
	method: string;
	headers: Record<string, string>;
	body: Buffer | string | undefined;
}

/** The library's request as plain parts: headers as an object, a form encoded to bytes. */
async function outgoing(url: string, init: RequestInit): Promise<OutgoingRequest> {
	const headers: Record<string, string> = {};
	new Headers(init.headers).forEach((value, name) => (headers[name] = value));
	let body: Buffer | string | undefined;
	if (typeof init.body === 'string') body = init.body;
	else if (init.body !== undefined && init.body !== null) {
		// n8n's clients take bytes: any other body (the library's uploads are forms) encoded
		// here as fetch would, a form with its boundary in the content type.
		const encoded = new Response(init.body);
		const type = encoded.headers.get('content-type');
		if (type && (init.body instanceof FormData || !headers['content-type'])) headers['content-type'] = type;
		body = Buffer.from(await encoded.arrayBuffer());
	}
	return { url, method: init.method ?? 'GET', headers, body };
}

/**
 * A `fetch` for the library that sends through `send`. Every status comes back as a Response
 * for the library to classify; `retryStatus` (401 for the authenticated helper) is the one
 * n8n is let to act on first. `proxy` is checked by proxyProblem.
 */
export function n8nFetch(send: SendRequest, { proxy, retryStatus }: { proxy?: string; retryStatus?: number } = {}): Fetch {
	const proxyOption = proxySetting(proxy);
	return async (input, init) => {
		const { url, method, headers, body } = await outgoing(input, init);
		const options: IHttpRequestOptions = {
			url,
			method: method as IHttpRequestOptions['method'],
			headers,
			body,
			encoding: 'arraybuffer',
			json: false,
			returnFullResponse: true,
			disableFollowRedirect: true,
			ignoreHttpStatusErrors: retryStatus === undefined ? true : { ignore: true, except: [retryStatus] },
			timeout: REQUEST_TIMEOUT_MS,
			...(proxyOption ? { proxy: proxyOption } : {}),
		};
		// A status n8n threw for (after acting on it) is still TikTok's answer: hand it on.
		return await send(options).then(
			(full) => toResponse(full as FullResponse),
			(error: unknown) => {
				const reply = replyInside(error);
				return reply ? toResponse(reply) : Promise.reject(error);
			},
		);
	};
}

/** n8n's older request helper (the only one a credential test gets), as the library's `fetch`. */
export function legacyFetch(request: (options: IDataObject) => Promise<unknown>, { proxy }: { proxy?: string } = {}): Fetch {
	return async (input, init) => {
		const { url, method, headers, body } = await outgoing(input, init);
		const full = (await request({
			uri: url,
			method,
			headers,
			body,
			encoding: null,
			resolveWithFullResponse: true,
			simple: false,
			followRedirect: false,
			timeout: REQUEST_TIMEOUT_MS,
			...(proxy ? { proxy } : {}),
		})) as FullResponse;
		return toResponse(full);
	};
}
