// The webhook event types the installed library documents, for the trigger's filter: its
// own table (`listWebhookTypes()`), so a library that names more types offers them here
// without a change.

import { listWebhookTypes } from 'tiktok-shop-wasm';

export interface EventType {
	type: number;
	name: string;
	account: string;
	/** TikTok's own event name: one its Update Shop Webhook operation takes. */
	registrable: boolean;
}

export function eventTypes(): EventType[] {
	return listWebhookTypes().map(({ code, name, account, registrable }) => ({ type: code, name, account, registrable }));
}
