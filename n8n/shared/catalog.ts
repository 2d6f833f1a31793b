// The TikTok Shop node's parameters, made from the library's operations table
// (listOperations()) when n8n loads the node: every group, operation and version the
// installed library has, each version's own parameters. Nothing here names an operation.

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { listOperations, type OperationInfo, type OperationParam, type OperationVersion } from 'tiktok-shop-wasm';

/** How a parameter is entered in n8n and handed to the library. */
export type FieldKind = 'string' | 'number' | 'boolean' | 'list' | 'json' | 'binary';

export interface FieldHint {
	/** Arrays whose items are scalars are entered as a comma-separated list. */
	list?: boolean;
	/** The shape of an object or array parameter, shown under its JSON field. */
	schema?: string;
}

type Hints = Record<string, Record<string, FieldHint>>;

// Written at build time from the library's types (scripts/schemas.mjs); optional.
function loadHints(): Hints {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		return require('./schemas.json') as Hints;
	} catch {
		return {};
	}
}

const hints = loadHints();

/** Parameters the node sets itself: pagination (Return All / Limit) and the shop. */
export const PAGINATION_PARAMS = new Set(['page_size', 'page_token']);

const ACRONYMS: Record<string, string> = { id: 'ID', ids: 'IDs', url: 'URL', urls: 'URLs', fbt: 'FBT', gs: 'GS', sku: 'SKU', skus: 'SKUs', api: 'API' };

function words(name: string): string[] {
	return name
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.split(/[\s_]+/)
		.filter(Boolean)
		.map((w) => w.toLowerCase());
}

/** `getOrderList` → `Get Order List`, `order_id` → `Order ID`. */
export function titleOf(name: string): string {
	return words(name)
		.map((w) => ACRONYMS[w] ?? w[0].toUpperCase() + w.slice(1))
		.join(' ');
}

/** `getOrderList` → `Get order list` (n8n's "action" wording). */
function actionOf(name: string): string {
	const title = words(name)
		.map((w) => ACRONYMS[w] ?? w)
		.join(' ');
	return title[0].toUpperCase() + title.slice(1);
}

export function hintFor(op: OperationInfo, version: string, param: string): FieldHint {
	return hints[`${op.group}.${op.operation}.${version}`]?.[param] ?? {};
}

export function fieldKind(op: OperationInfo, version: string, p: OperationParam): FieldKind {
	switch (p.type) {
		case 'binary':
			return 'binary';
		case 'integer':
		case 'number':
			return 'number';
		case 'boolean':
			return 'boolean';
		case 'array':
			return hintFor(op, version, p.name).list ? 'list' : 'json';
		case 'object':
			return 'json';
		default:
			return 'string';
	}
}

/** The parameters a version shows: all of its own but the pagination the node handles. */
export function fieldsOf(v: OperationVersion): OperationParam[] {
	return v.params.filter((p) => !(v.paginated && PAGINATION_PARAMS.has(p.name)));
}

let cache: OperationInfo[] | undefined;

/** The operations, by group name then operation name (the table's order). */
export function operations(): OperationInfo[] {
	return (cache ??= [...listOperations()]);
}

export function findOperation(group: string, operation: string): OperationInfo | undefined {
	return operations().find((o) => o.group === group && o.operation === operation);
}

function field(op: OperationInfo, version: string, p: OperationParam, show: Record<string, string[]>): INodeProperties {
	const kind = fieldKind(op, version, p);
	const where = p.in === 'file' ? 'file' : `${p.in} parameter`;
	const base = {
		displayName: p.type === 'binary' ? `${titleOf(p.name)} (Binary Property)` : titleOf(p.name),
		name: p.name,
		required: p.required,
		...(Object.keys(show).length ? { displayOptions: { show } } : {}),
	};
	switch (kind) {
		case 'binary':
			return {
				...base,
				type: 'string',
				default: 'data',
				description: `Name of the input binary property holding the file sent as \`${p.name}\``,
			};
		case 'number':
			return { ...base, type: 'number', default: 0, description: `\`${p.name}\` (${where}, ${p.type})` };
		case 'boolean':
			return { ...base, type: 'boolean', default: false, description: `\`${p.name}\` (${where})` };
		case 'list':
			return {
				...base,
				type: 'string',
				default: '',
				description: `\`${p.name}\` (${where}): a comma-separated list, or an array from an expression`,
			};
		case 'json': {
			const schema = hintFor(op, version, p.name).schema;
			return {
				...base,
				type: 'json',
				default: p.type === 'array' ? '[]' : '{}',
				description: `\`${p.name}\` (${where}, JSON ${p.type})${schema ? `: ${schema}` : ''}`,
			};
		}
		default:
			return { ...base, type: 'string', default: '', description: `\`${p.name}\` (${where})` };
	}
}

function versionLabel(op: OperationInfo, version: string): string {
	const v = op.byVersion[version];
	return `${version}${version === op.versions[0] ? ' (latest)' : ''}: ${v.method} ${v.path}`;
}

/** Every property of the TikTok Shop node after its fixed ones. */
export function operationProperties(): INodeProperties[] {
	const ops = operations();
	const groups = [...new Set(ops.map((o) => o.group))];
	const props: INodeProperties[] = [
		{
			displayName: 'Group',
			name: 'group',
			type: 'options',
			noDataExpression: true,
			options: groups.map((g) => ({ name: titleOf(g), value: g })).sort((a, b) => a.name.localeCompare(b.name)),
			default: groups.includes('order') ? 'order' : groups[0],
		},
	];
	for (const group of groups) {
		const inGroup = ops.filter((o) => o.group === group);
		const options: INodePropertyOptions[] = inGroup
			.map((o) => ({
				name: titleOf(o.operation),
				value: o.operation,
				action: actionOf(o.operation),
				description: `${o.method} ${o.paths[o.versions[0]]} (${o.account} account)`,
			}))
			.sort((a, b) => a.name.localeCompare(b.name));
		props.push({
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { group: [group] } },
			options,
			default: options[0].value as string,
		});
	}
	for (const op of ops) {
		const at = { group: [op.group], operation: [op.operation] };
		props.push({
			displayName: 'Version',
			name: 'apiVersion',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: at },
			options: op.versions.map((v) => ({ name: versionLabel(op, v), value: v })),
			default: op.versions[0],
			description: 'The API version to call; the latest unless chosen',
		});
		for (const version of op.versions) {
			const v = op.byVersion[version];
			const show = { ...at, apiVersion: [version] };
			const fields = fieldsOf(v);
			for (const p of fields.filter((f) => f.required)) props.push(field(op, version, p, show));
			if (v.paginated) {
				props.push(
					{
						displayName: 'Return All',
						name: 'returnAll',
						type: 'boolean',
						displayOptions: { show },
						default: false,
						description: 'Whether to return all results or only up to a given limit',
					},
					{
						displayName: 'Limit',
						name: 'limit',
						type: 'number',
						displayOptions: { show: { ...show, returnAll: [false] } },
						typeOptions: { minValue: 1 },
						default: 50,
						description: 'Max number of results to return',
					},
				);
			}
			const optional = fields.filter((f) => !f.required);
			if (optional.length) {
				props.push({
					displayName: 'Additional Parameters',
					name: 'additionalParameters',
					type: 'collection',
					placeholder: 'Add Parameter',
					displayOptions: { show },
					default: {},
					options: optional.map((p) => field(op, version, p, {})).sort((a, b) => a.displayName.localeCompare(b.displayName)),
				});
			}
		}
	}
	return props;
}
