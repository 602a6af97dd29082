// The set-up that npm start and npm test run first: fast and silent when done,
// and a clear instruction where it cannot install the chart libraries itself.
import { execFile } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
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

  it("never runs apt-get when the libraries are there, however many runs at once", async () => {
    // apt-get and npm, as the set-up would find them first on PATH: each records that it ran, and fails.
    const dir = tmpDir("setup-race-");
    const bin = join(dir, "bin");
    mkdirSync(bin);
    const ran = join(dir, "ran.log");
    for (const tool of ["apt-get", "npm"]) {
      writeFileSync(join(bin, tool), `#!/bin/sh\necho "${tool} $*" >> ${ran}\nexit 100\n`);
      chmodSync(join(bin, tool), 0o755);
    }
    // A machine with many fonts: fc-list writes long after a reader that stops at the first line has gone.
    writeFileSync(
      join(bin, "fc-list"),
      `#!/bin/sh\necho "/usr/share/fonts/first.ttf: First:style=Book"\nsleep 0.05\nseq 1 20000 | sed 's|.*|/usr/share/fonts/f&.ttf: Font &:style=Book|'\n`,
    );
    chmodSync(join(bin, "fc-list"), 0o755);
    const env = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
    const codes: number[] = [];
    for (let round = 0; round < 6; round++) {
      const batch = await Promise.all(
        Array.from({ length: 8 }, () =>
          run("bash", ["scripts/setup.sh"], { env }).then(
            () => 0,
            (e: { code: number }) => e.code,
          ),
        ),
      );
      codes.push(...batch);
    }
    expect(codes).toEqual(Array(48).fill(0));
    expect(existsSync(ran) ? readFileSync(ran, "utf8") : "").toBe("");
  });
});
