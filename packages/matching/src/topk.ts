import type { Scored } from './score.ts';

/** Best first: higher score, then the smaller id (a deterministic tie-break). */
export function compareScored(a: Scored, b: Scored): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Keeps the k best seen so far, sorted best first. k is small (≈10), so insertion into an array is cheapest. */
export class TopK {
  readonly items: Scored[] = [];
  readonly k: number;
  constructor(k: number) {
    this.k = k;
  }

  get full(): boolean {
    return this.items.length >= this.k;
  }

  /** The k-th best score, or −∞ while fewer than k are held. */
  get floor(): number {
    return this.full ? (this.items[this.k - 1]?.score ?? Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY;
  }

  /** Whether a candidate with this score could still enter (cheap pre-check before building a breakdown). */
  admits(score: number): boolean {
    return !this.full || score >= this.floor;
  }

  offer(s: Scored): void {
    if (this.k <= 0) return;
    const last = this.items[this.items.length - 1];
    if (this.full && last !== undefined && compareScored(s, last) >= 0) return;
    let i = this.items.length;
    while (i > 0 && compareScored(s, this.items[i - 1] as Scored) < 0) i--;
    this.items.splice(i, 0, s);
    if (this.items.length > this.k) this.items.pop();
  }
}
