// The library's errors as n8n errors: the library's message followed by its kind, TikTok's
// code and request id, which are also in `context` (and in what "Continue On Fail" outputs).

import { NodeApiError, NodeOperationError, type IDataObject, type INode, type JsonObject } from 'n8n-workflow';
import { TikTokShopError } from 'tiktok-shop-wasm';

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

/** `kind: not_found, code: 21011001, request id: 2026...`: what to quote to TikTok's support. */
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
	const description = describe(error);
	const message = `${error.message} (${description})`;
	// An operation error when the library refused the input or options before sending
	// anything; an API error for everything that went out (TikTok's answer, the network).
	const local = error.httpStatus === null && error.code === null && (error.kind === 'invalid_request' || error.kind === 'config');
	const failure = !local
		? new NodeApiError(node, context as JsonObject, {
				message,
				description,
				itemIndex,
				...(error.httpStatus !== null ? { httpCode: String(error.httpStatus) } : {}),
			})
		: new NodeOperationError(node, message, { itemIndex, description });
	Object.assign(failure.context, context);
	return failure;
}

/** An item's output under "Continue On Fail": the message and the same fields. */
export function errorItem(error: unknown): IDataObject {
	if (error instanceof TikTokShopError) return { error: error.message, ...errorFields(error) };
	return { error: error instanceof Error ? error.message : String(error) };
}
