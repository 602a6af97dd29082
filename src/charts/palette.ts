// Okabe-Ito colours (safe for the common colour-vision deficiencies), chosen
// from those with at least 3:1 contrast against the white chart background.
export const PALETTE = {
  value: "#0072B2", // blue
  target: "#D55E00", // vermillion
  england: "#000000", // black
  mean: "#555555", // grey
  limits: "#7A7A7A",
  improving: "#0072B2",
  concern: "#D55E00",
  neutral: "#8A5A9E", // purple
  grid: "#E3E3E3",
  text: "#1A1A1A",
  background: "#FFFFFF",
} as const;

function channel(c: number): number {
  const s = c / 255;
  return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio between two colours. */
export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}
