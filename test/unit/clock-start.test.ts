// CLOCK_START: a setting for benchmarks and tests only (npm run bench moves the bot's clock with it).
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const base = { SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "abcdefabcdefabcdef" };

describe("CLOCK_START", () => {
  it("is unset by default: real time", () => {
    expect(loadConfig(base).clockStart).toBeNull();
    expect(loadConfig({ ...base, CLOCK_START: " " }).clockStart).toBeNull();
  });

  it("takes an ISO-8601 instant with its offset", () => {
    expect(loadConfig({ ...base, CLOCK_START: "2017-07-03T08:00:30+01:00" }).clockStart).toEqual(new Date("2017-07-03T07:00:30Z"));
    expect(() => loadConfig({ ...base, CLOCK_START: "2017-07-03 08:00" })).toThrow(/CLOCK_START must be an ISO-8601 instant/);
  });

  it("is refused in production", () => {
    expect(() => loadConfig({ ...base, NODE_ENV: "production", CLOCK_START: "2017-07-03T08:00:00Z" })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, NODE_ENV: "production", CLOCK_START: "2017-07-03T08:00:00Z" })).toThrow(/benchmarks and tests only/);
  });
});
