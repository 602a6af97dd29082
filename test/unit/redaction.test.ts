// Redaction takes a text out of an audit entry and leaves who, when and why.
import { describe, expect, it } from "vitest";
import { auditInWords } from "../../src/domain/audit-words.js";
import { ragReasonOf, redactAuditValue, repeatedInReason, textsIn } from "../../src/domain/redaction.js";
import { plainWords } from "../../src/domain/words.js";

const removal = { by: "U0ADMIN0001", at: new Date("2017-07-03T09:00:00Z"), reason: "named a child" };

describe("redactAuditValue", () => {
  it("takes every note out when told to, marking each", () => {
    const r = redactAuditValue({ value: 276, base: null, note: "Jayden Smith placed" }, ["note"], "all", removal);
    expect(r.changed).toBe(true);
    expect(r.value).toEqual({
      value: 276,
      base: null,
      note: null,
      noteRemoved: { by: "U0ADMIN0001", at: "2017-07-03T09:00:00.000Z", reason: "named a child" },
    });
    expect(JSON.stringify(r.value)).not.toContain("Jayden");
  });

  it("takes out only the texts given, and leaves other values alone", () => {
    const texts = new Set(["waiting on Jayden"]);
    expect(redactAuditValue({ status: "blocked", note: "waiting on Jayden" }, ["note", "reason"], texts, removal).changed).toBe(true);
    expect(redactAuditValue({ status: "blocked", note: "other" }, ["note", "reason"], texts, removal)).toEqual({
      value: { status: "blocked", note: "other" },
      changed: false,
    });
    for (const v of [null, 5, "text", ["a"], { note: null }]) expect(redactAuditValue(v, ["note"], "all", removal).changed).toBe(false);
  });

  it("finds the reason in a RAG override's update note", () => {
    expect(ragReasonOf("RAG set to Red: no evidence yet")).toBe("no evidence yet");
    expect(ragReasonOf("RAG back to derived")).toBeNull();
  });
});

describe("the audit trail after a redaction", () => {
  const f = { unitOf: () => "count" as const, zone: "Europe/London" };
  const gone = redactAuditValue({ value: 276, base: null, note: "Jayden" }, ["note"], "all", removal).value;
  it.each([
    ["record", null, gone, "276 recorded for June 2017, note: [removed by @U0ADMIN0001 on 3 Jul 2017: “named a child”]"],
    ["correct", gone, { ...(gone as object), value: 277 }, "276 → 277 for June 2017, note [removed by @U0ADMIN0001 on 3 Jul 2017: “named a child”]"],
    ["delete", gone, null, "figure for June 2017 withdrawn (was 276, note: [removed by @U0ADMIN0001 on 3 Jul 2017: “named a child”])"],
    ["redact", null, { field: "note", reason: "named a child", entries: 2 }, "note for June 2017 removed from the figure and 2 audit entries: “named a child”"],
    [
      "screen-override",
      null,
      { field: "note", kinds: ["name", "date-of-birth"] },
      "note for June 2017 stored anyway, though it looked like a person's name, a date of birth",
    ],
  ])("says %s in words without the removed text", (action, oldValue, newValue, text) => {
    const w = auditInWords({ action, subject: "cp-plans@2017-06", oldValue, newValue }, f);
    expect(plainWords(w.words)).toBe(text);
  });
});

describe("a redaction's reason", () => {
  it("may not repeat the names, places and long numbers of what it removes, whatever their case", () => {
    const removed = ["Callum was placed in a secure unit", "Jayden Smith (DOB 03/04/2012) placed out of area, case 123456"];
    expect(repeatedInReason("callum's name was in it", removed)).toEqual(["Callum"]);
    expect(repeatedInReason("Named SMITH and gave 2012 and 123456", removed)).toEqual(["Smith", "2012", "123456"]);
  });

  it("may say why in words the removed text also uses: plain words, lower-case words and short numbers", () => {
    const removed = ["The child was placed out of area; two of 14 referrals"];
    expect(repeatedInReason("named a child placed out of area", removed)).toEqual([]);
    expect(repeatedInReason("the note gave two details and 14 referrals", removed)).toEqual([]);
    expect(repeatedInReason("named a child", [])).toEqual([]);
  });

  it("is checked against every text a redaction removes, from the audit entries too", () => {
    expect(textsIn({ value: 276, note: "Callum placed" }, ["note"])).toEqual(["Callum placed"]);
    expect(textsIn({ status: "blocked", note: "", reason: "waiting" }, ["note", "reason"])).toEqual(["waiting"]);
    for (const v of [null, "text", 5, ["note"]]) expect(textsIn(v, ["note"])).toEqual([]);
  });
});
