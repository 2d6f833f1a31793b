// One input item's parameters for an operation version, as the library takes them: scalars
// as given, lists split, JSON parsed, files read from the item's binary properties.

import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import type { OperationInfo, OperationParam } from 'tiktok-shop-wasm';

import { fieldKind, fieldsOf } from './catalog';

function listOf(value: unknown): unknown {
	if (Array.isArray(value)) return value;
	if (typeof value !== 'string') return value;
	return value
		.split(',')
		.map((s) => s.trim())
		.filter(Boolean);
}

function jsonOf(ctx: IExecuteFunctions, p: OperationParam, value: unknown, itemIndex: number): unknown {
	if (typeof value !== 'string') return value;
	if (!value.trim()) return undefined;
	try {
		return JSON.parse(value);
	} catch {
		throw new NodeOperationError(ctx.getNode(), `\`${p.name}\` is not valid JSON`, {
			itemIndex,
			description: `Enter \`${p.name}\` as a JSON ${p.type}`,
		});
	}
}

async function fileOf(ctx: IExecuteFunctions, p: OperationParam, value: unknown, itemIndex: number): Promise<File> {
	const property = typeof value === 'string' && value.trim() ? value.trim() : 'data';
	const binary = ctx.helpers.assertBinaryData(itemIndex, property);
	const bytes = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
	return new File([new Uint8Array(bytes)], binary.fileName ?? p.name, { type: binary.mimeType });
}

/** What an empty field means: not given (so that a missing required one is named by the library). */
function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

export async function paramsOf(ctx: IExecuteFunctions, op: OperationInfo, version: string, itemIndex: number): Promise<IDataObject> {
	const v = op.byVersion[version];
	const additional = v.params.some((p) => !p.required)
		? (ctx.getNodeParameter('additionalParameters', itemIndex, {}) as IDataObject)
		: {};
	const params: IDataObject = {};
	for (const p of fieldsOf(v)) {
		const raw = p.required ? ctx.getNodeParameter(p.name, itemIndex, undefined) : additional[p.name];
		if (isBlank(raw)) continue;
		let value: unknown;
		switch (fieldKind(op, version, p)) {
			case 'binary':
				value = await fileOf(ctx, p, raw, itemIndex);
				break;
			case 'list':
				value = listOf(raw);
				break;
			case 'json':
				value = jsonOf(ctx, p, raw, itemIndex);
				break;
			default:
				value = typeof raw === 'string' ? raw.trim() : raw;
		}
		if (value !== undefined) params[p.name] = value as IDataObject[string];
	}
	return params;
}
