// Workflow nodes for the tests, as n8n's workflow JSON has them: a webhook that answers with
// its last node's items, the TikTok Shop nodes, an HTTP request, the trigger.

import { randomUUID } from "node:crypto";

export const NODE = "n8n-nodes-tiktok-shop-wasm.tiktokShop";
export const TRIGGER = "n8n-nodes-tiktok-shop-wasm.tiktokShopTrigger";

let x = 0;
const position = () => [(x += 220), 0];

/** A webhook at `/webhook/<path>` answering with every item of the last node. */
export function webhook(name, path, options = {}) {
  return {
    id: randomUUID(),
    name,
    type: "n8n-nodes-base.webhook",
    typeVersion: 2,
    position: position(),
    webhookId: randomUUID(),
    parameters: { httpMethod: "POST", path, responseMode: "lastNode", responseData: "allEntries", options },
  };
}

/** The manual trigger, for `n8n execute`. */
export function manualTrigger(name) {
  return { id: randomUUID(), name, type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: position(), parameters: {} };
}

/** A TikTok Shop node calling `group.operation` with `parameters`. */
export function tiktokShop(name, credential, group, operation, parameters = {}, settings = {}) {
  return {
    id: randomUUID(),
    name,
    type: NODE,
    typeVersion: 1,
    position: position(),
    parameters: { group, operation, ...parameters },
    credentials: { tiktokShopApi: { id: credential.id, name: credential.name } },
    ...settings,
  };
}

export function trigger(name, credential, parameters = {}) {
  return {
    id: randomUUID(),
    name,
    type: TRIGGER,
    typeVersion: 1,
    position: position(),
    webhookId: randomUUID(),
    parameters,
    credentials: { tiktokShopApi: { id: credential.id, name: credential.name } },
  };
}

/** An HTTP request node: POST `url`, with the item as the JSON body unless `body` is given. */
export function post(name, url, body = "={{ JSON.stringify($json) }}") {
  return {
    id: randomUUID(),
    name,
    type: "n8n-nodes-base.httpRequest",
    typeVersion: 4.2,
    position: position(),
    parameters: { method: "POST", url, sendBody: true, specifyBody: "json", jsonBody: body, options: {} },
  };
}

/** `Split Out` of an array field into one item per element. */
export function splitOut(name, field) {
  return {
    id: randomUUID(),
    name,
    type: "n8n-nodes-base.splitOut",
    typeVersion: 1,
    position: position(),
    parameters: { fieldToSplitOut: field, options: {} },
  };
}

/** Nodes connected one after the other. */
export function chain(nodes) {
  const connections = {};
  for (let i = 0; i + 1 < nodes.length; i++) connections[nodes[i].name] = { main: [[{ node: nodes[i + 1].name, type: "main", index: 0 }]] };
  return connections;
}

/** `from` connected to each of `to` (branches that run one after the other). */
export function fanOut(from, to) {
  return { [from.name]: { main: [to.map((n) => ({ node: n.name, type: "main", index: 0 }))] } };
}
