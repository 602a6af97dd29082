// Numbers in British style (1,234.5). One Intl.NumberFormat per precision,
// made once: `toLocaleString` with options builds a new formatter on every
// call, which made number formatting most of the CPU of a /kpi list.
const formats = new Map<number, Intl.NumberFormat>();

/** `n` with thousands separators and at most `maxDecimals` decimal places, as `n.toLocaleString("en-GB", …)` writes it. */
export function formatNumber(n: number, maxDecimals: number): string {
  let f = formats.get(maxDecimals);
  if (!f) {
    f = new Intl.NumberFormat("en-GB", { maximumFractionDigits: maxDecimals });
    formats.set(maxDecimals, f);
  }
  return f.format(n);
}
