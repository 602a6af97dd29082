// The board's order: indicators in groups (early help and the front door,
// assessment, child protection…), each group in the place the council gives
// it, and each indicator in its place within its group. The catalogue's
// `group` and `order` columns set both: a group comes where its first
// indicator's order puts it. Digests, /kpi list, the Home tab and the board
// pack all follow it. Pure.
import type { Indicator } from "./indicator.js";

/** The standard groups, in the order a children's-services board usually reads them. */
export const STANDARD_GROUPS = [
  "Early help and the front door",
  "Assessment",
  "Child protection",
  "Children looked after",
  "Care leavers",
  "Workforce",
  "Quality of practice",
] as const;

/** Where an indicator with no group goes: after every group. */
export const OTHER_GROUP = "Other indicators";

export interface IndicatorGroup<T> {
  name: string;
  items: T[];
}

type Placed = Pick<Indicator, "key" | "name" | "group" | "order">;

const norm = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

/** The group's name as the board reads it: a standard group in its standard spelling, whatever the case it was typed in. */
export function groupName(indicator: Pick<Indicator, "group">): string {
  const g = indicator.group?.trim();
  if (!g) return OTHER_GROUP;
  return STANDARD_GROUPS.find((s) => norm(s) === norm(g)) ?? g.replace(/\s+/g, " ");
}

function standardRank(name: string): number {
  if (name === OTHER_GROUP) return STANDARD_GROUPS.length + 1;
  const i = (STANDARD_GROUPS as readonly string[]).indexOf(name);
  return i >= 0 ? i : STANDARD_GROUPS.length;
}

const orderOf = (i: Placed) => (typeof i.order === "number" && Number.isFinite(i.order) ? i.order : Number.POSITIVE_INFINITY);

function byPlace(a: Placed, b: Placed): number {
  return orderOf(a) - orderOf(b) || a.name.localeCompare(b.name, "en-GB") || a.key.localeCompare(b.key);
}

/**
 * Items in groups, in the board's order. Groups: by their first indicator's
 * order (a group with none placed comes after those that are), then the
 * standard groups' order, then by name; "Other indicators" always last. Within
 * a group: by order, then name. Indicators without an order follow those with one.
 */
export function inBoardGroups<T>(items: readonly T[], indicatorOf: (item: T) => Placed & Pick<Indicator, "group">): IndicatorGroup<T>[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const name = groupName(indicatorOf(item));
    groups.set(name, [...(groups.get(name) ?? []), item]);
  }
  const out = [...groups.entries()].map(([name, list]) => ({
    name,
    items: [...list].sort((a, b) => byPlace(indicatorOf(a), indicatorOf(b))),
  }));
  const first = (g: IndicatorGroup<T>) => Math.min(...g.items.map((i) => orderOf(indicatorOf(i))));
  return out.sort((a, b) => {
    const other = Number(a.name === OTHER_GROUP) - Number(b.name === OTHER_GROUP);
    if (other !== 0) return other;
    const fa = first(a);
    const fb = first(b);
    if (fa !== fb) return fa < fb ? -1 : 1;
    return standardRank(a.name) - standardRank(b.name) || a.name.localeCompare(b.name, "en-GB");
  });
}

/** Items in the board's order, flat. */
export function inBoardOrder<T>(items: readonly T[], indicatorOf: (item: T) => Placed & Pick<Indicator, "group">): T[] {
  return inBoardGroups(items, indicatorOf).flatMap((g) => g.items);
}
