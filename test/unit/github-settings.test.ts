/** The GitHub App's settings: both spellings of the environment, what is logged, the key file. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { appCredentials, describeGithub, githubEnv, GithubSettingsSchema } from '../../src/github/settings.js';

const load = (env: Record<string, string>) => loadConfig({ file: null, env, subsystems: { subsystems: [] } }).github;

describe('github settings', () => {
  it("Probot's names (APP_ID, PRIVATE_KEY_PATH, WEBHOOK_SECRET, GHE_HOST) turn the App on", () => {
    const dir = mkdtempSync(join(tmpdir(), 'racebot-key-'));
    writeFileSync(join(dir, 'app.pem'), '-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n');
    const g = load({ APP_ID: '123', PRIVATE_KEY_PATH: join(dir, 'app.pem'), WEBHOOK_SECRET: 's3cret', GHE_HOST: 'ghe.example.org' });
    expect([g.appId, g.privateKeyPath, g.webhookSecret, g.baseUrl]).toEqual(['123', join(dir, 'app.pem'), 's3cret', 'https://ghe.example.org/api/v3']);
    const creds = appCredentials(g);
    expect(creds.ok && creds.value.privateKey.startsWith('-----BEGIN PRIVATE KEY-----')).toBe(true);
    const said = JSON.stringify(describeGithub(g));
    expect(said).toContain('"webhooks":"on at /api/github/webhooks"');
    expect(said).toContain(`"app":"on (app id 123, key from ${join(dir, 'app.pem')})"`);
    expect(said).not.toContain('s3cret');
    expect(said).not.toContain('PRIVATE KEY');
  });

  it("racebot's names, and they win over Probot's; PRIVATE_KEY with \\n escapes", () => {
    const g = load({ GITHUB_APP_ID: '7', APP_ID: '8', GITHUB_PRIVATE_KEY: 'a\\nb', PRIVATE_KEY: 'zzz', GITHUB_WEBHOOK_SECRET: 'one', WEBHOOK_SECRET: 'two', GITHUB_API_URL: 'http://127.0.0.1:1', GHE_HOST: 'x' });
    expect([g.appId, g.privateKey, g.webhookSecret, g.baseUrl]).toEqual(['7', 'a\nb', 'one', 'http://127.0.0.1:1']);
    expect(githubEnv({ RACEBOT_GITHUB_PUBLISH_PRIVATE: 'true' })).toEqual({ publishPrivate: true });
  });

  it('says what is missing instead of being silently off', () => {
    const g = load({ APP_ID: '5' });
    const c = appCredentials(g);
    expect(c.ok).toBe(false);
    if (!c.ok) expect([c.error.code, c.error.message]).toEqual(['no-credentials', 'no privateKey (GITHUB_PRIVATE_KEY, PRIVATE_KEY or PRIVATE_KEY_PATH)']);
    expect(describeGithub(g).webhooks).toBe('off (no webhook secret: GITHUB_WEBHOOK_SECRET or WEBHOOK_SECRET)');
    const unreadable = appCredentials(GithubSettingsSchema.parse({ appId: 5, privateKeyPath: '/nonexistent/app.pem' }));
    expect(unreadable.ok ? null : [unreadable.error.code, unreadable.error.message]).toEqual(['key-unreadable', 'the private key file /nonexistent/app.pem cannot be read (ENOENT)']);
  });

  it('the github: section is validated (a number app id is fine, an unknown key is not)', () => {
    expect(GithubSettingsSchema.parse({ appId: 42 }).appId).toBe('42');
    expect(GithubSettingsSchema.safeParse({ appid: 42 }).success).toBe(false);
    expect(GithubSettingsSchema.safeParse({ maxWebhookBytes: -1 }).success).toBe(false);
    expect(GithubSettingsSchema.parse({}).maxWebhookBytes).toBe(25 * 1024 * 1024);
  });
});
