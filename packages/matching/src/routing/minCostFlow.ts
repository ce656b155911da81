/**
 * Min-cost flow by successive shortest paths with Johnson potentials (Dijkstra on reduced costs), for integer
 * capacities and integer costs. Stops when the cheapest augmenting path no longer has negative cost, so it
 * yields a minimum-cost flow of any amount (for costs = −score: a maximum-score assignment). Deterministic:
 * ties in Dijkstra break by node number and edges are scanned in insertion order.
 */
export class MinCostFlow {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly next: number[] = [];
  readonly cap: number[] = [];
  private readonly cost: number[] = [];

  readonly nodes: number;

  constructor(nodes: number) {
    this.nodes = nodes;
    this.head = new Array<number>(nodes).fill(-1);
  }

  /** Adds u → v and returns the edge's number (its flow is `flowOn(edge)`). */
  addEdge(u: number, v: number, capacity: number, cost: number): number {
    const e = this.to.length;
    this.push(u, v, capacity, cost);
    this.push(v, u, 0, -cost);
    return e;
  }

  private push(u: number, v: number, capacity: number, cost: number): void {
    this.to.push(v);
    this.cap.push(capacity);
    this.cost.push(cost);
    this.next.push(this.head[u] as number);
    this.head[u] = this.to.length - 1;
  }

  flowOn(edge: number): number {
    return this.cap[edge ^ 1] as number;
  }

  /** Runs to a minimum-cost flow from s to t; `initialPotential` must make every residual reduced cost ≥ 0. */
  run(
    s: number,
    t: number,
    initialPotential: number[],
  ): { flow: number; cost: number; augmentations: number } {
    const n = this.nodes;
    const pi = initialPotential.slice();
    const dist = new Float64Array(n);
    const done = new Uint8Array(n);
    const prevEdge = new Int32Array(n);
    let flow = 0;
    let cost = 0;
    let augmentations = 0;
    for (;;) {
      dist.fill(Number.POSITIVE_INFINITY);
      done.fill(0);
      dist[s] = 0;
      const heap = new Heap();
      heap.push(0, s);
      while (heap.size > 0) {
        const [d, u] = heap.pop();
        if (done[u] || d > (dist[u] as number)) continue;
        done[u] = 1;
        if (u === t) break;
        for (let e = this.head[u] as number; e !== -1; e = this.next[e] as number) {
          if ((this.cap[e] as number) <= 0) continue;
          const v = this.to[e] as number;
          const nd = d + (this.cost[e] as number) + (pi[u] as number) - (pi[v] as number);
          if (nd < (dist[v] as number)) {
            dist[v] = nd;
            prevEdge[v] = e;
            heap.push(nd, v);
          }
        }
      }
      if (!done[t]) break;
      const D = dist[t] as number;
      for (let v = 0; v < n; v++) pi[v] = (pi[v] as number) + (done[v] ? (dist[v] as number) : D);
      const pathCost = (pi[t] as number) - (pi[s] as number);
      if (pathCost >= 0) break;
      let push = Number.POSITIVE_INFINITY;
      for (let v = t; v !== s; v = this.to[(prevEdge[v] as number) ^ 1] as number) {
        push = Math.min(push, this.cap[prevEdge[v] as number] as number);
      }
      for (let v = t; v !== s; v = this.to[(prevEdge[v] as number) ^ 1] as number) {
        const e = prevEdge[v] as number;
        this.cap[e] = (this.cap[e] as number) - push;
        this.cap[e ^ 1] = (this.cap[e ^ 1] as number) + push;
      }
      flow += push;
      cost += push * pathCost;
      augmentations++;
    }
    return { flow, cost, augmentations };
  }
}

/** Binary min-heap of (key, node), ties by node. */
class Heap {
  private readonly keys: number[] = [];
  private readonly vals: number[] = [];
  get size(): number {
    return this.keys.length;
  }
  private less(i: number, j: number): boolean {
    const a = this.keys[i] as number;
    const b = this.keys[j] as number;
    return a < b || (a === b && (this.vals[i] as number) < (this.vals[j] as number));
  }
  private swap(i: number, j: number): void {
    [this.keys[i], this.keys[j]] = [this.keys[j] as number, this.keys[i] as number];
    [this.vals[i], this.vals[j]] = [this.vals[j] as number, this.vals[i] as number];
  }
  push(key: number, val: number): void {
    this.keys.push(key);
    this.vals.push(val);
    let i = this.keys.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }
  pop(): [number, number] {
    const top: [number, number] = [this.keys[0] as number, this.vals[0] as number];
    const lastK = this.keys.pop() as number;
    const lastV = this.vals.pop() as number;
    if (this.keys.length > 0) {
      this.keys[0] = lastK;
      this.vals[0] = lastV;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.keys.length && this.less(l, m)) m = l;
        if (r < this.keys.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
