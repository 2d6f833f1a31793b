// The webhook event types the installed library names, for the trigger's filter.
//
// The library exposes its names through `parseWebhook` (`type_name`, null for a type it does
// not know) and has no list of them, so they are read from it: each candidate type is parsed
// once, from a delivery signed here with a throwaway key. When the library names more types,
// the filter offers them without a change here.

import { createHmac } from 'node:crypto';
import { parseWebhook } from 'tiktok-shop-wasm';

// TikTok numbers its event types from 1; the documented ones are below 100.
const HIGHEST_TYPE = 1023;
const PROBE_KEY = 'event-type-probe';
const PROBE_SECRET = 'event-type-probe';

export interface EventType {
	type: number;
	name: string;
}

let cache: EventType[] | undefined;

export function eventTypes(): EventType[] {
	if (cache) return cache;
	const found: EventType[] = [];
	for (let type = 0; type <= HIGHEST_TYPE; type++) {
		const body = JSON.stringify({ type });
		const signature = createHmac('sha256', PROBE_SECRET).update(PROBE_KEY + body).digest('hex');
		const name = parseWebhook({ appKey: PROBE_KEY, appSecret: PROBE_SECRET, body, signature }).type_name;
		if (name) found.push({ type, name });
	}
	return (cache = found);
}
