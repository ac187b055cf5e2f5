/** Past this many distinct strings the dictionary starts over (at a batch boundary), so it stays small. */
const MAX_TEXTS = 65_536;

/**
 * The strings of recorded decisions (users, actions, resource types and keys, tenants, reasons),
 * each numbered once, so a decision is a few integers. A check asks the same few actions, types,
 * tenants and reasons over and over and mostly the same users: numbering them costs a map lookup,
 * where sending them would cost a string copy per field per decision.
 *
 * The strings numbered since the last batch travel with it (`takeNew`); the writer keeps the same
 * numbering. Numbers are never reused: when the dictionary starts over (between batches, past
 * MAX_TEXTS strings) numbering goes on from where it was, and the next batch says from which number
 * on the old ones are forgotten, so a writer still holding an older batch can still read it.
 */
export class TextIds {
  private readonly ids = new Map<string, number>();
  /** Strings numbered from `base` on. */
  private texts: string[] = [];
  private base = 0;
  private sent = 0;
  private restartedAt: number | undefined;

  id(text: string): number {
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.base + this.texts.length;
      this.ids.set(text, id);
      this.texts.push(text);
    }
    return id;
  }

  text(id: number): string {
    return this.texts[id - this.base]!;
  }

  /** The strings numbered since the last call; `forgetBelow`: numbers under it are no longer used. */
  takeNew(): { first: number; texts: string[]; forgetBelow: number | undefined } {
    const out = {
      first: this.base + this.sent,
      texts: this.texts.slice(this.sent),
      forgetBelow: this.restartedAt,
    };
    this.sent = this.texts.length;
    this.restartedAt = undefined;
    return out;
  }

  /** Between batches: forgets every string if there are too many (users come and go). */
  restartIfFull(): void {
    if (this.texts.length < MAX_TEXTS) return;
    this.base += this.texts.length;
    this.ids.clear();
    this.texts = [];
    this.sent = 0;
    this.restartedAt = this.base;
  }
}
