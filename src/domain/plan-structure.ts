// The plan's structure as a regulator reads it: themes (with an aim),
// objectives within themes, actions within objectives, each with its
// reference (2, 2.1, 2.1.3), always in the plan's own order. Pure.
import type { Action } from "./plan.js";

export interface Theme {
  name: string;
  /** 2: the first part of its objectives' and actions' references; null when the plan does not say. */
  ref: string | null;
  aim: string | null;
  /** Its place in the plan as imported. */
  position: number;
}

export interface Objective {
  ref: string;
  /** The theme's name. */
  theme: string;
  text: string;
  position: number;
}

export interface ObjectiveNode {
  objective: Objective;
  actions: Action[];
}

export interface ThemeNode {
  theme: Theme;
  objectives: ObjectiveNode[];
  /** Actions directly under the theme (a plan without objectives). */
  actions: Action[];
}

function tokens(ref: string): string[] {
  return ref.toLowerCase().match(/\d+|[^\d]+/g) ?? [];
}

/** The natural order of references: 2 < 2.1 < 2.1.3 < 2.2 < 10, and Ofsted-R4 < Ofsted-R10. */
export function compareRefs(a: string, b: string): number {
  const x = tokens(a);
  const y = tokens(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    const pn = /^\d/.test(p);
    const qn = /^\d/.test(q);
    if (pn && qn) return Number(p) - Number(q) || p.length - q.length;
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return x.length - y.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** 2.1.3 → 2.1; 2.1 → 2; 2 → null. */
export function parentRef(ref: string): string | null {
  const i = ref.lastIndexOf(".");
  return i > 0 ? ref.slice(0, i) : null;
}

/** 2.1.3 → 2 */
export function firstPart(ref: string): string {
  return ref.split(".")[0]!;
}

export function refDepth(ref: string): number {
  return ref.split(".").length;
}

function byPlanOrder(a: Theme, b: Theme): number {
  return a.position - b.position || compareRefs(a.ref ?? "~", b.ref ?? "~") || a.name.localeCompare(b.name);
}

/** The plan as a tree in its own order. A theme or objective named by an action but not stored still appears (after the rest). */
export function planTree(themes: readonly Theme[], objectives: readonly Objective[], actions: readonly Action[]): ThemeNode[] {
  const nodes = new Map<string, ThemeNode>();
  const themeNode = (name: string): ThemeNode => {
    let n = nodes.get(name);
    if (!n) {
      n = { theme: { name, ref: null, aim: null, position: Number.MAX_SAFE_INTEGER }, objectives: [], actions: [] };
      nodes.set(name, n);
    }
    return n;
  };
  for (const t of themes) nodes.set(t.name, { theme: t, objectives: [], actions: [] });
  const objectiveNodes = new Map<string, ObjectiveNode>();
  for (const o of objectives) {
    const n = { objective: o, actions: [] };
    objectiveNodes.set(o.ref, n);
    themeNode(o.theme).objectives.push(n);
  }
  for (const a of actions) {
    const o = a.objectiveRef ? objectiveNodes.get(a.objectiveRef) : undefined;
    if (o) o.actions.push(a);
    else themeNode(a.theme).actions.push(a);
  }
  const tree = [...nodes.values()].sort((a, b) => byPlanOrder(a.theme, b.theme));
  for (const t of tree) {
    t.objectives.sort((a, b) => compareRefs(a.objective.ref, b.objective.ref));
    t.actions.sort((a, b) => compareRefs(a.ref, b.ref));
    for (const o of t.objectives) o.actions.sort((a, b) => compareRefs(a.ref, b.ref));
  }
  return tree;
}

/** A theme's items in reference order: its objectives and the actions directly under it. */
export function themeItems(t: ThemeNode): ({ kind: "objective"; node: ObjectiveNode } | { kind: "action"; action: Action })[] {
  const items = [
    ...t.objectives.map((node) => ({ kind: "objective" as const, node, ref: node.objective.ref })),
    ...t.actions.map((action) => ({ kind: "action" as const, action, ref: action.ref })),
  ];
  return items.sort((a, b) => compareRefs(a.ref, b.ref)).map(({ ref: _ref, ...item }) => item);
}

/** Every action of the tree, in the plan's order. */
export function actionsInPlanOrder(tree: readonly ThemeNode[]): Action[] {
  return tree.flatMap((t) => themeItems(t).flatMap((i) => (i.kind === "action" ? [i.action] : i.node.actions)));
}

/** Sort actions into the plan's order. */
export function sortInPlanOrder(actions: readonly Action[], themes: readonly Theme[], objectives: readonly Objective[]): Action[] {
  return actionsInPlanOrder(planTree(themes, objectives, actions));
}

/**
 * The part of the plan a query names: a theme by its reference ("2") or a
 * word of its name ("practice"), or an objective by its reference ("2.1").
 * Themes and objectives without actions drop out of a filtered view.
 */
export function selectFromTree(tree: readonly ThemeNode[], query: string): ThemeNode[] {
  const q = query.trim().toLowerCase();
  const byRef = tree.filter((t) => t.theme.ref?.toLowerCase() === q);
  if (byRef.length) return byRef;
  for (const t of tree) {
    const o = t.objectives.find((n) => n.objective.ref.toLowerCase() === q);
    if (o) return [{ ...t, objectives: [o], actions: [] }];
  }
  return tree.filter((t) => t.theme.name.toLowerCase().includes(q));
}

/** The theme a short word names: its reference, its exact name, or the one theme whose name contains it. */
export function findTheme(themes: readonly Theme[], query: string): Theme | null {
  const q = query.trim().toLowerCase();
  const exact = themes.find((t) => t.ref?.toLowerCase() === q) ?? themes.find((t) => t.name.toLowerCase() === q);
  if (exact) return exact;
  const partial = themes.filter((t) => t.name.toLowerCase().includes(q));
  return partial.length === 1 ? partial[0]! : null;
}

/** "2 Front-line practice", or the name alone when the theme has no reference. */
export function themeLabel(t: Pick<Theme, "ref" | "name">): string {
  return t.ref ? `${t.ref} ${t.name}` : t.name;
}
