// The library's errors as n8n errors: the library's message, with its kind, TikTok's code
// and request id in the description and in `context` (what "Continue On Fail" outputs too).

import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';
import { TikTokShopError } from 'tiktok-shop-wasm';

// Kinds where nothing reached TikTok: the input is at fault, not the API.
const LOCAL_KINDS = new Set(['invalid_request', 'config']);

/** The fields of a TikTokShopError worth showing (never a secret: the library keeps none in them). */
export function errorFields(error: TikTokShopError): IDataObject {
	return {
		kind: error.kind,
		code: error.code,
		requestId: error.requestId,
		httpStatus: error.httpStatus,
		field: error.field,
		operation: error.operation,
		attempts: error.attempts,
		...(error.retryAfter !== null ? { retryAfter: error.retryAfter } : {}),
	};
}

function describe(error: TikTokShopError): string {
	const parts = [`kind: ${error.kind}`];
	if (error.code !== null) parts.push(`code: ${error.code}`);
	if (error.requestId) parts.push(`request id: ${error.requestId}`);
	if (error.field) parts.push(`field: ${error.field}`);
	return parts.join(', ');
}

export function nodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (!(error instanceof TikTokShopError)) {
		if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
		return new NodeOperationError(node, error as Error, { itemIndex });
	}
	const context = errorFields(error);
	const failure = LOCAL_KINDS.has(error.kind)
		? new NodeOperationError(node, error.message, { itemIndex, description: describe(error) })
		: new NodeApiError(node, context as JsonObject, {
				message: error.message,
				description: describe(error),
				itemIndex,
				...(error.httpStatus !== null ? { httpCode: String(error.httpStatus) } : {}),
			});
	Object.assign(failure.context, context);
	return failure;
}

/** An item's output under "Continue On Fail": the message and the same fields. */
export function errorItem(error: unknown): IDataObject {
	if (error instanceof TikTokShopError) return { error: error.message, ...errorFields(error) };
	return { error: error instanceof Error ? error.message : String(error) };
}
