// The compiled bot (dist/src/main.js) as a real process under plain node, as a
// council's servers run it: several at once for the replica tests.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { PROJECT_ROOT } from "../../src/paths.js";
import { BOT_TOKEN } from "./fake-slack.js";
import { SIGNING_SECRET } from "./harness.js";

const MAIN = join(PROJECT_ROOT, "dist/src/main.js");

/** Compiles to dist/ when a source changed (scripts/build.sh). */
export async function buildOnce(): Promise<void> {
  await promisify(execFile)("bash", [join(PROJECT_ROOT, "scripts/build.sh")]);
}

export interface BotProcess {
  name: string;
  child: ChildProcess;
  port: number;
  output(): string;
  /** JSON log lines whose msg is this. */
  logged(msg: string): number;
  exited: Promise<number | null>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startBotProcess(name: string, env: { SLACK_API_URL: string; DATABASE_URL: string } & Record<string, string>): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], {
    cwd: PROJECT_ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => (out += d));
  child.stderr?.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    name,
    child,
    port,
    output: () => out,
    logged: (msg) => out.split("\n").filter((l) => l.includes(`"msg":${JSON.stringify(msg)}`)).length,
    exited,
  };
}

/** Resolves once /healthz answers 200; fails if the process exits first or after the timeout. */
export async function healthy(bot: BotProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (bot.child.exitCode !== null) throw new Error(`${bot.name} exited (${bot.child.exitCode}):\n${bot.output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${bot.name}: no healthy /healthz after ${timeoutMs} ms:\n${bot.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Polls until `ok` holds; fails with `what` and every process's output after the timeout. */
export async function until(ok: () => boolean | Promise<boolean>, what: string, bots: BotProcess[], timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${bots.map((b) => `--- ${b.name}\n${b.output().slice(-4000)}`).join("\n")}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function kill(bot: BotProcess, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (bot.child.exitCode === null && bot.child.signalCode === null) bot.child.kill(signal);
  await bot.exited;
}
