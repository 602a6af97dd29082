// Reading a PDF back as its readers' tools do: poppler's pdftotext and pdfinfo
// (installed for the tests by scripts/test-tools.sh, from the global set-up).
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { tmpDir } from "./cli.js";

const run = promisify(execFile);

export async function pdfText(pdf: Buffer | string, layout = false): Promise<string> {
  const file = typeof pdf === "string" ? pdf : save(pdf);
  return (await run("pdftotext", [...(layout ? ["-layout"] : []), file, "-"], { maxBuffer: 20e6 })).stdout;
}

/** pdfinfo's fields: Title, Tagged, Pages, … */
export async function pdfInfo(pdf: Buffer | string): Promise<Record<string, string>> {
  const file = typeof pdf === "string" ? pdf : save(pdf);
  const { stdout } = await run("pdfinfo", [file]);
  return Object.fromEntries(
    stdout.split("\n").flatMap((line) => {
      const m = /^([^:]+):\s*(.*)$/.exec(line);
      return m ? [[m[1]!, m[2]!]] : [];
    }),
  );
}

/** The tag tree in reading order, with the text of each element (pdfinfo -struct-text). */
export async function pdfStructure(pdf: Buffer | string): Promise<string> {
  const file = typeof pdf === "string" ? pdf : save(pdf);
  return (await run("pdfinfo", ["-struct-text", file], { maxBuffer: 20e6 })).stdout;
}

export async function pdfFonts(pdf: Buffer | string): Promise<string> {
  const file = typeof pdf === "string" ? pdf : save(pdf);
  return (await run("pdffonts", [file])).stdout;
}

function save(pdf: Buffer): string {
  const file = join(tmpDir("pdf-"), "read.pdf");
  writeFileSync(file, pdf);
  return file;
}
