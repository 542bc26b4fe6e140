/** racebot as a GitHub App: the Probot app, the PR -> PatchMail adapter, the check run and comment. */
export { createGithubApp, publishCheckRun, prPatchId, CHECK_NAME, CONFIG_FILE, RECHECK, type GithubApp, type GithubAppOptions, type GithubCheckJob, type GithubCheckResult, type PublishCheckRun } from './app.js';
export { prToPatchMail, pullRequestInfo, prMessageId, type PullRequestInfo, type PrMailOptions } from './pr-mail.js';
export { parseRepoConfig, RepoConfigSchema, DEFAULT_REPO_CONFIG, type RepoConfig, type ConfigResult } from './config.js';
export {
  annotationsFor,
  batches,
  checkSummary,
  commentBody,
  conclusionOf,
  titleOf,
  historyOf,
  sinceLastPush,
  ANNOTATIONS_PER_REQUEST,
  COMMENT_MARKER,
  type Annotation,
  type Conclusion,
  type PushResult,
} from './report.js';
