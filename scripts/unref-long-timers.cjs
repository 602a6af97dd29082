// Preloaded (`node --require`) into `prisma migrate deploy` only. Prisma's
// WebAssembly schema engine arms a 10-second timer when it takes PostgreSQL's
// migration advisory lock and never clears it, so the CLI process stays alive
// ten seconds after its work is done, and every start that migrates waits for
// it. Timers of 5 s or more are time-outs, not work: unref'd, they still fire
// if the process is alive, but no longer keep an otherwise finished process
// running. Open database connections keep it alive while there is work.
"use strict";
const original = globalThis.setTimeout;
globalThis.setTimeout = function setTimeoutUnrefLong(callback, ms, ...args) {
  const timer = original(callback, ms, ...args);
  if (typeof ms === "number" && ms >= 5000 && timer && typeof timer.unref === "function") timer.unref();
  return timer;
};
