export * from './errors.ts';
export * from './config.ts';
export * from './logger.ts';
export * from './auth.ts';
export * from './local-keys.ts';
export * from './readiness.ts';
export * from './kafka.ts';
export * from './server.ts';
export * from './lifecycle.ts';
export { startTelemetry, stopTelemetry } from './telemetry.ts';
export { DURATION_BUCKETS, ensureMetrics, meter, metricsPortOf, startMetricsServer } from './metrics.ts';
export { tracedFetch } from './tracedFetch.ts';
export { instrumentGrpc, recordHttpRequest, recordRpcCall } from './requestMetrics.ts';
export { commandHeaders, etagOf } from './http-commands.ts';
export { activeTraceHeaders, commandContext, newRecordId, type CommandContext } from './commandContext.ts';
export {
  commandMetadata,
  historyEntry,
  historyOf,
  historyPage,
  historyQuery,
  historyRoute,
  inWords,
  type HistoryEntry,
  type HistoryEvent,
} from './history.ts';
export {
  assertCreditCode,
  checkCharacter as creditCodeCheckCharacter,
  CODE_ALPHABET as CREDIT_CODE_ALPHABET,
  isValidCreditCode,
} from './creditCode.ts';
export {
  inScope,
  assertInScope,
  scopeFilter,
  withinScope,
  isCityWide,
  CITY_SCOPE_CODE,
  type Place,
} from './scope.ts';
export {
  pageQuery,
  pageSchema,
  encodeCursor,
  decodeCursor,
  afterCursor,
  page,
  type CursorPosition,
} from './paging.ts';
export { PersonalDataVault, sealedSchema, parseMasterKey, type Sealed } from './personal-data.ts';
export {
  PERSONAL_DATA_ACCESS,
  personalDataAccessRoutes,
  recordViewing,
  recordViewings,
  type RpcCaller,
  type Viewing,
} from './personal-data-access.ts';
export {
  errors,
  errorBody,
  isScoped,
  scopeKindOf,
  scopeReasonOf,
  SCOPE_KINDS,
  type DataScope,
  type DeclaredRoute,
  type ErrorStatus,
  type ScopeKind,
} from './access.ts';
export {
  importLineReport,
  importNdjson,
  importReport,
  importRoute,
  MAX_IMPORT_LINES,
  migrationMetadata,
  type ImportLineReport,
  type ImportOutcome,
  type ImportReport,
  type ImportRouteOptions,
} from './ndjsonImport.ts';
export {
  BLIND_FIELDS,
  LOOKUP_FIELDS,
  MATCH_WEIGHTS,
  ID_NUMBER_CONFLICT_PENALTY,
  LIKELY_THRESHOLD,
  POSSIBLE_THRESHOLD,
  birthDateOfIdNumber,
  blindIndexKey,
  blindIndexes,
  isIdNumber,
  normalizeIdNumber,
  normalizeName,
  normalizePhone,
  scoreMatch,
  type BlindField,
  type BlindIndexes,
  type Match,
  type MatchablePerson,
} from './people-match.ts';
export { PeopleIndex, type IndexCandidate, type IndexedPerson } from './people-index.ts';
export { localRulesSource, type LocalRulesSource } from './localRules.ts';
export {
  EXPORT_FORMATS,
  EXPORT_LANGS,
  columnsFor,
  csvField,
  csvLine,
  defuse,
  exportFile,
  exportFileName,
  exportQuery,
  exportSheet,
  exportStream,
  inChunks,
  labelled,
  labelledList,
  mapBounded,
  personalExport,
  personalExportQuery,
  sendExport,
  type Cell,
  type ExportColumn,
  type ExportFormat,
  type ExportLang,
  type ExportOptions,
  type ExportSheet,
  type Labels,
} from './export.ts';
export { NEED_CATEGORY_LABELS, URGENCY_LABELS } from './vocabulary.ts';
