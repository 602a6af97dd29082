// The processes under test: the compiled bot and the floors, each started with
// plain node as production runs them, so that their memory and CPU are their own.
// Their memory and CPU are read from /proc (Linux).
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

export interface NodeProcess {
  child: ChildProcess;
  pid: number;
  /** The last lines it wrote (stdout and stderr), for when it fails. */
  output(): string;
  /** Resolves with the first line on stdout that passes the test. */
  line(test: (line: string) => boolean, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after a few seconds. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

const KEEP_LINES = 200;

export function startNode(script: string, args: string[], env: Record<string, string>, cwd: string): NodeProcess {
  return startProcess(process.execPath, [script, ...args], env, cwd);
}

/** Any command (the bot's own launcher, scripts/run.sh, which execs node: the pid stays the bot's). */
export function startProcess(command: string, args: string[], env: Record<string, string>, cwd: string): NodeProcess {
  const script = [command, ...args].join(" ");
  const child = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/root", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error(`could not start ${script}`);
  const lines: string[] = [];
  const watchers: { test: (l: string) => boolean; resolve: (l: string) => void }[] = [];
  const take = (stream: NodeJS.ReadableStream | null, isStdout: boolean) => {
    let partial = "";
    stream?.on("data", (d: Buffer) => {
      const parts = (partial + d.toString("utf8")).split("\n");
      partial = parts.pop() ?? "";
      for (const l of parts) {
        lines.push(l);
        if (lines.length > KEEP_LINES) lines.shift();
        if (!isStdout) continue;
        for (const w of [...watchers]) {
          if (w.test(l)) {
            watchers.splice(watchers.indexOf(w), 1);
            w.resolve(l);
          }
        }
      }
    });
  };
  take(child.stdout, true);
  take(child.stderr, false);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const proc: NodeProcess = {
    child,
    pid: child.pid,
    output: () => lines.join("\n"),
    line(test, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script}: no expected line within ${timeoutMs} ms:\n${proc.output()}`)), timeoutMs);
        watchers.push({
          test,
          resolve: (l) => {
            clearTimeout(timer);
            resolve(l);
          },
        });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`${script} exited (${code}):\n${proc.output()}`));
        });
      });
    },
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
  return proc;
}

/** Resident memory now and its high-water mark, in MB (VmRSS and VmHWM of /proc/<pid>/status). */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? Number.NaN);
  return { rssMb: kb("VmRSS") / 1024, hwmMb: kb("VmHWM") / 1024 };
}

/** CPU time the process has used (user + system), in ms (/proc/<pid>/stat; clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command: state is field 3, utime 14, stime 15 (1-based in proc(5)); here 0-based from state.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Samples a process's resident memory until stopped: the highest seen, in MB. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  maxMb = 0;
  samples = 0;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 50,
  ) {}

  start(): this {
    const sample = () => {
      try {
        this.maxMb = Math.max(this.maxMb, memoryOf(this.pid).rssMb);
        this.samples += 1;
      } catch {
        // the process has gone
      }
    };
    sample();
    this.timer = setInterval(sample, this.everyMs);
    return this;
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.maxMb;
  }
}

/** Wait until GET url answers 200. */
export async function waitHealthy(url: string, proc: NodeProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`exited (${proc.child.exitCode}) before answering ${url}:\n${proc.output()}`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
