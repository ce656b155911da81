// Values the APIs answer that the pages show through a catalogue key built from the value
// (`caseStatus.CASE_STATUS_OPEN`); the catalogue test checks each has its words in both languages.
export const CASE_STATUSES = [
  'CASE_STATUS_OPEN',
  'CASE_STATUS_ASSIGNED',
  'CASE_STATUS_ASSESSED',
  'CASE_STATUS_PLANNED',
  'CASE_STATUS_MATCHING',
  'CASE_STATUS_IN_DELIVERY',
  'CASE_STATUS_UNDER_REVIEW',
  'CASE_STATUS_CLOSED',
] as const;
export const MATCH_STATUSES = [
  'MATCH_STATUS_REQUESTED',
  'MATCH_STATUS_HELD',
  'MATCH_STATUS_CONFIRMED',
  'MATCH_STATUS_REFUSED',
  'MATCH_STATUS_EXPIRED',
  'MATCH_STATUS_WITHDRAWN',
] as const;
export const RESOURCE_KINDS = [
  'RESOURCE_KIND_VOLUNTEER',
  'RESOURCE_KIND_ORGANIZATION',
  'RESOURCE_KIND_DONATION',
] as const;
export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export const URGENCIES = ['low', 'normal', 'high', 'critical'] as const;
export const OUTCOMES = ['resolved', 'withdrawn', 'referred_out', 'unreachable', 'duplicate'] as const;
export const NEED_CATEGORIES = [
  'elder_care',
  'child_care',
  'disability',
  'poverty_relief',
  'mental_health',
  'emergency',
  'property_management',
  'education',
  'culture_sports',
  'health',
  'other',
] as const;
export const CONSENT_GIVERS = ['self', 'guardian', 'relative', 'legal_representative'] as const;
export const CONSENT_SCOPES = [
  'needs_assessment',
  'case_handling',
  'referral_to_partners',
  'statistics',
] as const;
export const WITHDRAW_REASONS = [
  'resident_request',
  'resolved_elsewhere',
  'duplicate',
  'reported_in_error',
  'other',
] as const;
export const NEED_STATUSES = ['reported', 'withdrawn'] as const;
export const ROLES = [
  'district_admin',
  'street_admin',
  'community_staff',
  'social_worker',
  'supervisor',
  'volunteer',
  'organization',
  'charity_coordinator',
  'ops',
  'integration_client',
  'registration_authority',
  'evaluator',
] as const;
export const SCOPE_LEVELS = ['district', 'street', 'community'] as const;
export const ERROR_CODES = [
  'VALIDATION',
  'NOT_FOUND',
  'CONFLICT',
  'ALREADY_EXISTS',
  'ILLEGAL_STATE',
  'FORBIDDEN',
  'UNAUTHENTICATED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;
export const CASE_EVENT_TYPES = [
  'CaseOpened',
  'WorkerCandidatesProposed',
  'WorkerRequested',
  'WorkerAssigned',
  'WorkerRefused',
  'WorkerReleased',
  'CaseAssessed',
  'CasePlanned',
  'CandidatesProposed',
  'CandidatesExhausted',
  'MatchRequested',
  'MatchHeld',
  'MatchConfirmed',
  'MatchRefused',
  'MatchExpired',
  'MatchWithdrawn',
  'MatchReleased',
  'DeliveryRecorded',
  'CaseReviewed',
  'CaseEscalated',
  'ApprovalRequested',
  'ApprovalGranted',
  'ApprovalReturned',
  'TaskScheduled',
  'TaskDone',
  'TaskOverdue',
  'TaskCancelled',
  'TransferRequested',
  'TransferAccepted',
  'TransferDeclined',
  'EscalationTaken',
  'CaseClosed',
] as const;
export const APPROVAL_STEPS = ['assessment', 'plan', 'closure'] as const;
export const APPROVAL_STATUSES = ['pending', 'approved', 'returned'] as const;
export const RETURN_REASONS = [
  'incomplete',
  'risk_misjudged',
  'plan_unsuitable',
  'more_contact_needed',
  'outcome_unsupported',
  'other',
] as const;
export const TASK_KINDS = ['first_contact', 'assessment', 'plan_review', 'follow_up', 'own'] as const;
export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
/** The inbox's kinds, a social worker's first, then a supervisor's, in the order the inbox shows them. */
export const WORKER_ACTION_KINDS = [
  'transfer_offered',
  'approval_returned',
  'task_overdue',
  'case_assigned',
  'match_needs_choice',
  'task_due',
] as const;
export const SUPERVISOR_ACTION_KINDS = [
  'approval_waiting',
  'escalation_waiting',
  'case_overdue',
  'worker_over_caseload',
] as const;
export const ACTION_KINDS = [...WORKER_ACTION_KINDS, ...SUPERVISOR_ACTION_KINDS] as const;
export const ESCALATION_LEVELS = ['community', 'street', 'district'] as const;
export const DELIVERY_SOURCES = ['staff', 'charity', 'volunteer', 'organization'] as const;
export const SCORE_PARTS = ['skillFit', 'nearness', 'loadBalance', 'rating', 'credit'] as const;
export const GIFT_KINDS = ['money', 'goods', 'service'] as const;
export const WORKER_REASONS = ['assign', 'transfer', 'next_candidate'] as const;
export const DONOR_KINDS = ['person', 'enterprise', 'charity_organization'] as const;
export const PAGE_IDS = ['inbox', 'workbench', 'needs', 'charity', 'dashboard', 'ops', 'disclosure'] as const;
export const SIGN_IN_PRESETS = ['worker', 'supervisor', 'staff', 'coordinator', 'admin'] as const;
export const LEDGER_STATUSES = [
  'reserved',
  'allocated',
  'disbursed',
  'confirmed',
  'released',
  'reversed',
] as const;

/** Every family of keys made from a value, with the values it takes. */
export const OPS_SERVICES = [
  'community',
  'organization',
  'social-worker',
  'volunteer',
  'charity',
  'linkage',
] as const;
export const SAGA_REQUEST_KINDS = ['worker', 'volunteer', 'organization', 'donation'] as const;
export const FLOW_HOP_KINDS = ['appended', 'published', 'consumed', 'request', 'answer'] as const;
export const REPLAY_ACTIONS = ['send', 'held', 'already-replayed'] as const;

export const VALUE_KEYS: Record<string, readonly string[]> = {
  'ops.service': OPS_SERVICES,
  'ops.kind': SAGA_REQUEST_KINDS,
  'ops.hopKind': FLOW_HOP_KINDS,
  'ops.planAction': REPLAY_ACTIONS,
  caseStatus: CASE_STATUSES,
  matchStatus: MATCH_STATUSES,
  resourceKind: RESOURCE_KINDS,
  risk: RISK_LEVELS,
  urgency: URGENCIES,
  outcome: OUTCOMES,
  category: NEED_CATEGORIES,
  consentGiver: CONSENT_GIVERS,
  consentScope: CONSENT_SCOPES,
  withdrawReason: WITHDRAW_REASONS,
  needStatus: NEED_STATUSES,
  role: ROLES,
  scopeLevel: SCOPE_LEVELS,
  errorCode: ERROR_CODES,
  event: CASE_EVENT_TYPES,
  historyType: CASE_EVENT_TYPES,
  approvalStep: APPROVAL_STEPS,
  approvalStatus: APPROVAL_STATUSES,
  returnReason: RETURN_REASONS,
  taskKind: TASK_KINDS,
  taskStatus: TASK_STATUSES,
  actionKind: ACTION_KINDS,
  escalation: ESCALATION_LEVELS,
  deliverySource: DELIVERY_SOURCES,
  score: SCORE_PARTS,
  giftKind: GIFT_KINDS,
  ledgerStatus: LEDGER_STATUSES,
  workerReason: WORKER_REASONS,
  hardRules: RESOURCE_KINDS,
  'disclosure.donorKind': DONOR_KINDS,
  nav: PAGE_IDS,
  'signin.preset': SIGN_IN_PRESETS,
};
