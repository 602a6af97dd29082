// Slack's published Web API specification (shared/reference, copied into the
// repo), plus the methods it predates, as the fake checks every call against it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface Param {
  name: string;
  in: string;
  required?: boolean;
}
export interface MethodSpec {
  params: Map<string, Param>;
  required: string[];
}

const specPath = fileURLToPath(new URL("./reference/slack_web_openapi_v2.json", import.meta.url));
const spec = JSON.parse(readFileSync(specPath, "utf8")) as { paths: Record<string, Record<string, { parameters?: Param[] }>> };

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
      const path = spec.paths[`/${method}`];
      if (!path) return null;
      const op = path.post ?? path.get;
      return (op?.parameters ?? []).filter((p) => p.in !== "header");
    })();
  if (!params) return null;
  return { params: new Map(params.map((p) => [p.name, p])), required: params.filter((p) => p.required && p.name !== "token").map((p) => p.name) };
}
