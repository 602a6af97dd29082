import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 120_000, // e2e tests run the CLI as separate processes; generous on a busy 2-core CI machine
    hookTimeout: 60_000,
    // e2e tests each start their own app, database and fake Slack on free ports: safe in parallel.
    pool: "forks",
    // Tests run in a random order (the seed is printed; --sequence.seed=<n> repeats a run): each makes the data it reads.
    sequence: { shuffle: true },
  },
});
