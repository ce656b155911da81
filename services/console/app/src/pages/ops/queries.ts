import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../api/client.ts';
import { OPS_SERVICES } from '../../i18n/keys.ts';

export { OPS_SERVICES };

// The ops views of each service's event flows (`/v1/ops/…` on every service, linkage's saga, case flow and
// rebuild), through the console's forwarding with the ops user's own token: the services decide.

export type OpsService = (typeof OPS_SERVICES)[number];

export interface RelayStatus {
  topic: string;
  checkpoint: number;
  head: number;
  backlog: number;
  oldestAgeSeconds: number;
  leaseHolder: string | null;
}
export interface TopicStatus {
  topic: string;
  messages: number;
  endTotal: number;
  ratePerSecond: number | null;
}
export interface GroupStatus {
  groupId: string;
  topics: string[];
  deadLetterTopic: string | null;
  /** Null while the broker does not answer: unknown, not zero. */
  deadLetters: number | null;
  lag: number | null;
  history: [number, number][];
}
export interface Flows {
  /** The relays' figures come from the service's own store, so they are there in a Kafka outage too. */
  relays: RelayStatus[];
  broker: { reachable: boolean; error?: string };
  topics: TopicStatus[];
  groups: GroupStatus[];
}

const api = <T>(svc: OpsService, path: string, body?: unknown) =>
  call<T>(`/api/${svc}${path}`, body === undefined ? {} : { method: 'POST', body });

export function useFlows(svc: OpsService) {
  return useQuery({
    queryKey: ['ops', 'flows', svc],
    queryFn: () => api<Flows>(svc, '/v1/ops/flows'),
    refetchInterval: 5_000,
  });
}

export interface SagaStatus {
  pending: Record<string, number>;
  deadlines: { scheduled: number; due: number; overdue: number };
  waitingForWorker: number;
  oldestWaitSeconds: number;
}
export function useSaga() {
  return useQuery({
    queryKey: ['ops', 'saga'],
    queryFn: () => api<SagaStatus>('linkage', '/v1/ops/saga'),
    refetchInterval: 5_000,
  });
}

export interface RebuildStatus {
  groupId: string;
  generation: number;
  consumed: number;
  total: number;
  lag: number;
  progress: number;
}
export function useRebuild() {
  return useQuery({
    queryKey: ['ops', 'rebuild'],
    queryFn: () => api<RebuildStatus>('linkage', '/v1/read-models/rebuild'),
    refetchInterval: 2_000,
  });
}
export function useStartRebuild() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ groupId: string }>('linkage', '/v1/read-models/rebuild', {}),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ops', 'rebuild'] }),
  });
}

export interface Letter {
  id: string;
  error: string;
  errorName: string;
  originalTopic: string;
  groupId: string;
  attempts: number;
  failedAt: string;
  eventId?: string;
  eventType?: string;
  status: 'pending' | 'replayed' | 'held';
  replays: number;
}
export interface DeadLetters {
  groupId: string;
  topic: string;
  maxReplays: number;
  depth: number;
  reasons: { reason: string; count: number }[];
  letters: Letter[];
}
export function useDeadLetters(svc: OpsService, group: string | null) {
  return useQuery({
    queryKey: ['ops', 'dead-letters', svc, group],
    enabled: !!group,
    queryFn: () => api<DeadLetters>(svc, `/v1/ops/dead-letters?group=${encodeURIComponent(group!)}`),
    refetchInterval: 5_000,
  });
}

export interface ReplayItem {
  id: string;
  eventType?: string;
  topic: string;
  action: 'send' | 'held' | 'already-replayed';
  wouldFailAgain?: string;
  note?: string;
  replays: number;
}
export interface ReplayAnswer {
  dryRun: boolean;
  items: ReplayItem[];
  sent: string[];
  held: string[];
  skipped: string[];
}
export type ReplayRequest = { group: string; dryRun: boolean } & ({ ids: string[] } | { all: true });
export function useReplay(svc: OpsService) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (r: ReplayRequest) => api<ReplayAnswer>(svc, '/v1/ops/dead-letters/replay', r),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ops'] }),
  });
}

export interface Hop {
  kind: 'appended' | 'published' | 'consumed' | 'request' | 'answer';
  step: string;
  eventId: string;
  eventType: string;
  at: string;
  tookMs: number | null;
  traceId: string | null;
  kafka?: { topic: string; partition: number; offset: string; group?: string };
}
export interface CaseFlow {
  caseId: string;
  traceIds: string[];
  hops: Hop[];
  totalMs: number | null;
}
export function useCaseFlow(caseId: string | null) {
  return useQuery({
    queryKey: ['ops', 'case-flow', caseId],
    enabled: !!caseId,
    queryFn: () => api<CaseFlow>('linkage', `/v1/ops/cases/${encodeURIComponent(caseId!)}/flow`),
  });
}
