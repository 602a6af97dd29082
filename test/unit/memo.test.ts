// memoize: the same answers as the function, each asked of it once until the memory is full.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { memoize } from "../../src/domain/memo.js";

describe("memoize", () => {
  it("answers as the function does, asking it once per key while it remembers", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 }), fc.integer({ min: 1, max: 10 }), (keys, max) => {
        const asked: string[] = [];
        const f = memoize((k: string) => {
          asked.push(k);
          return `<${k}>`;
        }, max);
        for (const k of keys) expect(f(k)).toBe(`<${k}>`);
        const distinct = new Set(keys).size;
        if (distinct <= max) expect(asked).toHaveLength(distinct);
      }),
    );
  });

  it("starts again once full, so a long-running bot's memory of answers stays bounded", () => {
    const asked: string[] = [];
    const f = memoize((k: string) => asked.push(k), 2);
    for (const k of ["a", "b", "a", "c", "a", "c"]) f(k);
    expect(asked).toEqual(["a", "b", "c", "a"]); // c found it full: forgotten a and b; then a and c remembered
  });
});
