// A PackDocument as a Word file (docx), for the performance lead to put into
// the council's own template: real heading styles, tables whose header row is
// marked as such (and repeats on each page), images with alt text, the
// protective marking in every page header, en-GB as the language. Arial, which
// every council machine has, rather than an embedded font: the council's
// template will restyle it anyway.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Block, Cell, Column, PackDocument } from "../domain/pack-document.js";
import type { RagStatus } from "../domain/rag.js";

const FONT = "Arial";
const INK = "1A1A1A";
const HEADING = "0B3D66";
const QUIET = "4A4A4A";
const HEAD_FILL = "E4EBF2";
const RAG_FILL: Record<RagStatus, string> = { red: "F5C6BD", amber: "FBDFA4", green: "C5E5CC" };

// A4 in twentieths of a point, with 2 cm margins.
const PAGE = { width: 11906, height: 16838, margin: 1134 };

type Part = Paragraph | Table;

/** Text with line breaks as runs: Word has no "\n" in a run. */
function runs(text: string, opts: { bold?: boolean; size?: number; colour?: string } = {}): TextRun[] {
  return text.split("\n").map((line, i) => new TextRun({ text: line, bold: opts.bold, size: opts.size, color: opts.colour, ...(i > 0 ? { break: 1 } : {}) }));
}

function cellParagraph(c: Cell, bold: boolean, size: number, align: Column["align"]): Paragraph {
  return new Paragraph({
    children: runs(c.text, { bold: bold || c.strong === true, size }),
    alignment: align === "right" ? AlignmentType.RIGHT : AlignmentType.LEFT,
  });
}

function table(caption: string, columns: Column[], rows: Cell[][], rowHeaders: boolean, contentWidth: number): Part[] {
  const size = columns.length >= 8 ? 16 : 18; // half-points
  const total = columns.reduce((s, c) => s + c.width, 0);
  const widths = columns.map((c) => Math.round((c.width / total) * contentWidth));
  const border = { style: BorderStyle.SINGLE, size: 4, color: "8C8C8C" };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (c: Cell, i: number, head: boolean) =>
    new TableCell({
      children: [cellParagraph(c, head || (rowHeaders && i === 0) || Boolean(c.rag), size, columns[i]?.align)],
      width: { size: widths[i]!, type: WidthType.DXA },
      borders,
      margins: { top: 60, bottom: 60, left: 80, right: 80 },
      ...(head
        ? { shading: { type: ShadingType.CLEAR, color: "auto", fill: HEAD_FILL } }
        : c.rag
          ? { shading: { type: ShadingType.CLEAR, color: "auto", fill: RAG_FILL[c.rag] } }
          : {}),
    });
  return [
    new Paragraph({ children: runs(caption, { bold: true, size: 19, colour: QUIET }), keepNext: true, spacing: { before: 120, after: 60 } }),
    new Table({
      width: { size: contentWidth, type: WidthType.DXA },
      columnWidths: widths,
      rows: [
        new TableRow({ tableHeader: true, cantSplit: true, children: columns.map((c, i) => cell({ text: c.header }, i, true)) }),
        ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, i, false)) })),
      ],
    }),
    new Paragraph({ text: "", spacing: { after: 120 } }),
  ];
}

/** Each drawing needs its own id (docx 9.6 numbers every one 1 unless told). */
interface Counter {
  figures: number;
}

function block(b: Block, images: Map<string, Buffer>, contentWidth: number, counter: Counter): Part[] {
  switch (b.kind) {
    case "title":
      return [
        ...b.overline.map(
          (line) => new Paragraph({ children: runs(line, { size: 28, colour: QUIET }), spacing: { before: b.overline[0] === line ? 2400 : 0 } }),
        ),
        new Paragraph({ heading: HeadingLevel.TITLE, children: runs(b.text), spacing: { before: 240, after: 360 } }),
      ];
    case "heading":
      return [
        new Paragraph({
          heading: b.level === 1 ? HeadingLevel.HEADING_1 : b.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
          children: runs(b.text),
          keepNext: true,
          pageBreakBefore: b.pageBreakBefore === true,
        }),
      ];
    case "paragraph": {
      const style = b.style ?? "normal";
      return [
        new Paragraph({
          children: runs(b.text, {
            bold: style === "label",
            size: style === "lead" ? 25 : style === "quiet" ? 19 : 21,
            colour: style === "quiet" ? QUIET : style === "label" ? HEADING : INK,
          }),
          keepNext: style === "label",
          spacing: { after: style === "label" ? 40 : 120 },
        }),
      ];
    }
    case "list":
      return b.items.map((item) => new Paragraph({ children: runs(item), bullet: { level: 0 }, spacing: { after: 60 } }));
    case "table":
      return table(b.caption, b.columns, b.rows, b.rowHeaders ?? false, contentWidth);
    case "figure": {
      const png = images.get(b.image);
      if (!png) throw new Error(`the pack's figure ${b.image} has no image`);
      const width = 430; // points, about 15 cm
      const height = Math.round((width * png.readUInt32BE(20)) / png.readUInt32BE(16));
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          keepNext: true,
          children: [
            new ImageRun({
              type: "png",
              data: png,
              // docx measures images in pixels at 96 per inch.
              transformation: { width: Math.round((width * 96) / 72), height: Math.round((height * 96) / 72) },
              altText: { id: String(++counter.figures), name: `Figure ${counter.figures}`, title: b.caption, description: b.alt },
            }),
          ],
        }),
        new Paragraph({ children: runs(b.caption, { size: 19, colour: QUIET }), spacing: { after: 240 } }),
      ];
    }
  }
}

export async function renderDocx(d: PackDocument, images: Map<string, Buffer>): Promise<Buffer> {
  const counter: Counter = { figures: 0 };
  const header = () =>
    new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: d.marking, bold: true, size: 20 })] })] });
  const footer = () =>
    new Footer({
      children: [
        new Paragraph({
          children: [
            new TextRun({ text: `${d.footer}    Page `, size: 17, color: QUIET }),
            new TextRun({ children: [PageNumber.CURRENT], size: 17, color: QUIET }),
            new TextRun({ text: " of ", size: 17, color: QUIET }),
            new TextRun({ children: [PageNumber.TOTAL_PAGES], size: 17, color: QUIET }),
          ],
        }),
      ],
    });
  const doc = new Document({
    title: d.title,
    subject: d.subject,
    creator: d.author,
    description: d.subject,
    styles: {
      default: {
        document: { run: { font: FONT, size: 21, color: INK, language: { value: d.lang } } },
        title: { run: { font: FONT, size: 48, bold: true, color: HEADING } },
        heading1: { run: { font: FONT, size: 36, bold: true, color: HEADING }, paragraph: { spacing: { before: 240, after: 160 } } },
        heading2: { run: { font: FONT, size: 27, bold: true, color: HEADING }, paragraph: { spacing: { before: 240, after: 100 } } },
        heading3: { run: { font: FONT, size: 23, bold: true, color: HEADING }, paragraph: { spacing: { before: 200, after: 80 } } },
      },
    },
    sections: d.sections.map((s) => {
      const landscape = s.orientation === "landscape";
      const contentWidth = (landscape ? PAGE.height : PAGE.width) - 2 * PAGE.margin;
      return {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height, orientation: landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        headers: { default: header() },
        footers: { default: footer() },
        children: s.blocks.flatMap((b) => block(b, images, contentWidth, counter)),
      };
    }),
  });
  return Packer.toBuffer(doc);
}
