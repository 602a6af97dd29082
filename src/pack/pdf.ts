// A PackDocument as a tagged PDF (pdfkit): every heading, paragraph, list,
// table cell and figure is a structure element in reading order; tables have
// header rows (repeated, as artifacts, on each page they run over) and row
// headers; figures carry their alt text and bounding box; the page header
// (protective marking) and footer are artifacts; title, language and bookmarks
// are set and the DejaVu fonts are embedded. A RAG status is always a word,
// and a tint only repeats it.
import { createCanvas, loadImage } from "canvas";
import PDFDocument from "pdfkit";
import type { Block, Cell, Column, PackDocument } from "../domain/pack-document.js";
import type { RagStatus } from "../domain/rag.js";
import { type PackFonts, packFonts } from "./fonts.js";

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;
type Orientation = "portrait" | "landscape";

const MARGINS = { top: 66, bottom: 62, left: 56, right: 56 };
const INK = "#1A1A1A";
const HEADING = "#0B3D66";
const QUIET = "#4A4A4A";
const RULE = "#8C8C8C";
const HEAD_FILL = "#E4EBF2";

/** Light tints behind the word, so the text keeps its contrast (black on these is over 12:1). */
export const RAG_FILL: Record<RagStatus, string> = { red: "#F5C6BD", amber: "#FBDFA4", green: "#C5E5CC" };

const SIZE = { body: 10.5, lead: 12.5, quiet: 9.5, label: 10.5, h1: 19, h2: 13.5, h3: 11.5, title: 25, overline: 14, caption: 9.5 };
const GAP = 2.2; // between lines of a paragraph
const CELL_PAD = 3.6;
/** A chart narrower than this (in points) would be hard to read on paper: its labels print at about 6.7 pt. */
const MIN_FIGURE_WIDTH = 330;

/** Options pdfkit reads that its type definitions leave out. */
type StructOptions = PDFKit.Mixins.StructureElementOptions & { scope?: "Row" | "Column"; bbox?: number[]; placement?: "Block" };

export interface RenderedPdf {
  bytes: Buffer;
  pages: number;
}

class PdfWriter {
  private orientation: Orientation = "portrait";
  private chapter: PDFKit.PDFOutline | null = null;

  constructor(
    private readonly doc: Doc,
    private readonly root: Struct,
    private readonly images: Map<string, Buffer>,
    private readonly fonts: PackFonts,
  ) {}

  private get left(): number {
    return MARGINS.left;
  }
  private get width(): number {
    return this.doc.page.width - MARGINS.left - MARGINS.right;
  }
  private get bottom(): number {
    return this.doc.page.height - MARGINS.bottom;
  }

  startSection(orientation: Orientation, first: boolean): void {
    this.orientation = orientation;
    if (!first) this.newPage();
  }

  private newPage(): void {
    this.doc.addPage({ size: "A4", layout: this.orientation, margins: MARGINS });
    this.doc.y = MARGINS.top;
  }

