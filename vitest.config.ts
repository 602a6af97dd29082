import { configDefaults, defineConfig } from "vitest/config";

// TEST_DATABASE=postgres (`npm run test:postgres`) runs the end-to-end suite on PostgreSQL.
// It leaves out the unit tests (no database) and these end-to-end files, which are the
// same on both databases, so running them twice would prove nothing:
const SAME_ON_BOTH = [
  "test/e2e/lint-rules.test.ts", // Biome and dependency-cruiser on the sources: no database
  "test/e2e/setup.test.ts", // scripts/setup.sh: no database
  "test/e2e/slack-emulator.test.ts", // the Slack emulator alone: no database
  "test/e2e/migrations.test.ts", // checks both providers' migrations in every run
  "test/e2e/sandbox.test.ts", // the sandbox keeps its demonstration data in its own SQLite file, by design
  "test/e2e/sandbox-browser.test.ts", // the same sandbox, in Chromium
];
const postgres = process.env.TEST_DATABASE === "postgres";

export default defineConfig({
  test: {
    include: postgres ? ["test/e2e/**/*.test.ts"] : ["test/**/*.test.ts"],
    exclude: [...configDefaults.exclude, ...(postgres ? SAME_ON_BOTH : [])],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 120_000, // e2e tests run the CLI as separate processes; generous on a busy 2-core CI machine
    hookTimeout: 60_000,
    // e2e tests each start their own app, database and fake Slack on free ports: safe in parallel.
    pool: "forks",
    // Tests run in a random order (the seed is printed; --sequence.seed=<n> repeats a run): each makes the data it reads.
    sequence: { shuffle: true },
  },
});
