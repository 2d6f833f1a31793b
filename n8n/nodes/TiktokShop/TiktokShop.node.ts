import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import type { TikTokShop as Client } from 'tiktok-shop-wasm';

import { findOperation, operationProperties } from '../../shared/catalog';
import { executionClients } from '../../shared/client';
import { testCredentials } from '../../shared/credential-test';
import { errorItem, nodeError } from '../../shared/errors';
import { paramsOf } from '../../shared/params';

type Paged = { all(params: IDataObject, options: IDataObject): AsyncIterable<unknown> };

const asJson = (value: unknown): IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { value: value as IDataObject[string] };

export class TiktokShop implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Shop',
		name: 'tiktokShop',
		icon: { light: 'file:tiktokShop.svg', dark: 'file:tiktokShop.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{$parameter["group"] + ": " + $parameter["operation"]}}',
		description: 'Call any operation of the TikTok Shop Partner API',
		defaults: { name: 'TikTok Shop' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'tiktokShopApi', required: true, testedBy: 'tiktokShopApiTest' }],
		properties: [
			...operationProperties(),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Proxy',
						name: 'proxy',
						type: 'string',
						default: '',
						placeholder: 'http://user:password@proxy.example:8080',
						description: 'Forward proxy for this node, instead of the credential\'s',
					},
					{
						displayName: 'Shop Cipher',
						name: 'shopCipher',
						type: 'string',
						default: '',
						description: 'The shop for this node, instead of the credential\'s',
					},
				],
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

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const clients = await executionClients(this);
		const out: INodeExecutionData[] = [];
		const made = new Map<string, Client>();
		for (let i = 0; i < items.length; i++) {
			clients.takeRenewalError();
			try {
				const group = this.getNodeParameter('group', i) as string;
				const operation = this.getNodeParameter('operation', i) as string;
				const op = findOperation(group, operation);
				if (!op) throw new NodeOperationError(this.getNode(), `This version of the node has no operation ${group}.${operation}`, { itemIndex: i });
				const version = (this.getNodeParameter('apiVersion', i, op.versions[0]) as string) || op.versions[0];
				const options = this.getNodeParameter('options', i, {}) as { proxy?: string; shopCipher?: string };
				const key = `${op.host}\0${options.proxy ?? ''}`;
				let client = made.get(key);
				if (!client) {
					client = op.host === 'auth' ? clients.tokens(options.proxy) : clients.api(options.proxy);
					made.set(key, client);
				}
				const params = await paramsOf(this, op, version, i);
				const callOptions: IDataObject = { version, ...(options.shopCipher ? { shopCipher: options.shopCipher } : {}) };
				const paired = { item: i };
				if (op.byVersion[version].paginated) {
					const returnAll = this.getNodeParameter('returnAll', i, false) as boolean;
					const limit = returnAll ? Infinity : (this.getNodeParameter('limit', i, 50) as number);
					const pageSizeMax = op.byVersion[version].pageSizeMax ?? 100;
					if (!returnAll) params.page_size = Math.min(limit, pageSizeMax);
					const method = (client as unknown as Record<string, Record<string, Paged>>)[op.group][op.operation];
					let count = 0;
					// Leaving the loop stops the walk: no page past the limit is requested.
					for await (const entry of method.all(params, callOptions)) {
						out.push({ json: asJson(entry), pairedItem: paired });
						if (++count >= limit) break;
					}
				} else {
					const data = await client.call(op.group as never, op.operation as never, params as never, callOptions);
					out.push({ json: asJson(data ?? {}), pairedItem: paired });
				}
			} catch (caught) {
				// The library reports an expired token it could not renew; the renewal's own
				// error (a refused refresh token...) says why.
				const error = clients.takeRenewalError() ?? caught;
				if (this.continueOnFail()) {
					out.push({ json: errorItem(error), pairedItem: { item: i } });
					continue;
				}
				throw nodeError(this.getNode(), error, i);
			}
		}
		return [out];
	}
}
