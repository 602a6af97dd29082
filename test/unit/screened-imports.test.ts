// The screen on imported free text: only the columns named are screened (owners
// are named on purpose), and the texts real plans, registers and catalogues hold
// pass it, so screening them refuses nothing a council would write.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readCsv } from "../../src/domain/csv.js";
import { identifyingProblem } from "../../src/domain/identifying-text.js";
import { textFields } from "../../src/services/csv.js";

const read = (path: string) => {
  const r = readCsv(readFileSync(new URL(path, import.meta.url), "utf8"), []);
  if (!r.ok) throw new Error(`unreadable fixture ${path}`);
  return r.value;
};

describe("textFields", () => {
  const fields = { risk: "Jayden Smith may be placed out of area", owner: "Sarah Jones", mitigation: "weekly panel" };

  it("adds a row problem for a screened column that may identify someone, saying what and how to put it", () => {
    const problems: string[] = [];
    const text = textFields(fields, problems, { columns: new Set(["risk", "mitigation"]), patterns: [] });
    expect(text("risk", 500)).toBe(fields.risk); // still read, so the row's other problems are found too
    expect(text("mitigation", 500)).toBe("weekly panel");
    expect(problems).toEqual([expect.stringMatching(/^risk may identify someone: "Jayden Smith" looks like a person's name: describe people by role/)]);
  });

  it("leaves columns it is not told to screen alone, and screens nothing without columns", () => {
    const problems: string[] = [];
    textFields(fields, problems, { columns: new Set(["mitigation"]), patterns: [] })("owner", 320);
    textFields(fields, problems)("risk", 500);
    expect(problems).toEqual([]);
  });

  it("uses the council's own identifier shapes", () => {
    const problems: string[] = [];
    textFields({ text: "see AB-12 in the log" }, problems, { columns: new Set(["text"]), patterns: [/\bAB-\d{2}\b/gi] })("text", 500);
    expect(problems).toEqual([expect.stringContaining("looks like a case or reference number")]);
  });
});

describe("what councils import passes the screen", () => {
  const screened: [string, string[]][] = [
    ["../../resources/indicators.csv", ["name", "guidance", "group", "england_period"]],
    ["../support/plan/recommendations.csv", ["text", "source"]],
    ["../support/plan/risks.csv", ["risk", "mitigation"]],
    ["../support/plan/improvement-plan.csv", ["theme", "aim", "objective", "action", "measure", "milestones", "evidence"]],
  ];
  it.each(screened)("%s", (path, columns) => {
    const texts = read(path).flatMap((r) => columns.map((c) => r.fields[c] ?? "").filter((t) => t !== ""));
    expect(texts.length).toBeGreaterThan(3);
    expect(texts.map((t) => [t, identifyingProblem(t)]).filter(([, p]) => p !== null)).toEqual([]);
  });

  it.each([
    "Agency social workers leave before permanent staff are recruited",
    "Not enough local foster homes for teenagers",
    "Market supplement proposed; recruitment campaign in January",
    "Supplier milestones monitored monthly by the programme board",
    "First moderated audits reported to the performance board",
    "Signs of Safety training for all team managers",
    "the new system went live on 1 October",
    "partners confirmed for 2027",
  ])("passes %j", (text) => {
    expect(identifyingProblem(text)).toBeNull();
  });

  it.each([
    "Jayden Smith (DOB 03/04/2012) may be placed out of area",
    "Mrs Khan to ring the family on 07700 900123",
    "case 123456 closed",
    "review with the Nowak family",
  ])("catches %j", (text) => {
    expect(identifyingProblem(text)).not.toBeNull();
  });
});
