// The plan's registers as Block Kit: recommendations with the actions that
// answer them (the regulator's view), the risk register, a risk, and the
// reminder to review risks.
import type { KnownBlock } from "@slack/types";
import { type Action, actionRag, describeDate, STATUS_WORDS } from "../../domain/plan.js";
import { type Theme, themeLabel } from "../../domain/plan-structure.js";
import { isReviewOverdue, type Risk, riskLabel, riskLevel, riskScore } from "../../domain/risk.js";
import { escapeMrkdwn } from "../../domain/text.js";
import type { RecommendationsView } from "../../services/plan-structure.js";
import type { RiskRegister } from "../../services/risks.js";
import { clip, context, header, type Message, message, section, sectionsOfLines } from "./common.js";
import { personText, ragLabel } from "./plan.js";

export function recommendationsMessage(v: RecommendationsView, today: string): Message {
  if (v.progress.length === 0)
    return message("No recommendations yet", [
      section("*Recommendations*: none yet. Import them with `npm run cli -- import-recommendations <file.csv>` (columns `ref,text,source`)."),
    ]);
  const lines: string[] = [];
  for (const p of v.progress) {
    const r = p.recommendation;
    const status = p.worst ? `${ragLabel(p.worst)} · ${p.done} of ${p.actions.length} done` : ":warning: *no action answers this yet*";
    lines.push(`*\`${escapeMrkdwn(r.ref)}\`* ${escapeMrkdwn(clip(r.text, 400))}${r.source ? ` _(${escapeMrkdwn(r.source)})_` : ""}\n${status}`);
    for (const a of p.actions) {
      const rag = ragLabelFor(a, today);
      lines.push(
        `• \`${escapeMrkdwn(a.ref)}\` ${escapeMrkdwn(clip(a.title, 120))}: *${STATUS_WORDS[a.status]}* ${rag} · ${personText(a.ownerId, a.ownerName)}`,
      );
    }
  }
  const n = v.progress.length;
  return message(`Recommendations: ${n}, ${v.unanswered} with no action`, [
    header(`Recommendations and the actions that answer them (${n})`),
    ...sectionsOfLines(lines),
    context(
      `${v.unanswered ? `${v.unanswered} recommendation${v.unanswered === 1 ? " has" : "s have"} no action yet. ` : ""}Each recommendation's RAG is the worst of its actions'. \`/plan <ref>\` for an action.`,
    ),
  ]);
}

function ragLabelFor(a: Action, today: string): string {
  const r = actionRag(a, today);
  return ragLabel(r.status, r.reason);
}

function themeName(themes: readonly Theme[], name: string): string {
  const t = themes.find((x) => x.name === name);
  return escapeMrkdwn(t ? themeLabel(t) : name);
}

export function riskLine(r: Risk, themes: readonly Theme[], today: string): string {
  const level = riskLevel(r);
  const review = r.reviewDate ? ` · review ${describeDate(r.reviewDate)}${isReviewOverdue(r, today) ? " *overdue*" : ""}` : " · no review date";
  return (
    `\`${riskLabel(r.id)}\` *${riskScore(r)} ${level.word}* ${ragLabel(level.status)} (likelihood ${r.likelihood} × impact ${r.impact}): ${escapeMrkdwn(clip(r.text, 300))}\n` +
    `   ${themeName(themes, r.theme)} · owner ${personText(r.ownerId, r.ownerName)}${review}` +
    (r.mitigation ? `\n   _Mitigation: ${escapeMrkdwn(clip(r.mitigation, 300))}_` : "\n   _No mitigation recorded_")
  );
}

export function riskRegisterMessage(reg: RiskRegister, today: string): Message {
  if (reg.risks.length === 0)
    return message("No open risks", [
      section("*Risk register*: no open risks. `/plan risk add <theme> <likelihood 1-5> <impact 1-5> <risk…>` adds one (admins)."),
    ]);
  const high = reg.risks.filter((r) => riskLevel(r).word === "High").length;
  return message(`Risk register: ${reg.risks.length} open, ${high} high`, [
    header(`Risk register (${reg.risks.length} open, ${high} high)`),
    ...sectionsOfLines(reg.risks.map((r) => riskLine(r, reg.themes, today))),
    context("Rated likelihood × impact, 1 to 5 each: 15 and over high, 8 to 12 medium, 6 and under low. Highest first."),
  ]);
}

export function riskDetailMessage(risk: Risk, theme: Theme | null, today: string): Message {
  const themes = theme ? [theme] : [];
  return message(`Risk ${riskLabel(risk.id)}: ${risk.text}`, [
    header(`Risk ${riskLabel(risk.id)}`),
    section(riskLine(risk, themes, today)),
    context(`\`/plan risk ${riskLabel(risk.id)} rate <likelihood> <impact>\`, \`review <date>\`, \`mitigation <text…>\`, \`close <reason…>\``),
  ]);
}

export function riskReviewMessage(risks: Risk[], themes: readonly Theme[], today: string): Message {
  const blocks: KnownBlock[] = [
    section(`:shield: *Risk register: ${risks.length} risk${risks.length === 1 ? "" : "s"} of yours to review.*`),
    ...sectionsOfLines(risks.map((r) => riskLine(r, themes, today))),
    context(
      `Review each: \`/plan risk ${riskLabel(risks[0]!.id)} review <next date>\`, and re-rate it (\`rate <likelihood> <impact>\`) or update its mitigation if they have changed.`,
    ),
  ];
  return message(`Risks to review: ${risks.map((r) => riskLabel(r.id)).join(", ")}`, blocks);
}
