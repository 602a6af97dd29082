// Settings added for issue 9; the rest of config.ts is exercised by every e2e test.
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config.js";

const base = { SLACK_BOT_TOKEN: "xoxb-1-test", SLACK_SIGNING_SECRET: "abcdef0123456789abcdef" };

describe("IDENTIFIER_PATTERNS", () => {
  it("is empty when unset or empty", () => {
    expect(loadConfig(base).identifierPatterns).toEqual([]);
    expect(loadConfig({ ...base, IDENTIFIER_PATTERNS: " " }).identifierPatterns).toEqual([]);
  });

  it("compiles each pattern, keeping commas inside quantifiers", () => {
    const c = loadConfig({ ...base, IDENTIFIER_PATTERNS: "LCS\\d{6,8}, CASE-\\d{4}" });
    expect(c.identifierPatterns.map((r) => r.source)).toEqual(["LCS\\d{6,8}", "CASE-\\d{4}"]);
    expect(c.identifierPatterns.every((r) => r.flags.includes("i"))).toBe(true);
  });

  it("stops with a message that names the variable and the bad pattern", () => {
    let error: unknown;
    try {
      loadConfig({ ...base, IDENTIFIER_PATTERNS: "LCS\\d{6},CASE-(\\d" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^IDENTIFIER_PATTERNS must be regular expressions separated by commas.*"CASE-\(\\d" is not a regular expression/),
    ]);
  });
});

describe("database and delivery settings (issue 14)", () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadConfig({ ...base, ...env });
      return [];
    } catch (e) {
      return (e as ConfigError).problems;
    }
  };

  it("default to a pool of 10, a 30-second statement time-out, a check every minute and a 10-minute lease", () => {
    const c = loadConfig(base);
    expect(c.database).toEqual({ poolSize: 10, statementTimeoutMs: 30_000 });
    expect(c.deliveries).toEqual({ checkSeconds: 60, leaseMs: 600_000 });
  });

  it("take whole numbers in range, 0 meaning no statement time-out, and a check that divides the minute", () => {
    const c = loadConfig({ ...base, DATABASE_POOL_SIZE: "25", DATABASE_STATEMENT_TIMEOUT_MS: "0", DELIVERY_CHECK_SECONDS: "15", DELIVERY_LEASE_SECONDS: "90" });
    expect(c.database).toEqual({ poolSize: 25, statementTimeoutMs: 0 });
    expect(c.deliveries).toEqual({ checkSeconds: 15, leaseMs: 90_000 });
    expect(loadConfig({ ...base, DATABASE_POOL_SIZE: " " }).database.poolSize).toBe(10); // empty counts as unset
  });

  it("stop with a message naming each bad one", () => {
    expect(problems({ DATABASE_POOL_SIZE: "0" })).toEqual(["DATABASE_POOL_SIZE must be a whole number from 1 to 200"]);
    expect(problems({ DATABASE_POOL_SIZE: "ten" })).toEqual(["DATABASE_POOL_SIZE must be a whole number from 1 to 200"]);
    expect(problems({ DATABASE_STATEMENT_TIMEOUT_MS: "-1" })).toEqual(["DATABASE_STATEMENT_TIMEOUT_MS must be a whole number from 0 to 3600000"]);
    expect(problems({ DATABASE_STATEMENT_TIMEOUT_MS: "2.5" })).toEqual(["DATABASE_STATEMENT_TIMEOUT_MS must be a whole number from 0 to 3600000"]);
    expect(problems({ DELIVERY_CHECK_SECONDS: "7" })[0]).toMatch(/^DELIVERY_CHECK_SECONDS must be a whole number of seconds that divides a minute/);
    expect(problems({ DELIVERY_CHECK_SECONDS: "120" })[0]).toMatch(/^DELIVERY_CHECK_SECONDS must/);
    expect(problems({ DELIVERY_LEASE_SECONDS: "0" })).toEqual(["DELIVERY_LEASE_SECONDS must be a whole number from 1 to 86400"]);
  });
});
