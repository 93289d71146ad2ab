type Json = Record<string, unknown>;

/** Merging JSON answers into what the gateway holds: the executor's, and the places that join answers after it. */

export const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Merges a subgraph's answer into what we hold: objects field by field, lists of the same length
 * element by element. With `copy`, what is taken from the answer is copied, so the answer stays
 * unshared (one answer merged into several paths).
 */
export function deepMerge(target: Json, source: Json | null | undefined, copy = false): void {
  if (!source) return;
  const take = copy ? copyOf : (v: unknown) => v;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    // A client may alias a field `__proto__`: it is an own property here, never the prototype
    // (reading it off an object without one would merge the answer into Object.prototype).
    const held = key === '__proto__' && !Object.hasOwn(target, key) ? undefined : target[key];
    if (held && isObject(value) && isObject(held)) deepMerge(held, value, copy);
    else if (Array.isArray(value) && Array.isArray(held) && value.length === held.length) {
      for (let i = 0; i < value.length; i++) {
        if (isObject(held[i]) && isObject(value[i])) deepMerge(held[i] as Json, value[i] as Json, copy);
        else held[i] = take(value[i]);
      }
    } else if (key === '__proto__') Object.defineProperty(target, key, { value: take(value), enumerable: true, writable: true, configurable: true });
    else target[key] = take(value);
  }
}

/** One answer's value merged into another's at the same place: objects field by field, lists element by element. */
export function mergeAnswers(target: unknown, source: unknown): void {
  if (isObject(target) && isObject(source)) deepMerge(target, source);
  else if (Array.isArray(target) && Array.isArray(source) && target.length === source.length)
    target.forEach((element, i) => {
      mergeAnswers(element, source[i]);
    });
}

/** A deep copy of JSON data. */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copyOf);
  if (isObject(value)) {
    const copy: Json = Object.create(null);
    for (const key of Object.keys(value)) copy[key] = copyOf(value[key]);
    return copy;
  }
  return value;
}
