import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IHookFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { createWebhookDeduper, parseWebhook, TikTokShopError } from 'tiktok-shop-wasm';

import { executionClients } from '../../shared/client';
import { testCredentials } from '../../shared/credential-test';
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

/**
 * The event type names to register with the shop: the selected ones (or all) that TikTok's
 * Update Shop Webhook takes; the others are subscribed to in Partner Center.
 */
function namesToRegister(ctx: IHookFunctions): string[] {
	const selected = ctx.getNodeParameter('events', []) as number[];
	return eventTypes()
		.filter(({ type, registrable }) => registrable && (!selected.length || selected.includes(type)))
		.map(({ name }) => name);
}

/** The shop's webhook registrations, and the client that reads and changes them. */
async function registrations(ctx: IHookFunctions) {
	const api = (await executionClients(ctx)).api();
	const { webhooks = [] } = await api.event.getShopWebhooks();
	return { api, webhooks, url: ctx.getNodeWebhookUrl('default') };
}

export class TiktokShopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Shop Trigger',
		name: 'tiktokShopTrigger',
		icon: { light: 'file:../TiktokShop/tiktokShop.svg', dark: 'file:../TiktokShop/tiktokShop.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["events"].length ? $parameter["events"].join(", ") : "every event"}}',
		description: 'Starts the workflow on a signed TikTok Shop webhook delivery',
		defaults: { name: 'TikTok Shop Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tiktokShopApi', required: true, testedBy: 'tiktokShopApiTest' }],
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
				displayName: 'Register With TikTok Shop',
				name: 'register',
				type: 'boolean',
				default: false,
				description:
					"Whether activating the workflow registers this webhook's URL for the selected event types with the credential's shop (Event: Update Shop Webhook), and deactivating it removes them. Off: enter the URL in the Partner Center yourself.",
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

	methods = {
		credentialTest: {
			async tiktokShopApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				return await testCredentials.call(this, credential.data ?? {});
			},
		},
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (!this.getNodeParameter('register', false)) return true;
				const { webhooks, url } = await registrations(this);
				return namesToRegister(this).every((name) => webhooks.some((w) => w.event_type === name && w.address === url));
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!this.getNodeParameter('register', false)) return true;
				const { api, url } = await registrations(this);
				for (const name of namesToRegister(this)) await api.event.updateShopWebhook({ address: url, event_type: name });
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				if (!this.getNodeParameter('register', false)) return true;
				const { api, webhooks, url } = await registrations(this);
				for (const w of webhooks.filter((w) => w.address === url && w.event_type)) {
					await api.event.deleteShopWebhook({ event_type: w.event_type });
				}
				return true;
			},
		},
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
