import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { boltLogger, createLogger } from "../../src/log.js";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { lines.push(String(chunk)); done(); } });
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
