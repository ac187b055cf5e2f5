import type { DecisionColumns } from "./decision-columns.ts";
import type { TextIds } from "./text-ids.ts";

/** Integers per decision in `fields`: user, action, type, key (-1: none), tenant, allow, reason. */
export const FIELDS = 7;
const NO_KEY = -1;

/**
 * Decisions as numbers in two typed arrays: the time (epoch ms) and the fields (string numbers from
 * `TextIds`, allow as 0/1). Recording is a few stores; handing the batch to the writer thread
 * transfers the two buffers (no copy, no per-string clone); `texts` carries only the strings first
 * seen since the previous batch.
 */
export interface DecisionBatch {
  count: number;
  at: Float64Array;
  fields: Int32Array;
  /** Strings numbered from `firstText` on, new since the previous batch. */
  texts: string[];
  firstText: number;
  /** Set when the dictionary started over: numbers below it are not used from this batch on. */
  forgetBelow: number | undefined;
}

/** Fills a batch one decision at a time, growing its arrays as needed. */
export class BatchBuilder {
  count = 0;
  private at: Float64Array;
  private fields: Int32Array;

  constructor(private readonly initial: number) {
    this.at = new Float64Array(initial);
    this.fields = new Int32Array(initial * FIELDS);
  }

  add(
    at: number,
    user: number,
    action: number,
    type: number,
    key: number | undefined,
    tenant: number,
    allow: boolean,
    reason: number,
  ): void {
    const i = this.count;
    if (i === this.at.length) this.grow();
    this.at[i] = at;
    const f = this.fields;
    const o = i * FIELDS;
    f[o] = user;
    f[o + 1] = action;
    f[o + 2] = type;
    f[o + 3] = key ?? NO_KEY;
    f[o + 4] = tenant;
    f[o + 5] = allow ? 1 : 0;
    f[o + 6] = reason;
    this.count = i + 1;
  }

  /** Hands over what was recorded, with the strings it needs, and starts an empty batch. */
  take(texts: TextIds): DecisionBatch {
    const n = this.count;
    const batch: DecisionBatch = {
      count: n,
      // Exactly-sized copies would cost a copy; a view's buffer would transfer the spare room too.
      // Slicing is one memcpy of a few kB, and the builder keeps its arrays for the next batch.
      at: this.at.slice(0, n),
      fields: this.fields.slice(0, n * FIELDS),
      ...withNames(texts.takeNew()),
    };
    this.count = 0;
    return batch;
  }

  private grow(): void {
    const at = new Float64Array(this.at.length * 2 || this.initial);
    at.set(this.at);
    const fields = new Int32Array(at.length * FIELDS);
    fields.set(this.fields);
    this.at = at;
    this.fields = fields;
  }
}

function withNames(t: { first: number; texts: string[]; forgetBelow: number | undefined }) {
  return { texts: t.texts, firstText: t.first, forgetBelow: t.forgetBelow };
}

/** The batch as columns of strings (for the sinks that write on the server's thread). */
export function decodeBatch(b: DecisionBatch, texts: TextIds): DecisionColumns {
  const c: DecisionColumns = {
    at: [],
    user: [],
    action: [],
    type: [],
    key: [],
    tenant: [],
    allow: [],
    reason: [],
  };
  const f = b.fields;
  for (let i = 0; i < b.count; i++) {
    const o = i * FIELDS;
    c.at.push(b.at[i]!);
    c.user.push(texts.text(f[o]!));
    c.action.push(texts.text(f[o + 1]!));
    c.type.push(texts.text(f[o + 2]!));
    c.key.push(f[o + 3] === NO_KEY ? null : texts.text(f[o + 3]!));
    c.tenant.push(texts.text(f[o + 4]!));
    c.allow.push(f[o + 5]!);
    c.reason.push(texts.text(f[o + 6]!));
  }
  return c;
}
