import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 120_000, // e2e tests run the CLI as separate processes; generous on a busy 2-core CI machine
    hookTimeout: 60_000,
    // e2e files each start their own app and fake Slack on free ports: safe in parallel.
    pool: "forks",
  },
});
