/**
 * Freezes the value and everything reachable from it, so that one copy can be shared safely: by the
 * store's records (never changed once stored) and by cached answers (handed to every reply).
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
