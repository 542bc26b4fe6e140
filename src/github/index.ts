/** racebot as a GitHub App: webhook intake, the job processor, the check run and the comment. */
export { createGithubApp, publishCheckRun, prPatchId, CHECK_NAME, CONFIG_FILE, RECHECK, type GithubApp, type GithubAppOptions, type Octo, type PublishCheckRun } from './app.js';
export { createWebhookHandler, signatureValid, DEFAULT_WEBHOOK_PATH, type WebhookOptions } from './webhook.js';
export { parseDelivery, GithubTaskSchema, type GithubTask, type Trigger } from './task.js';
export { createProcessor, type ProcessDeps, type TaskOutcome } from './process.js';
export { GithubError, type GithubErrorCode } from './errors.js';
export { GithubSettingsSchema, githubEnv, appCredentials, describeGithub, type GithubSettings } from './settings.js';
export { runGithubCheck, type GithubCheckInput } from './check.js';
export { prToPatchMail, pullRequestInfo, prMessageId, type PullRequestInfo, type PrMailOptions } from './pr-mail.js';
export { parseRepoConfig, readRepoConfig, RepoConfigSchema, DEFAULT_REPO_CONFIG, type RepoConfig, type ConfigResult } from './config.js';
export { codeBlock, codeSpan, plain } from './markdown.js';
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