  /** Start a new page unless `height` fits on this one. */
  private room(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  private font(bold: boolean, size: number, colour = INK): Doc {
    return (
      this.doc
        // By path, as the document was opened with: pdfkit caches a font by the name it was first given.
        .font(bold ? this.fonts.bold : this.fonts.regular)
        .fontSize(size)
        .fillColor(colour)
    );
  }

  private textHeight(text: string, bold: boolean, size: number, width: number): number {
    this.font(bold, size);
    return this.doc.heightOfString(text, { width, lineGap: GAP });
  }

  /** One tagged run of text at the left margin, flowing over pages if it must. */
  private tagged(type: string, text: string, bold: boolean, size: number, colour: string, after: number): void {
    const y = this.doc.y;
    this.root.add(
      this.doc.struct(type, {}, () => {
        this.font(bold, size, colour).text(text, this.left, y, { width: this.width, lineGap: GAP });
      }),
    );
    this.doc.y += after;
  }

  /** Decoration no one needs read out: a rule, a cell's fill and borders. */
  private artifact(draw: () => void): void {
    this.doc.markContent("Artifact", { type: "Layout" });
    draw();
    this.doc.endMarkedContent();
  }

  block(b: Block, next?: Block): void {
    switch (b.kind) {
      case "title":
        this.title(b.text, b.overline);
        break;
      case "heading":
        if (b.pageBreakBefore && this.doc.y > MARGINS.top + 1) this.newPage();
        this.heading(b.level, b.text, this.minHeight(next));
        break;
      case "paragraph":
        this.paragraph(b.text, b.style ?? "normal");
        break;
      case "list":
        this.list(b.items);
        break;
      case "table":
        this.table(b.caption, b.columns, b.rows, b.rowHeaders ?? false);
        break;
      case "figure":
        this.figure(b.image, b.alt, b.caption);
        break;
    }
  }

  private title(text: string, overline: string[]): void {
    this.doc.y = 190;
    for (const line of overline) this.tagged("P", line, false, SIZE.overline, QUIET, 4);
    this.doc.y += 10;
    this.chapter = this.doc.outline.addItem(text);
    this.tagged("H1", text, true, SIZE.title, HEADING, 8);
    const y = this.doc.y;
    this.artifact(() =>
      this.doc
        .moveTo(this.left, y)
        .lineTo(this.left + this.width, y)
        .lineWidth(2)
        .strokeColor(HEADING)
        .stroke(),
    );
    this.doc.y += 18;
  }

  private heading(level: 1 | 2 | 3, text: string, following: number): void {
    const size = level === 1 ? SIZE.h1 : level === 2 ? SIZE.h2 : SIZE.h3;
    // Keep a heading with (the start of) what follows it.
    this.room(this.textHeight(text, true, size, this.width) + 16 + Math.min(following, this.contentHeight / 2));
    if (this.doc.y > MARGINS.top + 1) this.doc.y += level === 1 ? 6 : 8;
    const top = Math.max(0, this.doc.y - 6);
    if (level === 1) this.chapter = this.doc.outline.addItem(text, { top, left: this.doc.page.width } as never);
    else if (level === 2 && this.chapter) this.chapter.addItem(text, { top, left: this.doc.page.width } as never);
    this.tagged(`H${level}`, text, true, size, HEADING, level === 1 ? 10 : 5);
  }

  private paragraph(text: string, style: "normal" | "lead" | "quiet" | "label"): void {
    const size = style === "lead" ? SIZE.lead : style === "quiet" ? SIZE.quiet : SIZE.body;
    const bold = style === "label";
    this.room(Math.min(this.textHeight(text, bold, size, this.width), 3 * size) + (bold ? 30 : 0));
    this.tagged("P", text, bold, size, style === "quiet" ? QUIET : style === "label" ? HEADING : INK, style === "label" ? 3 : 7);
  }

  private list(items: string[]): void {
    const indent = 14;
    const list = this.doc.struct("L");
    this.root.add(list);
    for (const item of items) {
      this.room(this.textHeight(item, false, SIZE.body, this.width - indent));
      const y = this.doc.y;
      const li = this.doc.struct("LI");
      list.add(li);
      li.add(this.doc.struct("Lbl", {}, () => this.font(false, SIZE.body).text("•", this.left + 2, y, { lineBreak: false })));
      li.add(this.doc.struct("LBody", {}, () => this.font(false, SIZE.body).text(item, this.left + indent, y, { width: this.width - indent, lineGap: GAP })));
      li.end();
      this.doc.y += 3;
    }
    list.end();
    this.doc.y += 4;
  }

  /** Column positions, row heights, and how much of the table must start on one page. */
  private tableLayout(caption: string, columns: Column[], rows: Cell[][], rowHeaders: boolean) {
    const size = columns.length >= 8 ? 9 : 9.5;
    const total = columns.reduce((s, c) => s + c.width, 0);
    const widths = columns.map((c) => (c.width / total) * this.width);
    const xs = widths.map((_, i) => this.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    const header: Cell[] = columns.map((c) => ({ text: c.header, strong: true }));
    const heightOf = (cells: Cell[], head: boolean) =>
      Math.max(
        ...cells.map((c, i) =>
          this.textHeight(c.text, head || Boolean(c.strong) || Boolean(c.rag) || (rowHeaders && i === 0), size, widths[i]! - 2 * CELL_PAD),
        ),
      ) +
      2 * CELL_PAD;
    const captionHeight = this.textHeight(caption, true, SIZE.caption, this.width) + 4;
    const headerHeight = heightOf(header, true);
    const heights = rows.map((r) => heightOf(r, false));
    const whole = captionHeight + headerHeight + heights.reduce((s, h) => s + h, 0);
    // A short table stays on one page; a long one starts with its header and at least two rows.
    const keep = whole <= this.contentHeight * 0.6 ? whole : captionHeight + headerHeight + (heights[0] ?? 0) + (heights[1] ?? 0);
    return { size, widths, xs, header, heightOf, captionHeight, heights, keep };
  }

  private get contentHeight(): number {
    return this.doc.page.height - MARGINS.top - MARGINS.bottom;
  }

  private figureSize(id: string): { width: number; height: number } {
    const png = this.images.get(id);
    if (!png) throw new Error(`the pack's figure ${id} has no image`);
    // A PNG's IHDR chunk: width and height, big-endian, at bytes 16 and 20.
    const width = Math.min(this.width, 440); // the chart's 13 px labels print at about 9 pt
    return { width, height: (width * png.readUInt32BE(20)) / png.readUInt32BE(16) };
  }

  /** The least of a block that must be on the same page as the heading before it. */
  minHeight(b: Block | undefined): number {
    if (!b) return 0;
    switch (b.kind) {
      case "table":
        return this.tableLayout(b.caption, b.columns, b.rows, b.rowHeaders ?? false).keep;
      case "figure":
        return MIN_FIGURE_WIDTH * (this.figureSize(b.image).height / this.figureSize(b.image).width) + 30;
      case "list":
        return b.items[0] ? this.textHeight(b.items[0], false, SIZE.body, this.width - 14) : 0;
      case "paragraph":
        return Math.min(this.textHeight(b.text, false, SIZE.body, this.width), 3 * 14);
      default:
        return 40;
    }
  }

  private table(caption: string, columns: Column[], rows: Cell[][], rowHeaders: boolean): void {
    const { size, widths, xs, header, heightOf, captionHeight, heights, keep } = this.tableLayout(caption, columns, rows, rowHeaders);
    this.room(keep);
    const table = this.doc.struct("Table");
    this.root.add(table);
    const cy = this.doc.y;
    table.add(this.doc.struct("Caption", {}, () => this.font(true, SIZE.caption, QUIET).text(caption, this.left, cy, { width: this.width, lineGap: GAP })));
    this.doc.y = cy + captionHeight;

    const drawRow = (cells: Cell[], head: boolean, tagged: boolean) => {
      const h = heightOf(cells, head);
      const y = this.doc.y;
      this.artifact(() => {
        cells.forEach((c, i) => {
          const fill = head ? HEAD_FILL : c.rag ? RAG_FILL[c.rag] : null;
          if (fill) this.doc.rect(xs[i]!, y, widths[i]!, h).fillColor(fill).fill();
        });
        this.doc.lineWidth(0.6).strokeColor(RULE);
        this.doc
          .moveTo(this.left, y + h)
          .lineTo(this.left + this.width, y + h)
          .stroke();
        if (head)
          this.doc
            .moveTo(this.left, y)
            .lineTo(this.left + this.width, y)
            .lineWidth(1)
            .strokeColor(HEADING)
            .stroke();
      });
      const drawCell = (c: Cell, i: number) => () =>
        this.font(head || Boolean(c.strong) || Boolean(c.rag) || (rowHeaders && i === 0), size).text(c.text, xs[i]! + CELL_PAD, y + CELL_PAD, {
          width: widths[i]! - 2 * CELL_PAD,
          lineGap: GAP,
          align: columns[i]?.align === "right" ? "right" : "left",
        });
      if (tagged) {
        const tr = this.doc.struct("TR");
        table.add(tr);
        cells.forEach((c, i) => {
          const th = head || (rowHeaders && i === 0);
          const options: StructOptions = th ? { scope: head ? "Column" : "Row" } : {};
          tr.add(this.doc.struct(th ? "TH" : "TD", options as PDFKit.Mixins.StructureElementOptions, drawCell(c, i)));
        });
        tr.end();
      } else {
        // The header row again on a new page: for the eye; the tagged header is on the first.
        this.doc.markContent("Artifact", { type: "Pagination" });
        for (const [i, c] of cells.entries()) drawCell(c, i)();
        this.doc.endMarkedContent();
      }
      this.doc.y = y + h;
    };

    drawRow(header, true, true);
    for (const [r, row] of rows.entries()) {
      if (this.doc.y + heights[r]! > this.bottom) {
        this.newPage();
        drawRow(header, true, false);
      }
      drawRow(row, false, true);
    }
    table.end();
    this.doc.y += 12;
  }

  private figure(id: string, alt: string, caption: string): void {
    const png = this.images.get(id)!;
    const natural = this.figureSize(id);
    const captionHeight = this.textHeight(caption, false, SIZE.caption, this.width);
    // Shrink a chart a little rather than leave half a page empty; never below a legible width.
    const room = this.bottom - this.doc.y - captionHeight - 24;
    const ratio = natural.height / natural.width;
    let width = natural.width;
    if (natural.height > room) {
      if (room / ratio >= MIN_FIGURE_WIDTH) width = room / ratio;
      else this.newPage();
    }
    const height = width * ratio;
    const x = this.left + (this.width - width) / 2;
    const y = this.doc.y + 4;
    const options: StructOptions = { alt, bbox: [x, y, x + width, y + height], placement: "Block" };
    this.root.add(this.doc.struct("Figure", options as PDFKit.Mixins.StructureElementOptions, () => this.doc.image(png, x, y, { width, height })));
    this.doc.y = y + height + 6;
    const cy = this.doc.y;
    this.root.add(
      this.doc.struct("Caption", {}, () => this.font(false, SIZE.caption, QUIET).text(caption, this.left, cy, { width: this.width, lineGap: GAP })),
    );
    this.doc.y += 14;
  }

  /** The marking at the top of every page, the footer and page number at the bottom: artifacts, so not read twice. */
  pageFurniture(marking: string, footer: string): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const page = this.doc.page;
      const width = page.width - MARGINS.left - MARGINS.right;
      const bottomMargin = page.margins.bottom;
      page.margins.bottom = 0; // writing in the margin must not start a page
      this.doc.markContent("Artifact", { type: "Pagination", attached: ["Top"] } as PDFKit.Mixins.MarkingOptions);
      this.font(true, 10).text(marking, MARGINS.left, 30, { width, align: "center", lineBreak: false });
      this.doc.endMarkedContent();
      this.doc.markContent("Artifact", { type: "Pagination", attached: ["Bottom"] } as PDFKit.Mixins.MarkingOptions);
      const y = page.height - 40;
      this.font(false, 8.5, QUIET).text(footer, MARGINS.left, y, { width: width * 0.75, lineBreak: false });
      this.font(false, 8.5, QUIET).text(`Page ${i - range.start + 1} of ${range.count}`, MARGINS.left, y, { width, align: "right", lineBreak: false });
      this.doc.endMarkedContent();
      page.margins.bottom = bottomMargin;
    }
  }
}

