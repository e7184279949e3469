// The 撞单 rules (conflictRules.ts) in memory, for checking thousands of imported rows at once:
// findConflicts asks the database per name; an import loads the keys once and answers from
// key, bigram and trigram indexes, then adds each accepted row so duplicates inside the file are
// caught too. tests/teams/import.test.ts checks both agree.
import { containsKey, keyParts, MIN_CONFLICT_KEY, nearMiss, SIMILARITY_THRESHOLD, trigrams, trigramSimilarity } from '../conflictRules.js';

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

interface Entry {
  c: IndexedCustomer;
  trigrams: Set<string>;
}

export class ConflictIndex {
  private readonly byKey = new Map<string, Entry[]>();
  private readonly byBigram = new Map<string, Entry[]>();
  private readonly byTrigram = new Map<string, Entry[]>();

  add(c: IndexedCustomer) {
    const e: Entry = { c, trigrams: trigrams(c.key) };
    const push = <K>(m: Map<K, Entry[]>, k: K) => {
      const list = m.get(k);
      if (list) list.push(e);
      else m.set(k, [e]);
    };
    push(this.byKey, c.key);
    for (const g of bigrams(c.key)) push(this.byBigram, g);
    for (const t of e.trigrams) push(this.byTrigram, t);
  }

  /** The holder's own customer with exactly this key, if any. */
  own(key: string, ownerId: string): IndexedCustomer | undefined {
    return this.byKey.get(key)?.find((e) => e.c.ownerId === ownerId)?.c;
  }

  /** Other holders' customers that look like the same company (the conflictRules.ts rules). */
  conflicts(key: string, ownerId: string, limit = 5): IndexedCustomer[] {
    if (key.length < MIN_CONFLICT_KEY) return [];
    const found = new Map<IndexedCustomer, number>(); // customer -> rank (0 same key, 1 contains, 2 near-miss)
    const note = (c: IndexedCustomer, rank: number) => {
      if (c.ownerId !== ownerId && rank < (found.get(c) ?? 3)) found.set(c, rank);
    };
    // Keys that are part of this one (or equal to it).
    for (const p of keyParts(key)) for (const e of this.byKey.get(p) ?? []) note(e.c, p === key ? 0 : 1);
    // Keys containing this one: candidates share its rarest bigram.
    let best: Entry[] | undefined;
    for (const g of bigrams(key)) {
      const list = this.byBigram.get(g) ?? [];
      if (!best || list.length < best.length) best = list;
      if (!list.length) break;
    }
    for (const e of best ?? []) if (containsKey(e.c.key, key)) note(e.c, e.c.key === key ? 0 : 1);
    // Near-misses: sharing ≥ threshold × |trigrams(key)| trigrams, so at least one of the rarest
    // |T| − ⌈t·|T|⌉ + 1 of them (prefix filtering), then the exact similarity and the digits.
    const mine = trigrams(key);
    const need = Math.max(1, Math.ceil(SIMILARITY_THRESHOLD * mine.size - 1e-9));
    const lists = [...mine].map((t) => this.byTrigram.get(t) ?? []).sort((a, b) => a.length - b.length);
    const seen = new Set<Entry>();
    for (const list of lists.slice(0, Math.max(0, mine.size - need + 1))) {
      for (const e of list) {
        if (seen.has(e)) continue;
        seen.add(e);
        if (nearMiss(key, e.c.key, mine, e.trigrams)) note(e.c, 2);
      }
    }
    const sims = new Map<IndexedCustomer, number>();
    const sim = (c: IndexedCustomer) => sims.get(c) ?? (sims.set(c, trigramSimilarity(mine, trigrams(c.key))), sims.get(c)!);
    return [...found]
      .sort(([a, ra], [b, rb]) => ra - rb || sim(b) - sim(a))
      .slice(0, limit)
      .map(([c]) => c);
  }
}
