import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { boltLogger, createLogger } from "../../src/log.js";
import { describeRequest } from "../../src/slack/request-log.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger("debug", stream) };
}

describe("logs", () => {
  it("never carry a token, whether in a field or inside a message", () => {
    const { lines, log } = capture();
    log.info({ token: "xoxb-123-secret", config: { headers: { Authorization: "Bearer xoxb-123-secret" } } }, "calling Slack");
    boltLogger(log).debug("http request headers: Authorization Bearer xoxb-999-alsosecret and xapp-1-A1-secret");
    const all = lines.join("");
    expect(all).toContain("calling Slack");
    expect(all).toContain("[redacted]");
    expect(all).not.toMatch(/xoxb-|xapp-|secret/);
  });
});

describe("errors in logs", () => {
  it("carry their stack, with any token or database password masked", () => {
    const { lines, log } = capture();
    const e = new Error("call failed for xoxb-123-secret at postgres://board:hunter2@db.council.gov.uk/board");
    log.error({ err: e }, "something broke");
    const entry = JSON.parse(lines[0]!) as { err: { type: string; message: string; stack: string } };
    expect(entry.err.type).toBe("Error");
    expect(entry.err.stack).toContain("log.test.ts");
    expect(entry.err.message).toBe("call failed for [redacted] at postgres://board:[redacted]@db.council.gov.uk/board");
    expect(lines.join("")).not.toMatch(/xoxb-|hunter2/);
  });
});

describe("the line logged per request", () => {
  it("names the command and its first word, never the rest of the text", () => {
    expect(describeRequest({ command: "/kpi", text: "cp-plans 276 2017-06 Jayden Smith placed out of area" })).toEqual({
      kind: "command",
      command: "/kpi",
      sub: "cp-plans",
    });
    expect(describeRequest({ command: "/plan", text: "" })).toEqual({ kind: "command", command: "/plan" });
    expect(describeRequest({ command: "/kpi", text: "<@U123> hello" })).toEqual({ kind: "command", command: "/kpi" });
  });

  it("names the action, view or event", () => {
    expect(describeRequest({ type: "block_actions", actions: [{ action_id: "plan_done" }] })).toEqual({ kind: "action", action: "plan_done" });
    expect(describeRequest({ type: "view_submission", view: { callback_id: "plan_due" } })).toEqual({ kind: "view", view: "plan_due" });
    expect(describeRequest({ type: "event_callback", event: { type: "app_home_opened" } })).toEqual({ kind: "event", event: "app_home_opened" });
  });
});
