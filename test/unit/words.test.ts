import { describe, expect, it } from "vitest";
import { notice } from "../../src/domain/result.js";
import { channel, code, joinWords, plainWords, strong, user, words } from "../../src/domain/words.js";
import { mrkdwn, noticeMessage, plainText } from "../../src/slack/blocks/common.js";

describe("words: services say what things are, slack/blocks says how they look", () => {
  const w = words`${user("U01")} set ${joinWords(["a", "b"].map(code), ", ")} to ${strong("Done")} in ${channel("C01")} (${3} times).`;

  it("keeps the parts apart and joins the plain text between them", () => {
    expect(w).toEqual([
      { kind: "user", id: "U01" },
      " set ",
      { kind: "code", text: "a" },
      ", ",
      { kind: "code", text: "b" },
      " to ",
      { kind: "strong", text: "Done" },
      " in ",
      { kind: "channel", id: "C01" },
      " (3 times).",
    ]);
  });

  it("renders as Slack mrkdwn, as plain_text for a modal, and as plain text for a terminal", () => {
    expect(mrkdwn(w)).toBe("<@U01> set `a`, `b` to *Done* in <#C01> (3 times).");
    expect(plainText(w)).toBe("<@U01> set `a`, `b` to Done in <#C01> (3 times).");
    expect(plainWords(w)).toBe("@U01 set `a`, `b` to Done in #C01 (3 times).");
  });

  it("nests: words inside words stay flat", () => {
    expect(words`${words`a ${code("b")}`} c`).toEqual(["a ", { kind: "code", text: "b" }, " c"]);
  });

  it("gives a notice its example as a command in code", () => {
    const m = noticeMessage(notice("error", words`No ${code("x")}.`, "/kpi list"));
    expect(m.text).toBe("No `x`. Try: /kpi list");
    expect(JSON.stringify(m.blocks)).toContain("Try: `/kpi list`");
  });
});
