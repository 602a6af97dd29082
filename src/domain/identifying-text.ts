// A screen for free text that identifies a person: dates of birth, NHS numbers,
// postcodes and addresses, telephone numbers, e-mail addresses, case or
// reference numbers (built-in shapes and the council's own), and names.
// Board notes are aggregate commentary ("two sibling groups of four moved the
// rate"); figures, periods, percentages and counts are normal in them and never
// trip the screen. Pure: the council's extra patterns are a parameter.
//
// Names are recognised with compromise (MIT, bundled English lexicon of first
// and last names with the ambiguous ones marked, contextual tagging of
// honorifics and possessives): no model to download, works offline, a few
// milliseconds a note. It is used for its lexicon and its people() match; the
// rules around it here add names with an age, a title or a relative ("Grace
// (14)", "Mrs Khan", "brother Liam"), and keep councils, teams and services
// ("Chelsea and Westminster health team", "Jordan Park team") and month and
// RAG words out. A first name it does not know, with nothing around it that
// marks it as a name ("Callum was placed…"), gets through: see the corpus.
import { createRequire } from "node:module";
import type compromise from "compromise";
import { err, ok, type Result } from "./result.js";

// compromise builds its lexicon when loaded (about half a second from its one-file CommonJS
// build, twice that from its ES modules), so it is loaded on the first screen, not at start-up.
let loaded: typeof compromise | null = null;
function nlp(text: string): ReturnType<typeof compromise> {
  loaded ??= createRequire(import.meta.url)("compromise") as typeof compromise;
  return loaded(text);
}

export type IdentifyingKind = "date-of-birth" | "nhs-number" | "postcode" | "address" | "phone" | "email" | "reference" | "name";

export interface Finding {
  kind: IdentifyingKind;
  /** What tripped the screen, as written. */
  text: string;
  start: number;
  end: number;
  /** For the user, privately: what it looked like and how to put it without identifying anyone. */
  advice: string;
}

export interface Screen {
  identifying: boolean;
  findings: Finding[];
}

const ADVICE: Record<IdentifyingKind, { what: string; instead: string }> = {
  "date-of-birth": { what: "a date of birth", instead: 'give an age band instead, such as "a child under 5"' },
  "nhs-number": { what: "an NHS number", instead: "leave it out: the board needs the figure, not whose it is" },
  postcode: { what: "a postcode", instead: 'name the area instead, such as "the north locality"' },
  address: { what: "a street address", instead: 'name the area instead, such as "the north locality"' },
  phone: { what: "a telephone number", instead: "name the team to contact instead" },
  email: { what: "an e-mail address", instead: 'name the team or role instead, such as "the MASH manager"' },
  reference: { what: "a case or reference number", instead: 'describe the case in general terms, such as "one family", without its number' },
  name: { what: "a person's name", instead: 'describe people by role or group, such as "a sibling group of three" or "the team manager"' },
};

/** What a kind of finding is, in words: "a person's name". */
export function kindWords(kind: IdentifyingKind): string {
  return ADVICE[kind].what;
}

export function adviceFor(kind: IdentifyingKind): string {
  return `looks like ${ADVICE[kind].what}: ${ADVICE[kind].instead}`;
}

/** One line per finding, for the private reply that says why a text was not stored. */
export function describeFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `"${f.text}" ${f.advice}`);
}

/** Why a text may not be stored as it is (for an import's row report), or null when it passes. */
export function identifyingProblem(text: string, extraPatterns: readonly RegExp[] = []): string | null {
  const s = screenText(text, extraPatterns);
  return s.identifying ? `may identify someone: ${describeFindings(s.findings).join("; ")}` : null;
}

// ---------- numbers and shapes ----------

