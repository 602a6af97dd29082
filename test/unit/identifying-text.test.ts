// The screen for text that identifies a person: a corpus of realistic notes both
// ways, the shapes one by one, and properties over generated text.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  describeFindings,
  type IdentifyingKind,
  nhsChecksumOk,
  parseIdentifierPatterns,
  screenText,
  splitPatterns,
} from "../../src/domain/identifying-text.js";
import { plainWords } from "../../src/domain/words.js";

interface CorpusNote {
  text: string;
  identifying: boolean;
  kind?: IdentifyingKind;
  /** An identifying note the screen is known to miss, and why: tested as a miss, so a fix shows. */
  knownMiss?: string;
}
const corpus: CorpusNote[] = JSON.parse(readFileSync(new URL("../support/notes-corpus.json", import.meta.url), "utf8"));

const kinds = (text: string, extra: RegExp[] = []) => screenText(text, extra).findings.map((f) => f.kind);

describe("the corpus of board notes", () => {
  it("has at least 300 notes of both kinds", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(300);
    expect(corpus.filter((n) => n.identifying).length).toBeGreaterThanOrEqual(100);
    expect(corpus.filter((n) => !n.identifying).length).toBeGreaterThanOrEqual(200);
  });

  it("passes every ordinary note untouched", () => {
    const flagged = corpus
      .filter((n) => !n.identifying)
      .map((n) => ({ text: n.text, found: screenText(n.text).findings.map((f) => `${f.kind}: ${f.text}`) }))
      .filter((n) => n.found.length);
    expect(flagged).toEqual([]);
  });

  it("catches every identifying note, as what it is", () => {
    const missed = corpus
      .filter((n) => n.identifying && !n.knownMiss)
      .filter((n) => !kinds(n.text).includes(n.kind!))
      .map((n) => ({ text: n.text, expected: n.kind, found: kinds(n.text) }));
    expect(missed).toEqual([]);
  });

  it("still misses the known misses (remove the mark when one is caught)", () => {
    for (const n of corpus.filter((c) => c.knownMiss)) expect(screenText(n.text).identifying, n.text).toBe(false);
  });
});

describe("what the screen says", () => {
  it("lists what tripped it, with how to put it instead", () => {
    const s = screenText("Jayden Smith (DOB 03/04/2012) placed out of area");
    expect(s.identifying).toBe(true);
    expect(s.findings.map((f) => [f.kind, f.text])).toEqual([
      ["name", "Jayden Smith"],
      ["date-of-birth", "DOB 03/04/2012"],
    ]);
    const lines = describeFindings(s.findings);
    expect(lines[0]).toBe(
      '"Jayden Smith" looks like a person\'s name: describe people by role or group, such as "a sibling group of three" or "the team manager"',
    );
    expect(lines[1]).toContain("looks like a date of birth: give an age band instead");
  });

  it("returns no findings, not an exception, for ordinary text and for nothing at all", () => {
    expect(screenText("")).toEqual({ identifying: false, findings: [] });
    expect(screenText("two sibling groups of four moved the rate")).toEqual({ identifying: false, findings: [] });
  });

  it("gives each stretch of text one finding, the most specific", () => {
    // Ten digits that pass the check are an NHS number, not also a long reference number.
    expect(kinds("4010232137 on the referral")).toEqual(["nhs-number"]);
  });
});

