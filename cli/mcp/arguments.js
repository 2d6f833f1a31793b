// Checks a tool's arguments against the JSON Schema the tool publishes: the schema is the
// rule, and this is its one reader. It knows the keywords the tools use (type, properties,
// required, additionalProperties, enum, minLength, maxLength, minimum, maximum, pattern)
// and bounds what no schema says: nesting depth, number of values and text size. Arguments
// arrive as parsed JSON, but every key is treated as data: a "__proto__" or "constructor"
// key is looked up only as an own property, never through a prototype.

/** Deepest nesting accepted anywhere in the arguments (the library allows 64 in params). */
export const MAX_DEPTH = 32;
/** Most values (objects, arrays, scalars) in one tool call's arguments. */
export const MAX_VALUES = 100_000;

/** A tool argument that does not fit its schema: a tool error of kind `invalid_arguments`. */
export class ArgumentError extends Error {
  constructor(field, message, reason = "invalid") {
    super(message);
    this.name = "ArgumentError";
    this.field = field;
    this.reason = reason;
  }
}

/** A name as it may appear in a message: at most 64 characters, no control characters. */
export function shown(name) {
  const text = String(name).replace(/[\u0000-\u001f\u007f]/g, "?");
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

function typeOf(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function fits(value, type) {
  const t = typeOf(value);
  return t === type || (type === "number" && t === "integer");
}

/** UTF-8 length of a string, without encoding it. */
function utf8Length(text) {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // 2 bytes below U+0800, 3 above; a surrogate pair (2 code units) is 4.
    if (c >= 0x80) n += c < 0x800 || (c >= 0xd800 && c <= 0xdfff) ? 1 : 2;
  }
  return n;
}

/**
 * The nesting, value count and text size of a parsed JSON value, walked without
 * recursion (a value nested 100 000 deep is measured, not a stack overflow).
 */
export function measure(value, field, { maxBytes }) {
  const stack = [[value, 1]];
  let values = 0;
  let bytes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop();
    values += 1;
    if (values > MAX_VALUES) throw new ArgumentError(field, `\`${field}\` holds more than ${MAX_VALUES} values`, "too_large");
    if (typeof v === "string") bytes += utf8Length(v) + 2;
    else if (v !== null && typeof v === "object") {
      if (depth > MAX_DEPTH) throw new ArgumentError(field, `\`${field}\` is nested more than ${MAX_DEPTH} levels deep`, "too_deep");
      // Parsed JSON has plain prototypes; anything else came through a "__proto__" key.
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) {
        throw new ArgumentError(field, `\`${field}\` holds an object with a replaced prototype (a "__proto__" key)`, "prototype");
      }
      const keys = Object.keys(v);
      for (const key of keys) {
        bytes += utf8Length(key) + 4;
        stack.push([v[key], depth + 1]);
      }
    } else bytes += 8;
    if (bytes > maxBytes) throw new ArgumentError(field, `\`${field}\` is larger than ${maxBytes} bytes`, "too_large");
  }
  return { values, bytes };
}

/** "params" + "page_size" -> "params.page_size"; the arguments themselves are "". */
const join = (field, key) => (field ? `${field}.${key}` : key);

/** Checks `value` against `schema`; throws an ArgumentError naming the first field at fault. */
export function check(schema, value, field) {
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => fits(value, t))) {
      throw new ArgumentError(field, `\`${field}\` must be ${types.join(" or ")}, not ${typeOf(value)}`, "type");
    }
  }
  if (schema.enum && !schema.enum.includes(value)) {
    const list = schema.enum.length <= 8 ? `: ${schema.enum.join(", ")}` : "";
    throw new ArgumentError(field, `\`${field}\` is not one of the accepted values${list}`, "enum");
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength) {
      throw new ArgumentError(field, `\`${field}\` must hold at least ${schema.minLength} character(s)`, "length");
    }
    if (schema.maxLength !== undefined && value.length > schema.maxLength) {
      throw new ArgumentError(field, `\`${field}\` is longer than ${schema.maxLength} characters`, "length");
    }
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value)) {
      const integer = Array.isArray(schema.type) && schema.type.includes("integer");
      throw new ArgumentError(field, integer ? `\`${field}\` must be an integer (or its digits as a string)` : `\`${field}\` must match ${schema.pattern}`, "pattern");
    }
  }
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) throw new ArgumentError(field, `\`${field}\` must be at least ${schema.minimum}`, "range");
    if (schema.maximum !== undefined && value > schema.maximum) throw new ArgumentError(field, `\`${field}\` must be at most ${schema.maximum}`, "range");
  }
  if (typeOf(value) === "object" && (schema.properties || schema.required || schema.additionalProperties === false)) {
    const properties = schema.properties ?? {};
    for (const name of schema.required ?? []) {
      if (!Object.hasOwn(value, name)) throw new ArgumentError(join(field, name), `\`${join(field, name)}\` is required`, "required");
    }
    for (const key of Object.keys(value)) {
      const inner = join(field, shown(key));
      if (!Object.hasOwn(properties, key)) {
        if (schema.additionalProperties === false) throw new ArgumentError(inner, `\`${inner}\` is not an accepted name`, "unknown");
        continue;
      }
      check(properties[key], value[key], inner);
    }
  }
}

/** The arguments of a tool call, checked: an object (none counts as `{}`) within the bounds and the schema. */
export function checkArguments(schema, args, { maxBytes }) {
  const value = args === undefined || args === null ? {} : args;
  if (typeOf(value) !== "object") throw new ArgumentError("arguments", `the arguments must be an object, not ${typeOf(value)}`, "type");
  measure(value, "arguments", { maxBytes });
  check(schema, value, "");
  return value;
}
