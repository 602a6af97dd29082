// Slack's published Web API specification (resources/slack, copied from
// shared/reference), plus the methods it predates: the emulator checks every
// call the bot makes against it.
import { readFileSync } from "node:fs";
import { projectPath } from "../../paths.js";

interface Param {
  name: string;
  in: string;
  required?: boolean;
}
export interface MethodSpec {
  params: Map<string, Param>;
  required: string[];
}

type Spec = { paths: Record<string, Record<string, { parameters?: Param[] }>> };
let spec: Spec | null = null; // 1.2 MB: read on first use, once

function loaded(): Spec {
  spec ??= JSON.parse(readFileSync(projectPath("resources/slack/slack_web_openapi_v2.json"), "utf8")) as Spec;
  return spec;
}

// Newer than the published file (slack.md lists their arguments).
const SUPPLEMENT: Record<string, Param[]> = {
  "files.getUploadURLExternal": [
    { name: "filename", in: "formData", required: true },
    { name: "length", in: "formData", required: true },
    { name: "alt_text", in: "formData" },
    { name: "snippet_type", in: "formData" },
  ],
  "files.completeUploadExternal": [
    { name: "files", in: "formData", required: true },
    { name: "channel_id", in: "formData" },
    { name: "channels", in: "formData" },
    { name: "initial_comment", in: "formData" },
    { name: "thread_ts", in: "formData" },
    { name: "blocks", in: "formData" },
  ],
  "apps.connections.open": [],
};

export function methodSpec(method: string): MethodSpec | null {
  const params =
    SUPPLEMENT[method] ??
    (() => {
      const path = loaded().paths[`/${method}`];
      if (!path) return null;
      const op = path.post ?? path.get;
      return (op?.parameters ?? []).filter((p) => p.in !== "header");
    })();
  if (!params) return null;
  return { params: new Map(params.map((p) => [p.name, p])), required: params.filter((p) => p.required && p.name !== "token").map((p) => p.name) };
}
