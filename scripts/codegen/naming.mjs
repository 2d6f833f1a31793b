// Names: groups from the first path segment, methods from the spec's `summary`,
// and the TypeScript / component names of the schemas.

export const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
export const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/** `return_refund` -> `returnRefund`, `gs_full_service_shipment` -> `gsFullServiceShipment`. */
export function groupName(segment) {
  if (!/^[a-z][a-z0-9_]*$/.test(segment)) throw new Error(`unexpected first path segment ${segment}`);
  return segment.split("_").map((w, i) => (i ? cap(w) : w)).join("");
}

/** `line_items` -> `LineItems`: the component-name part of a field or a path segment. */
export function pascal(name) {
  const words = String(name).split(/[^A-Za-z0-9]+/).filter(Boolean);
  if (!words.length) throw new Error(`cannot name ${JSON.stringify(name)}`);
  return words.map(cap).join("");
}

/** Words the summaries glue together in lower case (`GetTransactionsbyOrder`), longest first. */
const GLUED_WORDS = [
  ["SKUsandtheapprovalstatusofSKUs", "SKUsAndTheApprovalStatusOfSKUs"],
  ["Productimageuploadrequirementsquery", "ProductImageUploadRequirementsQuery"],
  ["Getgradingtemplatesconfig", "GetGradingTemplatesConfig"],
  ["Getsizegroupsconfig", "GetSizeGroupsConfig"],
  ["Categoryinformation", "CategoryInformation"],
  ["Qualificationfileupload", "QualificationFileUpload"],
  ["Conversationwithcreator", "ConversationWithCreator"],
  ["getfbtmerchantmcfstatus", "GetFBTMerchantMCFStatus"],
  ["Messageinthe", "MessageInThe"],
  ["Transactionsby", "TransactionsBy"],
  ["Productslegacy", "ProductsLegacy"],
  ["Productsold", "ProductsOld"],
  ["Profileold", "ProfileOld"],
  ["Getattributes", "GetAttributes"],
  ["Getcategory", "GetCategory"],
  ["Diagnoseand", "DiagnoseAnd"],
  ["Creatoron", "CreatorOn"],
  ["Delivery-Order", "DeliveryOrder"],
  ["imageupload", "ImageUpload"],
];

/**
 * Method names that differ from the summary: today's name is kept where the summary of
 * the current description changed (`group.Summary` -> name).
 */
export const NAME_OVERRIDES = {
  "analytics.GetShopProductPerformanceDetail": "getShopProductPerformance",
};

/** Summary -> camelCase method name; acronyms (and their plurals: `SKUs`) become one word. */
export function methodName(group, summary) {
  const override = NAME_OVERRIDES[`${group}.${summary}`];
  if (override) return override;
  let s = summary;
  for (const [glued, split] of GLUED_WORDS) s = s.split(glued).join(split);
  const words = s.match(/[A-Z]+s(?![a-z])|[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+/g);
  if (!words || words.join("") !== s) throw new Error(`cannot split summary ${summary}`);
  return words.map((w, i) => (i ? cap(w.toLowerCase()) : w.toLowerCase())).join("");
}

/** `Order_202309_GetOrderList_Response_Data` -> `Order202309GetOrderListResponseData`. */
export const typeName = (component) => component.split("_").map(cap).join("");
