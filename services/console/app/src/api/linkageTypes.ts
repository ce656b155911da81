// The messages of fivesoc.linkage.v1 as the gateway answers them (proto3 JSON: lowerCamelCase, enums by
// name, int64 as strings, defaults included).

export interface Place {
  districtCode: string;
  streetCode: string;
  communityCode: string;
}

export interface PlanItem {
  itemId: string;
  kind: string;
  description: string;
  requirement: string;
  quantity: string;
  startAt?: string;
  endAt?: string;
}

export interface ScoreBreakdown {
  total: number;
  skillFit: number;
  nearness: number;
  loadBalance: number;
  rating: number;
  credit: number;
}

export interface Match {
  matchId: string;
  itemId: string;
  kind: string;
  resourceId: string;
  quantity: string;
  score?: ScoreBreakdown;
  status: string;
  attempt: number;
  deadline?: string;
  released: boolean;
  delivered: string;
  deliveries: number;
}

export interface Candidate {
  itemId: string;
  kind: string;
  resourceId: string;
  score?: ScoreBreakdown;
  rank: number;
}

export interface Case {
  caseId: string;
  needId: string;
  place?: Place;
  status: string;
  workerId: string;
  pendingWorkerId: string;
  category: string;
  urgency: string;
  riskLevel: string;
  needsIdentified: string[];
  plan: PlanItem[];
  matches: Match[];
  candidates: Candidate[];
  escalationLevel: number;
  rating: number;
  outcome: string;
  openedAt?: string;
  version: string;
  approvals: Approval[];
  tasks: Task[];
  transferToWorkerId: string;
  escalationOwner: string;
}

/** The latest submission of a supervised step (督导): assessment | plan | closure. */
export interface Approval {
  approvalId: string;
  step: string;
  /** pending | approved | returned */
  status: string;
  outcome: string;
  reasonCode: string;
  decidedBy: string;
  /** The supervisor left a note with the return (GetApprovalNote reads it; the reading is recorded). */
  hasNote: boolean;
}

export interface GetApprovalNoteResponse {
  approvalId: string;
  step: string;
  reasonCode: string;
  decidedBy: string;
  note: string;
}

export interface Task {
  taskId: string;
  /** first_contact | assessment | plan_review | follow_up | own */
  kind: string;
  dueAt?: string;
  title: string;
  /** open | done | cancelled */
  status: string;
  overdue: boolean;
}

export interface HistoryEntry {
  version: string;
  type: string;
  words: string;
  at?: string;
  actor: string;
  roles: string[];
  command: string;
  correlationId: string;
}

export interface GetCaseHistoryResponse {
  entries: HistoryEntry[];
  nextAfterVersion: string;
}

/** One thing that needs the caller's action (the inbox, 待办). */
export interface Action {
  kind: string;
  caseId: string;
  place?: Place;
  workerId: string;
  subject: string;
  dueAt?: string;
  detail: string;
}

export interface ActionCount {
  kind: string;
  count: number;
}

export interface ListActionsResponse {
  actions: Action[];
  counts: ActionCount[];
}

export interface CaseEvent {
  eventId: string;
  type: string;
  streamVersion: string;
  occurredAt?: string;
  payloadJson: string;
}

export interface AreaStatistics {
  place?: Place;
  openCases: string;
  closedCases: string;
  matchedCases: string;
  medianSecondsToMatch: string;
  volunteerMatches: string;
  organizationMatches: string;
  donationMatches: string;
}

export interface DistrictStatistics {
  district?: AreaStatistics;
  streets: AreaStatistics[];
  communities: AreaStatistics[];
}

export interface Allocation {
  donationId: string;
  caseId: string;
  itemId: string;
  quantity: string;
  measure: string;
  score: number;
  matchId: string;
  error: string;
}

export interface RouteDonationsResponse {
  allocations: Allocation[];
  totalCost: string;
  totalScore: number;
  totalQuantity: string;
}

/** Active requests: the ones a society still has to answer or has answered yes. */
export const ACTIVE_MATCH = new Set([
  'MATCH_STATUS_REQUESTED',
  'MATCH_STATUS_HELD',
  'MATCH_STATUS_CONFIRMED',
]);
