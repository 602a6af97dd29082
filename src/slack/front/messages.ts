// What the front thread (thread.ts) and the bot's thread (front.ts) say to each other.
import type { Answer, CheckedRequest, HealthReport } from "../http-server.js";

/** The front thread's settings (its workerData). */
export interface FrontSettings {
  port: number;
  host?: string;
  signingSecret: string;
}

export type FromFront =
  | { type: "listening"; port: number }
  | { type: "listen-failed"; message: string; code?: string }
  | { type: "log"; level: "warn" | "error"; fields: Record<string, unknown>; msg: string }
  | { type: "health"; id: number }
  /** `id` 0: acked already, nothing to answer. */
  | { type: "request"; id: number; request: CheckedRequest }
  | { type: "closed" };

export type ToFront = { type: "health"; id: number; report: HealthReport } | { type: "answer"; id: number; answer: Answer } | { type: "close" };
