/**
 * Gives `target` a property computed on first read and kept from then on (an ordinary, enumerable, writable data
 * property after that read or a write). For the many leaves of a large scorecard that most answers never read:
 * `compute` must only depend on values that do not change afterwards.
 */
export function lazyProperty<T extends object, K extends PropertyKey, V>(
  target: T,
  key: K,
  compute: () => V,
): T & Record<K, V> {
  const settle = (value: V): void => {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  };
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get: () => {
      const value = compute();
      settle(value);
      return value;
    },
    set: settle,
  });
  return target as T & Record<K, V>;
}
