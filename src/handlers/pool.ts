/**
 * Run `fn` over `items` with at most `limit` at a time, in order. `onPrefixDone(i)` is called
 * whenever every item up to index i has finished, so a caller can keep a resumable cursor.
 */
export async function inOrderPool<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
  onPrefixDone?: (index: number) => void,
): Promise<void> {
  const done = new Array<boolean>(items.length).fill(false);
  let next = 0;
  let prefix = -1;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
      done[i] = true;
      let moved = false;
      while (prefix + 1 < items.length && done[prefix + 1]) {
        prefix++;
        moved = true;
      }
      if (moved) onPrefixDone?.(prefix);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