/**
 * The PNG on white without its alpha channel: pdfkit embeds an opaque PNG's
 * compressed data as it is, but unpacks an alpha channel byte by byte in
 * JavaScript (seconds for a pack of charts). The charts are drawn on white, so
 * nothing is lost.
 */
export async function opaquePng(png: Buffer): Promise<Buffer> {
  const colourType = png[25];
  if (colourType !== 4 && colourType !== 6) return png;
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext("2d", { pixelFormat: "RGB24" });
  ctx.fillStyle = "#FFFFFF";
  ctx.fillRect(0, 0, image.width, image.height);
  ctx.drawImage(image, 0, 0);
  return canvas.toBuffer("image/png");
}

/** The document as PDF bytes, with its page count. `images` holds each figure's PNG by id. */
export async function renderPdf(d: PackDocument, images: Map<string, Buffer>, fonts: PackFonts = packFonts()): Promise<RenderedPdf> {
  const doc = new PDFDocument({
    size: "A4",
    layout: d.sections[0]?.orientation ?? "portrait",
    margins: MARGINS,
    font: fonts.regular, // never the unembedded standard fonts
    bufferPages: true,
    tagged: true,
    lang: d.lang,
    displayTitle: true,
    pdfVersion: "1.7",
    info: { Title: d.title, Author: d.author, Subject: d.subject, Creator: "Board Bot", CreationDate: d.created, ModDate: d.created },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (c: Buffer) => chunks.push(c));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const root = doc.struct("Document");
  doc.addStructure(root);
  const opaque = new Map<string, Buffer>();
  for (const [id, png] of images) opaque.set(id, await opaquePng(png));
  const w = new PdfWriter(doc, root, opaque, fonts);
  d.sections.forEach((section, i) => {
    w.startSection(section.orientation, i === 0);
    for (const [j, b] of section.blocks.entries()) w.block(b, section.blocks[j + 1]);
  });
  root.end();
  const pages = doc.bufferedPageRange().count;
  w.pageFurniture(d.marking, d.footer);
  doc.end();
  return { bytes: await done, pages };
}
