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
