import { describe, expect, it } from "vitest";
import { parsePlanCommand } from "../../src/domain/plan-command.js";
import { plainWords } from "../../src/domain/words.js";

describe("parsePlanCommand", () => {
  it.each([
    ["", { kind: "mine" }],
    ["list", { kind: "list", theme: null }],
    ["list front-line practice", { kind: "list", theme: "front-line practice" }],
    ["2.3", { kind: "show", ref: "2.3" }],
    ["2.3 on-track", { kind: "status", ref: "2.3", status: "on_track", note: null }],
    ["2.3 at-risk waiting for legal advice", { kind: "status", ref: "2.3", status: "at_risk", note: "waiting for legal advice" }],
    ["2.3 due 2026-12-31 new case system late", { kind: "due", ref: "2.3", date: "2026-12-31", reason: "new case system late" }],
    ["2.3 owner <@U0123456789>", { kind: "reassign", ref: "2.3", role: "owner", userId: "U0123456789" }],
    ["channel <#C0123456789|board>", { kind: "channel", channelId: "C0123456789" }],
    ["2.3 rag red partner funding withdrawn", { kind: "rag", ref: "2.3", status: "red", reason: "partner funding withdrawn" }],
    ["2.3 rag auto", { kind: "rag", ref: "2.3", status: null, reason: null }],
  ])("reads %j", (text, expected) => {
    expect(parsePlanCommand(text)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["2.3 due 2026-12-31", "reason"],
    ["2.3 due", "new due date"],
    ["2.3 finished", "I don't know"],
    ["2.3 owner bob", "not a Slack user"],
    ["channel general", "not a channel"],
    ["2.3 not-started", "I don't know"],
    ["2.3 rag red", "Give the reason"],
    ["2.3 rag purple why", "Say red, amber or green"],
  ])("refuses %s", (text, why) => {
    const r = parsePlanCommand(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(plainWords(r.error.text)).toContain(why);
  });
});
