/** A registry's lookup: each item under its key, and a startup-time mistake (an unregistered key) said plainly. */
export function lookupBy<Key, Item>(items: Item[], keyOf: (item: Item) => Key, what: string): (key: Key) => Item {
  const byKey = new Map(items.map((item) => [keyOf(item), item]));
  return (key) => {
    const found = byKey.get(key);
    if (!found) throw new Error(`${what} ${String(key)} is not registered`);
    return found;
  };
}