describe("shapes", () => {
  it.each([
    ["DOB 3.4.12", "date-of-birth"],
    ["d.o.b. 03/04/12", "date-of-birth"],
    ["date of birth 2012-04-03", "date-of-birth"],
    ["born 3rd April 2012", "date-of-birth"],
    ["born on 03/04/2012", "date-of-birth"],
    ["born in June 2015", "date-of-birth"],
    ["NHS 401 023 2137", "nhs-number"],
    ["401-023-2137", "nhs-number"],
    ["4010232137", "nhs-number"],
    ["TS18 1AB", "postcode"],
    ["ts18 1ab", "postcode"],
    ["SW1A 1AA", "postcode"],
    ["M11AE", "postcode"],
    ["07700 900123", "phone"],
    ["07700900123", "phone"],
    ["+44 7700 900123", "phone"],
    ["+44 (0)1642 527000", "phone"],
    ["(01642) 527000", "phone"],
    ["020 7946 0018", "phone"],
    ["a.b@council.gov.uk", "email"],
    ["<mailto:a@b.org|a@b.org>", "email"],
    ["case no. 20931", "reference"],
    ["Mosaic ID 1234567", "reference"],
    ["QQ123456C", "reference"],
    ["A123456789012", "reference"],
    ["LV12C01234", "reference"],
    ["#123456", "reference"],
    ["12345678", "reference"],
    ["12 Acacia Avenue", "address"],
    ["Mrs Khan", "name"],
    ["Liam, aged 7,", "name"],
    ["Grace (14)", "name"],
    ["the Smith family", "name"],
    ["brother Liam", "name"],
  ] as const)("catches %s as %s", (text, kind) => {
    expect(kinds(`note: ${text} today`)).toContain(kind);
  });

  it.each([
    "2017-06",
    "Jun 2017",
    "June 2017",
    "2017/18 Q1",
    "Q1 2017/18",
    "2017-W23",
    "98%",
    "12/15",
    "1,234",
    "276",
    "42.8 per 10,000",
    "£250000",
    "£1.2m",
    "0.5 FTE",
    "1:18",
    "09:00",
    "s47",
    "S17",
    "section 20",
    "01/04/2017 to 31/03/2018",
    "01-04-2017 31-03-2018",
    "visit on 14/03/2018",
    "aged 0-4",
    "16-17 year olds",
    "s47 1st visits",
    "Year 7 2nd term",
    "the Baby P review",
    "Red to Amber",
    "left in June, May figures late",
    "Children aged 10 to 15",
    "Hartlepool (4), Stockton (6)",
    "case 2017/18 audit",
    "case 12 of 40",
    "Ofsted ref",
    "Children Act 1989",
    "Kensington and Chelsea",
    "Milton Keynes",
    "after the Kent transfers",
  ])("passes %s", (text) => {
    expect(screenText(text).findings).toEqual([]);
  });

  it("takes the council's own id shapes as a parameter", () => {
    const extra = parseIdentifierPatterns("LCS-[A-Z]{2}-\\d{4},EH\\d{3,5}");
    expect(extra.ok).toBe(true);
    if (!extra.ok) return;
    expect(kinds("stepped down LCS-AB-1234 in May", extra.value)).toEqual(["reference"]);
    expect(kinds("eh4471 closed", extra.value)).toEqual(["reference"]); // case does not matter in an id
    expect(kinds("stepped down LCS-AB-1234 in May")).toEqual([]);
  });
});