/** NHS numbers: 10 digits whose last is the modulus 11 check digit of the first nine. */
export function nhsChecksumOk(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

// 3-3-4 as the NHS prints it, with spaces or dashes, or ten digits together.
const NHS = /(?<![\d£$€.,/-])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d%]|[.,/-]\d)/g;
// After the word NHS, ten digits are an NHS number even with a wrong check digit (a typo in one is still one).
const NHS_CUED = /\bNHS(?:\s*(?:number|no\.?|#))?\s*[:-]?\s*(\d{3}[ -]?\d{3}[ -]?\d{4})(?![\d%]|[.,/-]\d)/gi;
const EMAIL = /[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// +44, 0044 or 0, then digits with single separators; the run must end at a group boundary,
// so "01-04-2017 31-03-2018" is never read as 0104201731.
const PHONE = /(?<![\w+£$€.,/])(?:\+44|0044|\(?0)(?:[ \-.()]{0,2}\d){8,12}(?!\d|[-.(/]\d)/g;
const POSTCODE = /\b([A-Z]{1,2}\d[A-Z\d]?) ?(\d[ABD-HJLNP-UW-Z]{2})\b/gi;
const ORDINAL = /^\d(?:st|nd|rd|th)$/i;
const MONTH = "(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const DATE = [
  "\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:\\d{4}|\\d{2})",
  "\\d{4}-\\d{2}-\\d{2}",
  `\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH}\\.?,?\\s+(?:\\d{4}|'?\\d{2})`,
  `${MONTH}\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}`,
  `${MONTH}\\.?\\s+\\d{4}`,
].join("|");
// "DOB", "D.O.B.", "date of birth": identifying whatever follows. "born" only with a date.
const DOB_CUE = new RegExp(`\\b(?:d\\.?\\s?o\\.?\\s?b\\b\\.?|date of birth|birth ?date)(?:\\s*[:\\-]?\\s*(?:${DATE}))?`, "gi");
const BORN = new RegExp(`\\bborn\\s+(?:on\\s+|in\\s+)?(?:${DATE})`, "gi");
const STREET = "Road|Rd|Street|St|Avenue|Ave|Lane|Close|Drive|Crescent|Terrace|Grove|Gardens|Mews";
const ADDRESS = new RegExp(`\\b\\d{1,4}[a-z]?,?\\s+(?:[A-Z][a-z']+\\s+){1,3}(?:${STREET})\\b`, "g");

// Case and reference numbers: a word that introduces one, then an id with at least four digits.
const REF_KEYWORD =
  /\b(?:case|ref(?:erence)?|id|client|child|person|file|mosaic|lcs|liquid ?logic|eclipse|ics|carefirst|crn|urn|upn|uln|nino|chi)\b\.?(?:\s*(?:no\.?|number|num|ref|id))?\s*[:#]?\s*([A-Z]{0,4}[-/]?\d[\w/-]*)/gi;
const REF_SHAPES: RegExp[] = [
  /\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/g, // National Insurance number
  /\b[A-Z]\d{11}[A-Z\d]\b/g, // unique pupil number
  /\b[A-Z]{2}\d{2}[A-Z]\d{5}\b/g, // family court case number
  /\b[A-Z]{1,4}[-/]?\d{5,}\b/gi, // LCS123456, CAF-12345
  /#\d{4,}\b/g,
  /(?<![\d£$€.,])\d{7,}(?![\d%]|[.,]\d)/g, // a long bare number: no figure in a note looks like this
];
const YEARISH = /^(?:19|20)\d{2}(?:[-/]\d{2,4})?$/;

function digitCount(s: string): number {
  return (s.match(/\d/g) ?? []).length;
}

function phoneDigits(candidate: string): string | null {
  let d = candidate.replace(/\D/g, "");
  if (/^\+44|^0044/.test(candidate.trim())) {
    d = d.replace(/^(?:00)?44/, "");
    d = `0${d.replace(/^0/, "")}`; // +44 (0)1642 …
  }
  if (/^0[1-3578]\d{8,9}$/.test(d) && (d.length === 11 || /^0[18]/.test(d))) return d;
  return null;
}

// ---------- names ----------

type Lexicon = Record<string, string | undefined>;
interface Model {
  one: { lexicon: Lexicon };
  two: { switches: Record<string, string | undefined> };
}
let modelCache: Model | null = null;
function model(): Model {
  if (!modelCache) {
    nlp(""); // loads compromise
    modelCache = (loaded as unknown as { model(): Model }).model();
  }
  return modelCache;
}
const NAME_TAGS = new Set(["FirstName", "MaleName", "FemaleName", "LastName", "Person"]);

/** Known to compromise as a name, perhaps also as something else ("Grace", "Mark"). */
function nameWord(word: string): boolean {
  const w = word.toLowerCase();
  const tag = model().one.lexicon[w];
  return (tag !== undefined && NAME_TAGS.has(tag)) || (model().two.switches[w]?.includes("Person") ?? false);
}

/** A name and nothing else ("Jayden", "Smith"): safe to catch even in lower case. */
function onlyAName(word: string): boolean {
  const w = word.toLowerCase();
  const tag = model().one.lexicon[w];
  return tag !== undefined && NAME_TAGS.has(tag) && model().two.switches[w] === undefined;
}

function capitalised(word: string): boolean {
  return /^\p{Lu}\p{Ll}/u.test(word);
}

// Words that are never a person here, though compromise may think so: months, days, RAG.
const NEVER_NAMES = new Set([
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday",
  "red",
  "amber",
  "green",
]);
// A name followed by one of these is a team, service, place or organisation: "Jordan Park team".
const ORG_NOUNS =
  /^(?:team|teams|service|services|hospital|trust|council|house|centre|center|unit|school|academy|college|court|ward|locality|hub|partnership|project|foundation|primary|nursery|ccg|icb|police|nhs|health|road|street|avenue|lane|way|close|drive|estate|fields|children's|family|families|model|programme|review|report|award|scheme|road's|group|network|practice|surgery|clinic|campus|office|offices|panel|board|university|county|borough|city|district|town|village)$/i;
const AGE_AFTER =
  /^\s*(?:\(\s*(?:aged?\s*)?\d{1,2}\s*(?:y|yo|yrs?|years?(?:\s+old)?)?\s*\)|,\s*(?:aged?\s+)?\d{1,2}\s*(?:y|yo|yrs?|years?(?:\s+old)?)?\s*(?:,|$|\)|;)|\s+aged?\s+\d{1,2}\b|,?\s+\d{1,2}\s*(?:yo|y\/o|yrs?\b|years?\s+old))/i;
const EXPLICIT_AGE_AFTER =
  /^\s*(?:\(\s*(?:aged?\s*\d{1,2}|\d{1,2}\s*(?:y|yo|yrs?|years?(?:\s+old)?))\s*\)|,?\s+aged?\s+\d{1,2}\b|,?\s+\d{1,2}\s*(?:yo|y\/o|years?\s+old))/i;
const HONORIFIC = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+[A-Z][\p{L}'-]+/gu;
const RELATIVE =
  /\b(?:mum|mam|mother|dad|father|nan|nana|nanna|gran|grandma|grandad|granddad|aunt|auntie|aunty|uncle|stepdad|stepmum|step-dad|step-mum|baby|brother|sister|son|daughter|cousin|nephew|niece)\s+([A-Z][\p{L}'-]*)/giu;
const FAMILY =
  /\bthe\s+([A-Z][\p{L}'-]+)\s+(?:family|household|twins|siblings|children|boys|girls)\b(?!\s+(?:hubs?|support|services?|centres?|court|group|work|drug|network|meeting|conference|time|help|programme|model))/gu;
const INITIAL_SURNAME = /\b[A-Z]\.?\s([A-Z][\p{L}'-]+)\b/gu;

interface Term {
  text: string;
  /** Punctuation after the word, as compromise keeps it apart: ", " or "'s". */
  post: string;
  start: number;
  end: number;
  tags: string[];
}

function termsOf(doc: ReturnType<typeof compromise>): Term[] {
  const json = doc.json({ offset: true, terms: { offset: true } }) as {
    terms: { text: string; post: string; tags: string[]; offset: { start: number; length: number } }[];
  }[];
  return json.flatMap((s) => s.terms.map((t) => ({ text: t.text, post: t.post, start: t.offset.start, end: t.offset.start + t.offset.length, tags: t.tags })));
}

/** A word that starts an organisation or place name ("Chelsea and Westminster health team")? */
function partOfOrganisation(terms: Term[], i: number): boolean {
  for (let j = i + 1; j < Math.min(terms.length, i + 5); j++) {
    // "Sarah Jones, team manager" and "Reece Hall's court hearing" are people.
    if (/[,;:.!?)'’]|['’]s$/u.test(terms[j - 1]!.post) || /['’]s$/u.test(terms[j - 1]!.text)) break;
    const w = terms[j]!.text.replace(/[^\p{L}']/gu, "");
    if (ORG_NOUNS.test(w)) return true;
    if (!(capitalised(w) || /^x+$/.test(w) || /^(?:and|&|of|upon|on|the)$/i.test(w))) break;
  }
  return false;
}

function sentenceStart(text: string, start: number): boolean {
  return /(?:^|[.!?;:]\s*|\n\s*)$/.test(text.slice(0, start).replace(/[("'“‘\s]+$/, (m) => (m.includes("(") ? m : "")));
}

// English and Welsh councils with children's services: place names that compromise may take for
// people ("Milton Keynes", "Kent", "Sutton"). Masked before names are looked for.
const COUNCILS = [
  "Barking and Dagenham",
  "Barnet",
  "Barnsley",
  "Bath and North East Somerset",
  "Bedford",
  "Bexley",
  "Birmingham",
  "Blackburn with Darwen",
  "Blackpool",
  "Bolton",
  "Bournemouth",
  "Christchurch",
  "Poole",
  "Bracknell Forest",
  "Bradford",
  "Brent",
  "Brighton and Hove",
  "Bristol",
  "Bromley",
  "Buckinghamshire",
  "Bury",
  "Calderdale",
  "Cambridgeshire",
  "Camden",
  "Central Bedfordshire",
  "Cheshire East",
  "Cheshire West and Chester",
  "City of London",
  "Cornwall",
  "Coventry",
  "Croydon",
  "Cumberland",
  "Darlington",
  "Derby",
  "Derbyshire",
  "Devon",
  "Doncaster",
  "Dorset",
  "Dudley",
  "Durham",
  "Ealing",
  "East Riding of Yorkshire",
  "East Sussex",
  "Enfield",
  "Essex",
  "Gateshead",
  "Gloucestershire",
  "Greenwich",
  "Hackney",
  "Halton",
  "Hammersmith and Fulham",
  "Hampshire",
  "Haringey",
  "Harrow",
  "Hartlepool",
  "Havering",
  "Herefordshire",
  "Hertfordshire",
  "Hillingdon",
  "Hounslow",
  "Isle of Wight",
  "Isles of Scilly",
  "Islington",
  "Kensington and Chelsea",
  "Kent",
  "Kingston upon Hull",
  "Hull",
  "Kingston upon Thames",
  "Kingston",
  "Kirklees",
  "Knowsley",
  "Lambeth",
  "Lancashire",
  "Leeds",
  "Leicester",
  "Leicestershire",
  "Lewisham",
  "Lincolnshire",
  "Liverpool",
  "Luton",
  "Manchester",
  "Medway",
  "Merton",
  "Middlesbrough",
  "Milton Keynes",
  "Newcastle upon Tyne",
  "Newcastle",
  "Newham",
  "Norfolk",
  "North East Lincolnshire",
  "North Lincolnshire",
  "North Northamptonshire",
  "North Somerset",
  "North Tyneside",
  "North Yorkshire",
  "Northumberland",
  "Nottingham",
  "Nottinghamshire",
  "Oldham",
  "Oxfordshire",
  "Peterborough",
  "Plymouth",
  "Portsmouth",
  "Reading",
  "Redbridge",
  "Redcar and Cleveland",
  "Redcar",
  "Cleveland",
  "Richmond upon Thames",
  "Richmond",
  "Rochdale",
  "Rotherham",
  "Rutland",
  "Salford",
  "Sandwell",
  "Sefton",
  "Sheffield",
  "Shropshire",
  "Slough",
  "Solihull",
  "Somerset",
  "South Gloucestershire",
  "South Tyneside",
  "Southampton",
  "Southend-on-Sea",
  "Southend",
  "Southwark",
  "St Helens",
  "Staffordshire",
  "Stockport",
  "Stockton-on-Tees",
  "Stockton",
  "Stoke-on-Trent",
  "Stoke",
  "Suffolk",
  "Sunderland",
  "Surrey",
  "Sutton",
  "Swindon",
  "Tameside",
  "Telford and Wrekin",
  "Telford",
  "Thurrock",
  "Torbay",
  "Tower Hamlets",
  "Trafford",
  "Wakefield",
  "Walsall",
  "Waltham Forest",
  "Wandsworth",
  "Warrington",
  "Warwickshire",
  "West Berkshire",
  "West Northamptonshire",
  "West Sussex",
  "Westminster",
  "Westmorland and Furness",
  "Wigan",
  "Wiltshire",
  "Windsor and Maidenhead",
  "Wirral",
  "Wokingham",
  "Wolverhampton",
  "Worcestershire",
  "York",
  "Blaenau Gwent",
  "Bridgend",
  "Caerphilly",
  "Cardiff",
  "Carmarthenshire",
  "Ceredigion",
  "Conwy",
  "Denbighshire",
  "Flintshire",
  "Gwynedd",
  "Anglesey",
  "Merthyr Tydfil",
  "Monmouthshire",
  "Neath Port Talbot",
  "Newport",
  "Pembrokeshire",
  "Powys",
  "Rhondda Cynon Taf",
  "Swansea",
  "Torfaen",
  "Vale of Glamorgan",
  "Wrexham",
];
const COUNCIL_NAMES = new RegExp(
  `\\b(?:${[...COUNCILS]
    .sort((a, b) => b.length - a.length)
    .map((c) => c.replace(/[-]/g, "\\-"))
    .join("|")})\\b`,
  "g",
);

function maskCouncils(text: string): string {
  return text.replace(COUNCIL_NAMES, (m) => m.replace(/\p{L}/gu, "x"));
}

function nameFindings(original: string): { start: number; end: number }[] {
  // Same length, so every offset still points into the original.
  const text = maskCouncils(original);
  const doc = nlp(text);
  const terms = termsOf(doc);
  const spans: { start: number; end: number }[] = [];
  const clean = (w: string) => w.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, "").replace(/['’]s$/u, "");

  // compromise's people(), word by word: a capitalised name, or a pair of lower-case words that are only names.
  const people = doc.people().json({ offset: true }) as { offset: { start: number; length: number } }[];
  for (const p of people) {
    const inMatch = terms.filter((t) => t.start >= p.offset.start && t.end <= p.offset.start + p.offset.length);
    if (inMatch.length === 0) continue;
    // A month or RAG word alone is not a person ("left in June,"); beside a name it may be one ("Nathan Green").
    const names = inMatch.filter((t) => !NEVER_NAMES.has(clean(t.text).toLowerCase()));
    const first = inMatch[0]!;
    const last = inMatch.at(-1)!;
    const before = terms[terms.indexOf(first) - 1];
    const after = terms[terms.indexOf(last) + 1];
    // "Beverley office", "Jordan Park team", "Chelsea and Westminster health team": places and services.
    if (inMatch.some((t) => ORG_NOUNS.test(clean(t.text))) || partOfOrganisation(terms, terms.indexOf(last))) continue;
    // "after the Kent transfers": one name-like word used as an adjective.
    if (inMatch.length === 1 && before && /^(?:the|a|an)$/i.test(before.text) && after && /^\p{Ll}/u.test(after.text) && !/[,;:.]/.test(first.post)) continue;
    const hit = names.some((t) => {
      const w = clean(t.text);
      if (!capitalised(w)) return false;
      if (!(nameWord(w) || t.tags.includes("Person") || t.tags.includes("Honorific"))) return false;
      // Capitalised only because it opens a sentence, and a word as well as a name ("Grace period"): not enough alone.
      return !(sentenceStart(text, t.start) && !onlyAName(w) && inMatch.length === 1);
    });
    const lowerPair = names.length >= 2 && names.every((t) => nameWord(clean(t.text))) && names.some((t) => onlyAName(clean(t.text)));
    if (hit || lowerPair) spans.push({ start: first.start, end: first.start + text.slice(first.start, last.end).replace(/[^\p{L}'’]+$/u, "").length });
  }

  // A name and nothing else, then a capitalised word: "Reece Hall's court hearing".
  for (const [i, t] of terms.entries()) {
    const w = clean(t.text);
    const next = terms[i + 1];
    if (!next || !capitalised(w) || !onlyAName(w) || /\S/.test(t.post)) continue;
    const n = clean(next.text);
    if (capitalised(n) && !NEVER_NAMES.has(n.toLowerCase()) && !ORG_NOUNS.test(n) && !partOfOrganisation(terms, i + 1)) {
      spans.push({ start: t.start, end: next.start + n.length });
    }
  }

  // A name with an age: "Grace (14)", "Zainab, aged 7", "jayden, 7,", "Oluwaseun aged 9".
  for (const [i, t] of terms.entries()) {
    const w = clean(t.text);
    if (!w || NEVER_NAMES.has(w.toLowerCase())) continue;
    const after = text.slice(t.start + t.text.replace(/[^\p{L}']+$/u, "").length);
    const knownName = (capitalised(w) && nameWord(w)) || onlyAName(w);
    // A word compromise does not know, written as a name ("Oluwaseun, aged 9"); not a plural ("Referrals aged 0-4").
    const unknownProper = capitalised(w) && model().one.lexicon[w.toLowerCase()] === undefined && !t.tags.includes("Place") && !t.tags.includes("Plural");
    if ((knownName && AGE_AFTER.test(after)) || (unknownProper && EXPLICIT_AGE_AFTER.test(after))) {
      if (!partOfOrganisation(terms, i)) spans.push({ start: t.start, end: t.start + w.length });
    }
  }

  for (const m of text.matchAll(HONORIFIC)) spans.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(RELATIVE)) {
    const name = m[1]!;
    // "baby P", "brother Liam": a capital after a relative is a name, but not a month or RAG word.
    if (NEVER_NAMES.has(name.toLowerCase()) || ORG_NOUNS.test(name)) continue;
    if (!/^[A-Z]/.test(name)) continue;
    // "the Baby P review": a case known by its review, not a child named in a note.
    if (
      ORG_NOUNS.test(
        text
          .slice(m.index + m[0].length)
          .trim()
          .split(/\s+/)[0] ?? "",
      )
    )
      continue;
    spans.push({ start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(FAMILY)) spans.push({ start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(INITIAL_SURNAME)) {
    if (onlyAName(m[1]!) && model().one.lexicon[m[1]!.toLowerCase()] === "LastName") spans.push({ start: m.index, end: m.index + m[0].length });
  }
  return spans;
}

// ---------- the screen ----------

function add(out: Finding[], kind: IdentifyingKind, text: string, start: number, end: number): void {
  out.push({ kind, text: text.slice(start, end).trim(), start, end, advice: adviceFor(kind) });
}

/**
 * Screen free text for what identifies a person. `extraPatterns` are the council's own
 * case or reference number shapes (the IDENTIFIER_PATTERNS setting).
 */
export function screenText(text: string, extraPatterns: readonly RegExp[] = []): Screen {
  const found: Finding[] = [];
  for (const m of text.matchAll(EMAIL)) add(found, "email", text, m.index, m.index + m[0].length);
  for (const m of text.matchAll(NHS)) {
    if (nhsChecksumOk(`${m[1]}${m[3]}${m[4]}`)) add(found, "nhs-number", text, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(NHS_CUED)) add(found, "nhs-number", text, m.index, m.index + m[0].length);
  for (const m of text.matchAll(PHONE)) {
    // Longest first: drop trailing groups until what is left is a telephone number.
    const groups = m[0].split(/(?<=\S)\s+(?=\S)/);
    for (let n = groups.length; n > 0; n--) {
      const candidate = groups.slice(0, n).join(" ");
      if (phoneDigits(candidate)) {
        add(found, "phone", text, m.index, m.index + candidate.length);
        break;
      }
    }
  }
  for (const m of text.matchAll(DOB_CUE)) add(found, "date-of-birth", text, m.index, m.index + m[0].length);
  for (const m of text.matchAll(BORN)) add(found, "date-of-birth", text, m.index, m.index + m[0].length);
  for (const m of text.matchAll(POSTCODE)) {
    if (ORDINAL.test(m[2]!)) continue; // "s47 1st visit"
    add(found, "postcode", text, m.index, m.index + m[0].length);
  }
  for (const m of text.matchAll(ADDRESS)) add(found, "address", text, m.index, m.index + m[0].length);
  for (const m of text.matchAll(REF_KEYWORD)) {
    const id = m[1]!;
    if (digitCount(id) < 4 || YEARISH.test(id)) continue;
    add(found, "reference", text, m.index, m.index + m[0].length);
  }
  for (const shape of [...REF_SHAPES, ...extraPatterns.map(globalCopy)]) {
    for (const m of text.matchAll(shape)) {
      if (m[0] === "") continue;
      add(found, "reference", text, m.index, m.index + m[0].length);
    }
  }
  for (const s of nameFindings(text)) add(found, "name", text, s.start, s.end);
  const findings = dropOverlaps(found);
  return { identifying: findings.length > 0, findings };
}

const PRIORITY: IdentifyingKind[] = ["email", "nhs-number", "phone", "date-of-birth", "postcode", "address", "reference", "name"];

/** One finding per stretch of text: the most specific kind, then the longest. */
function dropOverlaps(found: Finding[]): Finding[] {
  const ranked = [...found].sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - b.start - (a.end - a.start));
  const kept: Finding[] = [];
  for (const f of ranked) {
    if (!kept.some((k) => f.start < k.end && k.start < f.end)) kept.push(f);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function globalCopy(re: RegExp): RegExp {
  return new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
}

// ---------- the IDENTIFIER_PATTERNS setting ----------

/** The flags the council's patterns are compiled with: case does not matter in an id. */
export const IDENTIFIER_PATTERN_FLAGS = "gi";

/** Split on commas that are not inside (), [] or {} and not escaped: \d{6,8} keeps its comma. */
export function splitPatterns(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\\" && i + 1 < text.length) {
      current += c + text[i + 1]!;
      i++;
      continue;
    }
    if ("([{".includes(c)) depth++;
    if (")]}".includes(c)) depth = Math.max(0, depth - 1);
    if (c === "," && depth === 0) {
      out.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  out.push(current);
  return out.map((p) => p.trim()).filter((p) => p !== "");
}

/** Compile the setting's patterns, or say which one is wrong. */
export function parseIdentifierPatterns(text: string): Result<RegExp[]> {
  const out: RegExp[] = [];
  for (const p of splitPatterns(text)) {
    let re: RegExp;
    try {
      re = new RegExp(p, IDENTIFIER_PATTERN_FLAGS);
    } catch (e) {
      return err(`"${p}" is not a regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`);
    }
    if (re.test("")) return err(`"${p}" matches empty text, so it would flag every note`);
    re.lastIndex = 0;
    out.push(re);
  }
  return ok(out);
}
