// A pure function of a string, remembered: date words (describeDate) are asked
// for thousands of times a reminder run with a few dozen distinct dates, and
// each costs luxon an Intl formatting (about half a reminder's rendering).

/** `fn`, remembering up to `max` answers (then it starts again: the keys are few, so this is rare). */
export function memoize<T>(fn: (key: string) => T, max = 2000): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    if (known.has(key)) return known.get(key) as T;
    const value = fn(key);
    if (known.size >= max) known.clear();
    known.set(key, value);
    return value;
  };
}
