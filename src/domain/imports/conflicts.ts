// The 撞单 rules of customers.ts findConflicts, in memory, for checking thousands of imported
// rows at once: another holder's (not 失效) customer whose key contains this key, or whose key is
// a prefix (2+ characters) of it. findConflicts asks the database per name; an import loads the
// keys once and answers from a bigram index, then adds each accepted row so duplicates inside
// the file are caught too. tests/teams/import.test.ts checks both agree.

export interface IndexedCustomer {
  id: string | null;
  name: string;
  key: string;
  ownerId: string;
  ownerName: string;
  /** Held by a team's 公海. */
  pool: boolean;
  /** Spreadsheet line, for customers added from the file being imported. */
  line?: number;
}

const bigrams = (s: string) => {
  const out = new Set<string>();
  for (let i = 0; i + 2 <= s.length; i++) out.add(s.slice(i, i + 2));
  return out;
};

export class ConflictIndex {
  private readonly byKey = new Map<string, IndexedCustomer[]>();
  private readonly byBigram = new Map<string, IndexedCustomer[]>();

  add(c: IndexedCustomer) {
    const same = this.byKey.get(c.key);
    if (same) same.push(c);
    else this.byKey.set(c.key, [c]);
    for (const g of bigrams(c.key)) {
      const list = this.byBigram.get(g);
      if (list) list.push(c);
      else this.byBigram.set(g, [c]);
    }
  }

  /** The holder's own customer with exactly this key, if any. */
  own(key: string, ownerId: string): IndexedCustomer | undefined {
    return this.byKey.get(key)?.find((c) => c.ownerId === ownerId);
  }

  /** Other holders' customers that look like the same company (the findConflicts rules). */
  conflicts(key: string, ownerId: string, limit = 5): IndexedCustomer[] {
    if (key.length < 2) return [];
    const found = new Map<IndexedCustomer, true>();
    // Keys containing this key: candidates share its rarest bigram.
    let best: IndexedCustomer[] | undefined;
    for (const g of bigrams(key)) {
      const list = this.byBigram.get(g) ?? [];
      if (!best || list.length < best.length) best = list;
      if (!list.length) break;
    }
    for (const c of best ?? []) if (c.ownerId !== ownerId && c.key.includes(key)) found.set(c, true);
    // Keys that are a prefix of this one ("方舟" for "方舟电子").
    if (key.length > 2) for (let i = 2; i < key.length; i++) for (const c of this.byKey.get(key.slice(0, i)) ?? []) if (c.ownerId !== ownerId) found.set(c, true);
    return [...found.keys()].slice(0, limit);
  }
}
