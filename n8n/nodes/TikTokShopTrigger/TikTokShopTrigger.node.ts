import {
	NodeConnectionTypes,
	type IDataObject,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { createWebhookDeduper, parseWebhook, TikTokShopError } from 'tiktok-shop-wasm';

import { CREDENTIAL, readCredentials } from '../../shared/credentials';
import { eventTypes } from '../../shared/events';

type Deduper = ReturnType<typeof createWebhookDeduper>;

// One de-duplicator per trigger node of a workflow, in this n8n process (bounded, in memory).
const dedupers = new Map<string, Deduper>();

function deduperFor(key: string): Deduper {
	let deduper = dedupers.get(key);
	if (!deduper) dedupers.set(key, (deduper = createWebhookDeduper()));
	return deduper;
}

export class TikTokShopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Shop Trigger',
		name: 'tiktokShopTrigger',
		icon: 'file:../TikTokShop/tiktokShop.svg',
		group: ['trigger'],
		version: 1,
		description: 'Starts the workflow on a signed TikTok Shop webhook delivery',
		defaults: { name: 'TikTok Shop Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tiktokShopApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName: 'Event Names or IDs',
				name: 'events',
				type: 'multiOptions',
				options: eventTypes().map(({ type, name }) => ({ name: `${name} (${type})`, value: type })),
				default: [],
				description:
					'The event types that start the workflow; none selected: every type, also those this version does not name. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
			},
			{
				displayName: 'Ignore Repeats',
				name: 'ignoreRepeats',
				type: 'boolean',
				default: true,
				description:
					'Whether a delivery whose notification ID was seen before (TikTok repeats deliveries) is answered without starting the workflow',
			},
		],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer; headers: Record<string, string | undefined> };
		const response = this.getResponseObject();
		const c = readCredentials(await this.getCredentials(CREDENTIAL));
		let event;
		try {
			event = parseWebhook({
				appKey: c.appKey,
				appSecret: c.appSecret,
				body: request.rawBody ?? new Uint8Array(),
				signature: request.headers.authorization ?? '',
			});
		} catch (error) {
			const refused = error instanceof TikTokShopError && error.kind === 'signature';
			response.status(refused ? 401 : 400).json({ error: refused ? 'signature mismatch' : 'not a TikTok Shop webhook' });
			return { noWebhookResponse: true };
		}
		const events = this.getNodeParameter('events', []) as number[];
		if (events.length && !events.includes(event.type)) return { webhookResponse: 'ignored: event type not selected' };
		const ignoreRepeats = this.getNodeParameter('ignoreRepeats', true) as boolean;
		const key = `${this.getWorkflow().id}\0${this.getNode().id}`;
		if (ignoreRepeats && !(await deduperFor(key).isNew(event))) return { webhookResponse: 'ignored: repeat' };
		return { workflowData: [[{ json: event as unknown as IDataObject }]] };
	}
}
