// The processes under test: the compiled bot and the floors, each started with
// plain node as production runs them, so that their memory and CPU are their own.
// Their memory and CPU are read from /proc (Linux).
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
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

/**
 * The process and all its descendants (the bot draws its charts in a child
 * process), from /proc/<pid>/task/<tid>/children. A process that ends while
 * being read is left out.
 */
export function processTree(pid: number): number[] {
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    let tasks: string[];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const tid of tasks) {
      let children = "";
      try {
        children = readFileSync(`/proc/${p}/task/${tid}/children`, "utf8");
      } catch {
        // the thread has ended
      }
      for (const c of children.split(" ").filter(Boolean)) visit(Number(c));
    }
  };
  visit(pid);
  return out;
}

function statusKb(pid: number, field: string): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"))?.[1] ?? 0); // none in a zombie
  } catch {
    return 0; // a descendant that has just ended
  }
}

/**
 * Resident memory now, of the process and its descendants together (VmRSS
 * summed: pages they share, such as node's own code, count once for each, so
 * this is the larger reading), and the process's own high-water mark (VmHWM),
 * in MB.
 */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } {
  if (!existsSync(`/proc/${pid}/status`)) throw new Error(`process ${pid} has ended`);
  const rssKb = processTree(pid).reduce((sum, p) => sum + statusKb(p, "VmRSS"), 0);
  return { rssMb: rssKb / 1024, hwmMb: statusKb(pid, "VmHWM") / 1024 };
}

/** CPU time used (user + system), in ms, by the process and its descendants still running (/proc/<pid>/stat; clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the command: state is field 3, utime 14, stime 15 (1-based in proc(5)); here 0-based from state.
      return sum + (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return sum;
    }
  }, 0);
}

/**
 * Resident kB by what is mapped (a file's path, [heap], [stack], or [anon]),
 * and of those the kB shared with other processes (/proc/<pid>/smaps).
 */
export function residentByMapping(pid: number): Map<string, { rss: number; shared: number }> {
  const out = new Map<string, { rss: number; shared: number }>();
  let text = "";
  try {
    text = readFileSync(`/proc/${pid}/smaps`, "utf8");
  } catch {
    return out; // it has ended
  }
  let mapping = { rss: 0, shared: 0 };
  for (const line of text.split("\n")) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      const name = head[1] || "[anon]";
      mapping = out.get(name) ?? { rss: 0, shared: 0 };
      out.set(name, mapping);
      continue;
    }
    const kb = /^(Rss|Shared_Clean|Shared_Dirty):\s+(\d+) kB/.exec(line);
    if (kb) mapping[kb[1] === "Rss" ? "rss" : "shared"] += Number(kb[2]);
  }
  return out;
}

/**
 * MB that summing the tree's VmRSS counts twice: pages of the same file (node's
 * own code, libc) resident in the process and shared by a descendant. For each
 * file both map, the smaller of the process's resident part and the
 * descendant's shared part.
 */
export function sharedWithDescendantsMb(pid: number): number {
  const [, ...descendants] = processTree(pid);
  if (!descendants.length) return 0;
  const own = residentByMapping(pid);
  let kb = 0;
  for (const d of descendants) for (const [name, m] of residentByMapping(d)) if (name.startsWith("/")) kb += Math.min(own.get(name)?.rss ?? 0, m.shared);
  return kb / 1024;
}

/**
 * Samples the resident memory of a process and its descendants until stopped:
 * the highest seen, in MB, as VmRSS summed (maxMb), and with the pages they
 * share counted once (maxOnceMb; what they share is read at most once a second,
 * as reading it costs more than the sample).
 */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private shared = 0;
  private sharedAt = 0;
  maxMb = 0;
  maxOnceMb = 0;
  samples = 0;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 50,
  ) {}

  start(): this {
    const sample = () => {
      try {
        const rss = memoryOf(this.pid).rssMb;
        if (performance.now() - this.sharedAt > 1000) {
          this.shared = sharedWithDescendantsMb(this.pid);
          this.sharedAt = performance.now();
        }
        this.maxMb = Math.max(this.maxMb, rss);
        this.maxOnceMb = Math.max(this.maxOnceMb, rss - this.shared);
        this.samples += 1;
      } catch {
        // the process has gone
      }
    };
    sample();
    this.timer = setInterval(sample, this.everyMs);
    return this;
  }

  /** The highest seen: { summed, each shared page once }. */
  stop(): { sumMb: number; onceMb: number } {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return { sumMb: this.maxMb, onceMb: this.maxOnceMb };
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
