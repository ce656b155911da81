import { EventEmitter } from 'node:events';
import { NotFoundError } from '@fivesoc/service-kit';
import {
  activeCause,
  activeTraceHeaders,
  commandHandler,
  type CommandHandler,
  type MongoEventStore,
  type OutboxRelay,
  type StoredEvent,
} from '@fivesoc/eventing';
import { caseDecider, type CaseCommand, type CaseDeciderOptions } from './domain/decider.ts';
import type { CaseEvent } from './domain/events.ts';
import type { CaseState } from './domain/state.ts';
import { caseStreamOf } from './domain/values.ts';
import { policyDecider, policyStreamOf, type CasePolicy, type PolicyInForce } from './domain/policy.ts';

/** How long a district's policy is used from memory before its stream is read again (another instance may set it). */
const POLICY_TTL_MS = 5_000;

export interface CommandOptions {
  /** Who acts: a token's subject, or `system:case-saga` for the saga. */
  actor: string;
  /** The actor's token roles, comma-separated (none for the saga). */
  roles?: string;
  /** The request or workflow this belongs to (default: the case id). */
  correlationId?: string;
  /** The event or command that caused this one (the saga passes the event it reacts to). */
  causationId?: string;
  /** The version the caller decided on (gRPC `expected_version`); a stale one is ABORTED. */
  expectedVersion?: number;
  idempotencyKey?: string;
  /** The version the saga decided to send this on (see `HandleOptions.atLeastVersion`). */
  atLeastVersion?: number;
  /** The case is new for certain, as far as the caller knows (see `HandleOptions.newStream`). */
  newStream?: boolean;
}

export interface Loaded {
  state: CaseState;
  version: number;
}

/**
 * The case application layer: one place where commands meet the store, used by the gRPC API and by the
 * saga alike. Commands sent without an expected version (the saga's answers) are decided again on fresh
 * state when another writer got in first, which is safe because the decider judges the state it is given.
 */
export class CaseApp {
  readonly decider;
  /** `appended` (caseId) after every local append, so live views wake at once. */
  readonly events = new EventEmitter();
  private readonly store: MongoEventStore;
  /** The case and policy streams, each bound once to its decider and the relay. */
  private readonly cases: CommandHandler<CaseState, CaseCommand, CaseEvent>;
  private readonly policyStreams;
  private readonly policies = new Map<string, { p: PolicyInForce; until: number }>();

  constructor(opts: { store: MongoEventStore; relay: Pick<OutboxRelay, 'notify'> } & CaseDeciderOptions) {
    this.store = opts.store;
    this.decider = caseDecider({ matchTimeoutMs: opts.matchTimeoutMs });
    const on = { store: opts.store, relay: opts.relay };
    this.cases = commandHandler(on, { decider: this.decider, streamOf: caseStreamOf, retriesOnConflict: 20 });
    this.policyStreams = commandHandler(on, { decider: policyDecider, streamOf: policyStreamOf });
    this.events.setMaxListeners(0);
  }

  async execute(
    caseId: string,
    command: CaseCommand,
    opts: CommandOptions,
    now = new Date(),
  ): Promise<Loaded & { events: CaseEvent[] }> {
    const r = await this.cases.run(caseId, command, {
      now,
      metadata: {
        actor: opts.actor,
        ...(opts.roles ? { roles: opts.roles } : {}),
        command: command.kind,
        correlationId: opts.correlationId ?? caseId,
        ...(opts.causationId ? { causationId: opts.causationId } : {}),
        ...activeTraceHeaders(),
        ...activeCause(),
      },
      ...(opts.expectedVersion !== undefined ? { expectedVersion: opts.expectedVersion } : {}),
      ...(opts.idempotencyKey !== undefined ? { idempotencyKey: opts.idempotencyKey } : {}),
      ...(opts.atLeastVersion !== undefined ? { atLeastVersion: opts.atLeastVersion } : {}),
      ...(opts.newStream ? { newStream: true } : {}),
    });
    if (r.append && !r.append.replayed) this.events.emit('appended', caseId);
    return { state: r.state, version: r.version, events: r.events };
  }

  /**
   * The case now (read from its stream, so it reflects every acknowledged command). `atLeastVersion`: the
   * caller handles the case's event of that version, and a state that holds it is all it needs (from this
   * process's cache when it has that much).
   */
  async load(caseId: string, atLeastVersion?: number): Promise<Loaded> {
    const opts = atLeastVersion !== undefined ? { atLeastVersion } : {};
    const { state, version } = await this.cases.load(caseId, opts);
    if (!state.exists) throw new NotFoundError('case', caseId);
    return { state, version };
  }

  /** The district's case policy in force (the standard one, version 0, until the district sets its own). */
  async policyOf(districtCode: string): Promise<PolicyInForce> {
    const hit = this.policies.get(districtCode);
    if (hit && hit.until > Date.now()) return hit.p;
    const { state, version } = await this.policyStreams.load(districtCode);
    const p = { policy: state.policy, version };
    this.policies.set(districtCode, { p, until: Date.now() + POLICY_TTL_MS });
    return p;
  }

  /** Sets a district's case policy from now on (a policy equal to the one in force appends nothing). */
  async setPolicy(
    districtCode: string,
    policy: CasePolicy,
    opts: Pick<CommandOptions, 'actor' | 'roles' | 'expectedVersion'>,
  ): Promise<PolicyInForce> {
    const r = await this.policyStreams.run(
      districtCode,
      { kind: 'set', districtCode, policy, setBy: opts.actor },
      {
        now: new Date(),
        metadata: {
          actor: opts.actor,
          ...(opts.roles ? { roles: opts.roles } : {}),
          command: 'setPolicy',
          correlationId: policyStreamOf(districtCode),
          ...activeTraceHeaders(),
        },
        ...(opts.expectedVersion !== undefined ? { expectedVersion: opts.expectedVersion } : {}),
      },
    );
    const p = { policy: r.state.policy, version: r.version };
    this.policies.set(districtCode, { p, until: Date.now() + POLICY_TTL_MS });
    return p;
  }

  /** The case's stored events after `afterVersion`. */
  history(caseId: string, afterVersion = 0): Promise<StoredEvent[]> {
    return this.store.readStream(caseStreamOf(caseId), afterVersion + 1);
  }
}
