/** The dashboard: a request handler over a FindingStore (memory or Redis), and its pages. */
export { createDashboardHandler, cursorToken, type DashboardGate, type DashboardHandler, type DashboardOptions } from './handler.js';
export { publication, strictestPolicy, EMPTY_POLICY_STATE, type Publication, type GateInput } from './visibility.js';
export { traceReplayCommand, tracedVariant } from '../report/replay.js';
export { serviceGate, type PolicyReaders } from './service-gate.js';
export { securityHeaders, contentSecurityPolicy } from './headers.js';
export {
  MemoryFindingStore,
  patchesFromMails,
  patchFromMail,
  storedReport,
  keyOf,
  familyOf,
  listsOf,
  subsystemOf,
  versionHistory,
  groupBySeries,
  type FindingStore,
  type StoredPatch,
  type StoredReport,
  type PatchFilter,
  type SeriesSummary,
  type Audience,
  type Cursor,
  type Page,
  type PageRequest,
  type FromMailsOptions,
} from './store.js';
export { RedisFindingStore, type RedisFindingStoreOptions } from './redis-store.js';
export { findingPath, findingUrls, patchPath, seriesPath } from './pages.js';
export { startDashboardDevServer, checkIntoStore, emlFiles, type DevServer, type DevServerOptions } from './dev-server.js';
