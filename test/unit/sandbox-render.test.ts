// The sandbox page's rendering of Slack's mrkdwn and Block Kit: faithful
// enough to judge a message, and never a way for a note to inject markup.
import { describe, expect, it } from "vitest";
import { blocksHtml, elementAt } from "../../src/sandbox/render/block-kit.js";
import { emojify } from "../../src/sandbox/render/emoji.js";
import { mrkdwnToHtml } from "../../src/sandbox/render/mrkdwn.js";

const names = { user: (id: string) => ({ U0SAM000001: "Sam Taylor" })[id] ?? id, channel: (id: string) => ({ C0BOARD0001: "improvement-board" })[id] ?? id };
const md = (t: string) => mrkdwnToHtml(t, names);

describe("mrkdwn", () => {
  it("formats bold, italic, strike, code, code blocks and quotes as Slack does", () => {
    expect(md("*276* in _June_ ~2017~")).toBe("<strong>276</strong> in <em>June</em> <s>2017</s>");
    expect(md("`cp-plans` and snake_case_words stay")).toBe("<code>cp-plans</code> and snake_case_words stay");
    expect(md("```\nPeriod  Value\nJun 17    276\n```")).toBe('<pre class="mk-pre">Period  Value\nJun 17    276</pre>');
    expect(md("&gt; quoted\nnext")).toBe('<span class="mk-quote">quoted</span><br>next');
    expect(md("no *bold inside `code *here*`*")).toContain("<code>code *here*</code>");
  });

  it("shows mentions, channels and links by name", () => {
    expect(md("<@U0SAM000001> in <#C0BOARD0001>")).toBe('<span class="mk-mention">@Sam Taylor</span> in <span class="mk-mention">#improvement-board</span>');
    expect(md("<#C0OTHER0001|other>")).toBe('<span class="mk-mention">#other</span>');
    expect(md("<https://example.gov.uk/a?b=1&amp;c=2|the report>")).toBe(
      '<a href="https://example.gov.uk/a?b=1&amp;c=2" rel="noopener noreferrer" target="_blank">the report</a>',
    );
  });

  it("escapes what people typed, so a note cannot inject markup or a script link", () => {
    const note = md('&lt;img src=x onerror=alert(1)&gt; &amp; <javascript:alert(1)|click> "quoted"');
    expect(note).not.toMatch(/<img|<a /);
    expect(note).toContain("&lt;img src=x onerror=alert(1)&gt; &amp;");
    expect(note).toContain("&lt;javascript:alert(1)|click&gt;");
    expect(note).toContain("&quot;quoted&quot;");
    expect(md("<@U1|<b>x</b>>")).not.toContain("<b>");
  });

  it("turns Slack's emoji names into characters, leaving unknown ones as typed", () => {
    expect(emojify(":white_check_mark: :large_orange_circle: :red_circle: :no_such_emoji:")).toBe("✅ 🟠 🔴 :no_such_emoji:");
  });
});

describe("Block Kit", () => {
  const o = { names, headingLevel: 3 as const };

  it("renders headers, sections with fields, context, dividers and images", () => {
    const html = blocksHtml(
      [
        { type: "header", text: { type: "plain_text", text: "Board scorecard :bar_chart:", emoji: true } },
        {
          type: "section",
          fields: [
            { type: "mrkdwn", text: "*Target*\n90%" },
            { type: "plain_text", text: "<not bold>" },
          ],
        },
        { type: "context", elements: [{ type: "mrkdwn", text: "by <@U0SAM000001>" }] },
        { type: "divider" },
        { type: "image", image_url: "https://example.com/chart.png", alt_text: "A chart of 12 months" },
        { type: "image", slack_file: { id: "F0000000001" }, alt_text: "Uploaded chart" },
        {
          type: "context",
          elements: [
            { type: "image", slack_file: { id: "F0000000002" }, alt_text: "Special cause concern, higher" },
            { type: "mrkdwn", text: "SPC: *Concern (high)*" },
          ],
        },
      ],
      o,
    );
    expect(html).toContain('<h3 class="bk-header">Board scorecard 📊</h3>');
    expect(html).toContain('<div class="bk-field"><strong>Target</strong><br>90%</div>');
    expect(html).toContain('<div class="bk-field">&lt;not bold&gt;</div>');
    expect(html).toContain("@Sam Taylor");
    expect(html).toContain('<hr class="bk-divider">');
    // Nothing is fetched from the internet: an external image shows its alt text instead.
    expect(html).toContain("External image, not loaded in the local demonstration: A chart of 12 months");
    expect(html).not.toContain("https://example.com/chart.png");
    expect(html).toContain('<img class="bk-image-img" src="/files/F0000000001" alt="Uploaded chart">');
    // A context block's image (an SPC icon) sits small, before its text, as Slack shows it.
    expect(html).toContain(
      '<div class="bk-context"><img class="bk-context-image" src="/files/F0000000002" alt="Special cause concern, higher"><span>SPC: <strong>Concern (high)</strong></span></div>',
    );
  });

  it("renders buttons by position, and finds the element a click names", () => {
    const blocks = [
      { type: "section", text: { type: "mrkdwn", text: "`2.3`" } },
      {
        type: "actions",
        block_id: "act:2.3",
        elements: [
          { type: "button", text: { type: "plain_text", text: "Done" }, action_id: "plan:done", value: '{"r":"2.3"}', style: "primary" },
          { type: "button", text: { type: "plain_text", text: "Blocked" }, action_id: "plan:blocked", value: "x", style: "danger" },
        ],
      },
    ];
    const html = blocksHtml(blocks, o);
    expect(html).toContain('<button type="button" class="bk-button bk-primary" data-where="1:0">Done</button>');
    expect(html).toContain('class="bk-button bk-danger" data-where="1:1"');
    expect(html).not.toContain("plan:done"); // the page never holds the value it could tamper with
    expect(elementAt(blocks, "1:1")).toMatchObject({ blockId: "act:2.3", element: { action_id: "plan:blocked" } });
    expect(elementAt(blocks, "0:0")).toBeNull();
    expect(elementAt([{ type: "actions", elements: [{ type: "button" }] }], "0:0")?.blockId).toBe("b0");
  });

  it("renders a modal's inputs with labels, hints and errors tied to them", () => {
    const html = blocksHtml(
      [
        {
          type: "input",
          block_id: "note",
          optional: true,
          label: { type: "plain_text", text: "Evidence" },
          hint: { type: "plain_text", text: "Seen by the board" },
          element: { type: "plain_text_input", action_id: "value", multiline: true, max_length: 500 },
        },
        {
          type: "input",
          block_id: "date",
          label: { type: "plain_text", text: "New due date" },
          element: { type: "datepicker", action_id: "value", initial_date: "2026-12-01" },
        },
      ],
      { ...o, idPrefix: "m", errors: { date: "is not in the future" } },
    );
    expect(html).toContain('<label for="m-note">Evidence <span class="bk-optional">(optional)</span></label>');
    expect(html).toContain('<textarea id="m-note" name="note" data-action-id="value" aria-describedby="m-note-hint" maxlength="500" rows="4">');
    expect(html).toContain(
      '<input type="date" id="m-date" name="date" data-action-id="value" aria-describedby="m-date-error" aria-invalid="true" required value="2026-12-01">',
    );
    expect(html).toContain('<p class="bk-error" id="m-date-error">is not in the future</p>');
  });
});
