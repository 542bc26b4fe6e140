import { defineConfig } from 'vitest/config';
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Says once why the tests of ../shared/examples are skipped in a clone without it.
    globalSetup: ['test/helpers/shared-notice.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
