// The layering of src/ (docs: style.md, "The shape we expect"). Data flows one
// way: slack/, scheduler/ and cli/ call services/, which use db/, charts/,
// pack/ and domain/; nothing reaches back up. `npm run lint` fails on any of these.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Import cycles make load order matter and layers blur: break them by moving the shared piece down.",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "domain-is-pure",
      severity: "error",
      comment: "domain/ is pure functions over plain data: it imports only domain/ (and npm packages such as luxon or zod).",
      from: { path: "^src/domain/" },
      to: { path: "^src/", pathNot: "^src/domain/" },
    },
    {
      name: "db-imports-domain-only",
      severity: "error",
      comment: "db/ holds the queries: it imports only domain/, db/ and the generated Prisma client.",
      from: { path: "^src/db/" },
      to: { path: "^src/", pathNot: "^src/(domain|db|generated)/" },
    },
    {
      name: "charts-import-domain-only",
      severity: "error",
      comment: "charts/ turns domain data into chart configurations and PNGs: it imports only domain/ and charts/.",
      from: { path: "^src/charts/" },
      to: { path: "^src/", pathNot: "^src/(domain|charts)/" },
    },
    {
      name: "pack-imports-domain-only",
      severity: "error",
      comment: "pack/ renders a document (plain data from domain/) as PDF or Word bytes: it imports only domain/ and pack/.",
      from: { path: "^src/pack/" },
      to: { path: "^src/", pathNot: "^src/(domain|pack)/" },
    },
    {
      name: "services-do-not-import-edges",
      severity: "error",
      comment: "services/ return data; slack/, scheduler/ and cli/ call them, never the other way round.",
      from: { path: "^src/services/" },
      to: { path: "^src/(slack|scheduler|cli)/" },
    },
    {
      name: "nothing-imports-cli",
      severity: "error",
      comment: "cli/ is an entry point: nothing outside it imports it.",
      from: { pathNot: "^src/cli/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "nothing-imports-the-sandbox",
      severity: "error",
      comment: "The sandbox stands in for Slack: the bot must not know it is there. Only main.ts may start it (no Slack app configured).",
      from: { pathNot: "^src/(sandbox/|main\\.ts$)" },
      to: { path: "^src/sandbox/" },
    },
    {
      name: "edges-go-through-services",
      severity: "error",
      comment:
        "slack/, scheduler/ and cli/ reach the database, the charts and the pack's renderers through a service (one use case, one entry); " +
        "importing a row type from db/ is fine.",
      from: { path: "^src/(slack|scheduler|cli|sandbox)/" },
      to: { path: "^src/(db|charts|pack)/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "front-thread-is-a-thread-entry",
      severity: "error",
      comment:
        "slack/front/thread.ts runs in the thread that takes Slack's requests, started by file name (slack/front/front.ts): importing it would start a second server.",
      from: {},
      to: { path: "^src/slack/front/thread\\.ts$" },
    },
    {
      name: "front-thread-stays-thin",
      severity: "error",
      comment:
        "The thread that acks (slack/front/thread.ts and what it imports) loads only Node's own modules, Bolt's signature check and its own few files: " +
        "anything more (Bolt, Prisma, the services) costs that thread memory and start-up time, and work there delays acks.",
      from: { path: "^src/slack/(front/(thread|messages)|http-server|replay-memory)\\.ts$" },
      to: {
        pathNot: "^(src/slack/(front/(thread|messages)|http-server|replay-memory)\\.ts|(\\.\\./)*node_modules/@slack/bolt/dist/receivers/verify-request\\.js)$",
        dependencyTypesNot: ["type-only", "core"],
      },
    },
    {
      name: "chart-worker-is-a-process-entry",
      severity: "error",
      comment:
        "charts/worker.ts runs in a child process that services/chart-pool.ts starts by file name (tinypool); importing it would draw charts in the bot's own process, on the thread that answers.",
      from: {},
      to: { path: "^src/charts/worker\\.ts$" },
    },
    {
      name: "drawing-stays-in-the-chart-process",
      severity: "error",
      comment:
        "canvas and chart.js draw synchronously for tens of milliseconds and hold memory: only charts/render.ts (run by the drawing process) loads them; everything else sends a ChartJob to the pool. " +
        "(pack/ loads canvas for the board pack's images, itself loaded only when a pack is made.)",
      from: { pathNot: "^src/(charts/(render|worker)\\.ts$|pack/)" },
      to: { path: ["^src/charts/render\\.ts$", "node_modules/(canvas|chart\\.js|chartjs-node-canvas)/"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      comment: "An import that resolves to nothing: a typo, or a package missing from package.json.",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Type-only imports are dependencies too (a cycle through types is still a cycle).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: ["node_modules", "^src/generated/"] },
    exclude: { path: ["^src/generated/"] },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
    },
    skipAnalysisNotInRules: true,
  },
};
