import type { Collection, Document, OptionalUnlessRequiredId } from 'mongodb';

interface Waiting<T> {
  doc: T;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** At most this many documents per `insertMany`. */
const MAX_GROUP = 200;

/**
 * Inserts documents one at a time when alone, and together when several come while an insert is in
 * flight (a group commit): one unordered `insertMany`, each document's own outcome (a duplicate key is
 * that document's race lost) handed back to its caller. Concurrent appenders thus share round trips
 * instead of queueing behind each other's, and a race is still decided per document by its unique `_id`.
 */
export class GroupInsert<T extends Document> {
  private queue: Waiting<T>[] = [];
  private flushing = false;
  private readonly collection: Collection<T>;

  constructor(collection: Collection<T>) {
    this.collection = collection;
  }

  insert(doc: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ doc, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0, MAX_GROUP);
        await this.insertGroup(group);
      }
    } finally {
      this.flushing = false;
    }
  }

  private async insertGroup(group: Waiting<T>[]): Promise<void> {
    const docs = group.map((w) => w.doc as OptionalUnlessRequiredId<T>);
    try {
      if (docs.length === 1) await this.collection.insertOne(docs[0]!);
      else await this.collection.insertMany(docs, { ordered: false });
    } catch (err) {
      const failures = writeErrorsOf(err, docs.length);
      if (!failures) {
        for (const w of group) w.reject(err);
        return;
      }
      for (const f of failures) group[f.index]?.reject(f.error);
      const failed = new Set(failures.map((f) => f.index));
      group.forEach((w, i) => {
        if (!failed.has(i)) w.resolve();
      });
      return;
    }
    for (const w of group) w.resolve();
  }
}

/**
 * The per-document failures of an insert, each as an error with that document's code, or undefined when
 * the whole command failed (nothing can be said of any document).
 */
export function writeErrorsOf(
  err: unknown,
  count: number,
): { index: number; code: number; error: unknown }[] | undefined {
  const we = (err as { writeErrors?: unknown }).writeErrors;
  if (!we) {
    const code = (err as { code?: unknown }).code;
    return count === 1 && typeof code === 'number' ? [{ index: 0, code, error: err }] : undefined;
  }
  const list = (Array.isArray(we) ? we : [we]) as {
    index?: number;
    code?: number;
    errmsg?: string;
    err?: { index?: number; code?: number; errmsg?: string };
  }[];
  return list.map((e) => {
    const code = e.code ?? e.err?.code ?? 0;
    const error = Object.assign(new Error(e.errmsg ?? e.err?.errmsg ?? `write error ${code}`), { code });
    return { index: e.index ?? e.err?.index ?? 0, code, error };
  });
}