describe("NHS numbers", () => {
  it("checks the modulus 11 digit", () => {
    expect(nhsChecksumOk("9434765919")).toBe(true);
    expect(nhsChecksumOk("9434765918")).toBe(false);
    expect(nhsChecksumOk("4010232137")).toBe(true);
  });

  /** A valid NHS number: nine digits and their check digit (never 10). */
  const nhsNumber = fc
    .array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
    .map((d) => {
      const sum = d.reduce((s, x, i) => s + x * (10 - i), 0);
      const check = (11 - (sum % 11)) % 11;
      return { digits: d.join(""), check };
    })
    .filter((n) => n.check !== 10)
    .map((n) => `${n.digits}${n.check}`);
  const layout = fc.constantFrom(
    (n: string) => n,
    (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`,
    (n: string) => `${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
  );

  it("catches any valid NHS number, with or without spaces or dashes, in ordinary commentary", () => {
    fc.assert(
      fc.property(nhsNumber, layout, commentary(), fc.boolean(), (n, lay, note, atEnd) => {
        const text = atEnd ? `${note} ${lay(n)}` : `${lay(n)} ${note}`;
        expect(screenText(text).findings.some((f) => f.kind === "nhs-number" && f.text.replace(/\D/g, "") === n)).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it("does not call ten digits with a wrong check digit an NHS number", () => {
    const invalid = fc
      .array(fc.integer({ min: 0, max: 9 }), { minLength: 10, maxLength: 10 })
      .map((d) => d.join(""))
      .filter((n) => !nhsChecksumOk(n));
    fc.assert(
      fc.property(invalid, layout, commentary(), (n, lay, note) => {
        expect(screenText(`${note} ${lay(n)}`).findings.some((f) => f.kind === "nhs-number")).toBe(false);
      }),
      { numRuns: 60 },
    );
  });
});

/** Board commentary from a small grammar: subjects, movements, figures, periods, reasons, places. */
function commentary(): fc.Arbitrary<string> {
  const subject = fc.constantFrom(
    "Referrals",
    "Contacts to the front door",
    "CP plans",
    "Children looked after",
    "Agency social workers",
    "Care leavers in EET",
    "Assessments within 45 working days",
    "Re-referrals",
    "Caseloads in the east team",
    "Strategy discussions within 1 working day",
    "Section 47 enquiries",
    "s47 enquiries",
    "PLO cases",
    "Missing episodes",
    "ICPC timeliness",
    "Health assessments for CLA",
    "Case file audits judged good",
    "IRO caseloads",
    "Return home interviews",
    "Placements 20 miles away",
    "UASC numbers",
    "LADO referrals",
  );
  const verb = fc.constantFrom("rose", "fell", "held steady", "improved", "dipped", "increased", "were stable", "moved");
  const figure = fc.oneof(
    fc.integer({ min: 0, max: 5000 }).map(String),
    fc.integer({ min: 1000, max: 999_999 }).map((n) => n.toLocaleString("en-GB")),
    fc.integer({ min: 0, max: 1000 }).map((n) => `${n / 10}%`),
    fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 60 })).map(([b, n]) => `${Math.min(n, b)}/${b}`),
    fc.integer({ min: 0, max: 9999 }).map((n) => `${n / 10} per 10,000`),
    fc.integer({ min: 1, max: 30 }).map((n) => `${n} points`),
    fc.integer({ min: 1, max: 300 }).map((n) => `${n / 10} FTE`),
    fc.integer({ min: 1, max: 90 }).map((n) => `£${n / 10}m`),
  );
  const month = fc.constantFrom("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec", "June", "September");
  const year = fc.integer({ min: 2010, max: 2030 });
  const period = fc.oneof(
    fc.tuple(year, fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, "0")}`),
    fc.tuple(month, year).map(([m, y]) => `${m} ${y}`),
    fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, q]) => `${y}/${String((y + 1) % 100).padStart(2, "0")} Q${q}`),
    fc.tuple(year, fc.integer({ min: 1, max: 4 })).map(([y, q]) => `Q${q} ${y}/${String((y + 1) % 100).padStart(2, "0")}`),
    fc.tuple(year, fc.integer({ min: 1, max: 52 })).map(([y, w]) => `${y}-W${String(w).padStart(2, "0")}`),
    month,
  );
  const reason = fc.constantFrom(
    "after the MASH restructure",
    "because two sibling groups of four came into care",
    "with Signs of Safety embedded",
    "as agency staff left",
    "following the Ofsted ILACS inspection",
    "due to late figures from the police",
    "in the north locality",
    "after the PLO gateway panel",
    "with the Frontline cohort in post",
    "as the Mockingbird constellation grew",
    "while Mosaic was upgraded",
    "after strategy discussions moved to the MASH",
    "with CAMHS waiting times still long",
    "as the DfE adviser asked",
    "",
  );
  const place = fc.constantFrom(
    "",
    "in Hartlepool",
    "in Stockton",
    "across Redcar and Cleveland",
    "in the Jordan Park team",
    "in Milton Keynes",
    "in Kent",
    "in the Chelsea and Westminster health team",
    "in the Beverley office",
  );
  return fc.tuple(subject, verb, figure, period, reason, place).map(([s, v, f, p, r, pl]) => [s, v, "to", f, "in", p, r, pl].filter(Boolean).join(" "));
}

describe("generated board commentary", () => {
  it("passes untouched", () => {
    fc.assert(
      fc.property(commentary(), (note) => {
        expect(screenText(note).findings).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it("is caught once a mobile number, an e-mail address or a postcode is added", () => {
    const mobile = fc
      .integer({ min: 0, max: 999_999_999 })
      .map((n) => `07${String(n).padStart(9, "0")}`)
      .map((n) => `${n.slice(0, 5)} ${n.slice(5)}`);
    const email = fc
      .tuple(fc.stringMatching(/^[a-z]{1,8}(\.[a-z]{1,8})?$/), fc.constantFrom("council.gov.uk", "gmail.com", "school.sch.uk"))
      .map(([u, d]) => `${u}@${d}`);
    const postcode = fc
      .tuple(
        fc.constantFrom("TS", "DL", "LS", "M", "NE", "SW1A", "B", "CF"),
        fc.integer({ min: 1, max: 29 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom("AB", "RT", "QT", "UW", "XY", "ZZ"),
      )
      .map(([a, n, d, tail]) => `${a}${a.length === 4 ? "" : n} ${d}${tail}`);
    fc.assert(
      fc.property(
        commentary(),
        fc.oneof(
          mobile.map((t) => ["phone", t] as const),
          email.map((t) => ["email", t] as const),
          postcode.map((t) => ["postcode", t] as const),
        ),
        (note, [kind, bit]) => {
          expect(kinds(`${note}; contact ${bit}`)).toContain(kind);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("IDENTIFIER_PATTERNS", () => {
  it("splits on commas outside brackets and braces", () => {
    expect(splitPatterns("LCS\\d{6,8},CASE-[0-9,]{4}, (a|b),\\,x")).toEqual(["LCS\\d{6,8}", "CASE-[0-9,]{4}", "(a|b)", "\\,x"]);
    expect(splitPatterns("")).toEqual([]);
  });

  it("names a pattern that does not compile, or that matches nothing at all", () => {
    const bad = parseIdentifierPatterns("LCS\\d{6},CASE-(\\d");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(plainWords(bad.error.text)).toContain('"CASE-(\\d" is not a regular expression');
    const empty = parseIdentifierPatterns("x*");
    expect(empty.ok).toBe(false);
    if (!empty.ok) expect(plainWords(empty.error.text)).toContain("matches empty text");
  });
});
