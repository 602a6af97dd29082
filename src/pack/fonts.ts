// The fonts embedded in the PDF: DejaVu Sans, from Debian's fonts-dejavu-core
// (scripts/setup.sh installs it with the chart libraries; the charts use it too).
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface PackFonts {
  regular: string;
  bold: string;
}

const DIRECTORIES = [
  "/usr/share/fonts/truetype/dejavu", // Debian, Ubuntu
  "/usr/share/fonts/dejavu-sans-fonts", // Fedora
  "/usr/share/fonts/TTF", // Arch
  "/usr/local/share/fonts",
  "/opt/homebrew/share/fonts",
  "/Library/Fonts", // macOS: brew install --cask font-dejavu
  join(homedir(), "Library", "Fonts"),
];

export class MissingFontError extends Error {}

/** The font files, or an error that says what to install. */
export function packFonts(dirs: string[] = DIRECTORIES): PackFonts {
  for (const dir of dirs) {
    const regular = join(dir, "DejaVuSans.ttf");
    const bold = join(dir, "DejaVuSans-Bold.ttf");
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  throw new MissingFontError(
    "The board pack embeds the DejaVu Sans font, and it is not installed. Debian/Ubuntu (as root): apt-get install fonts-dejavu-core (npm start and npm test install it); macOS: brew install --cask font-dejavu.",
  );
}
