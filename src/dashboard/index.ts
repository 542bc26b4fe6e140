/** The dashboard: a request handler over a FindingStore (memory or Redis), and its pages. */
export { createDashboardHandler, type DashboardHandler, type DashboardOptions } from './handler.js';
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
  type FromMailsOptions,
} from './store.js';
export { RedisFindingStore, type RedisFindingStoreOptions } from './redis-store.js';
export { findingPath, findingUrls, patchPath, seriesPath } from './pages.js';
export { startDashboardDevServer, checkIntoStore, emlFiles, type DevServer, type DevServerOptions } from './dev-server.js';
