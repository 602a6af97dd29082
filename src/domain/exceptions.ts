// Which indicators a board must look at: red, worsening since the previous
// figure, or special-cause concern whatever the RAG. Digests, /kpi and the
// Home tab ask the same question, so they answer it the same way. Pure.
import type { Rag } from "./rag.js";
import type { VariationKind } from "./spc-reading.js";
import type { Change } from "./trend.js";

export type ExceptionReason = "red" | "worsening" | "special-cause concern";

export function exceptionReasons(rag: Rag | null, change: Change | null, spc: VariationKind | null | undefined): ExceptionReason[] {
  const reasons: ExceptionReason[] = [];
  if (rag?.status === "red") reasons.push("red");
  if (change?.judgement === "worsening") reasons.push("worsening");
  if (spc === "concern") reasons.push("special-cause concern");
  return reasons;
}
