// The set-up that npm start and npm test run first: fast and silent when done,
// and a clear instruction where it cannot install the chart libraries itself.
import { execFile } from "node:child_process";
import { mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { tmpDir } from "../support/cli.js";

const run = promisify(execFile);

describe("scripts/setup.sh", () => {
  it("does nothing on a second run", async () => {
    const { stdout, stderr } = await run("bash", ["scripts/setup.sh"]);
    expect(stdout).toBe("");
    expect(stderr).toBe(""); // no npm ci, no prisma generate
  });

  it("says what to install where it has no apt-get", async () => {
    const bin = join(tmpDir("setup-"), "bin");
    mkdirSync(bin);
    for (const tool of ["dirname", "id"]) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
    const r = await run("/bin/bash", ["scripts/setup.sh"], { env: { PATH: bin } }).catch((e: { code: number; stderr: string }) => e);
    expect(r).toMatchObject({ code: 1 });
    expect((r as { stderr: string }).stderr).toContain("charts need Cairo and Pango development libraries");
    expect((r as { stderr: string }).stderr).toContain("brew install pkg-config cairo pango");
  });
});
