import type { Collection } from 'mongodb';
import type { CommitDocument } from './documents.ts';

/** Updates per bulk command off the request path (FerretDB 1.24 deadlocks on large update commands). */
const POSITIONS_PER_COMMAND = 10;
/** How long a position waits for others to share its command. */
const POSITION_DELAY_MS = 20;

/** Positions go onto their commits in the background, a few per bulk command (see docs/event-store.md). */
export class PositionWriter {
  private readonly commits: Collection<CommitDocument>;
  private positions: { _id: string; position: number }[] = [];
  private writing: Promise<void> | undefined;

  constructor(commits: Collection<CommitDocument>) {
    this.commits = commits;
  }

  /** Waits until every queued position is written (or given up: it is only a hint). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  queue(_id: string, position: number): void {
    this.positions.push({ _id, position });
    this.writing ??= (async () => {
      try {
        // A moment's wait gathers the positions of appends in a row into one command.
        await new Promise((r) => setTimeout(r, POSITION_DELAY_MS));
        while (this.positions.length > 0) {
          const chunk = this.positions.splice(0, POSITIONS_PER_COMMAND);
          await this.commits
            .bulkWrite(
              chunk.map((p) => ({
                updateOne: { filter: { _id: p._id }, update: { $set: { position: p.position } } },
              })),
              { ordered: false },
            )
            .catch(() => undefined); // only a hint: readers fall back to the log entry's own prevLogged
        }
      } finally {
        this.writing = undefined;
      }
    })();
  }
}
