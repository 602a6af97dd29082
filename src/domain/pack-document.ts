// A document as plain data: headings, paragraphs, lists, tables with header
// rows, and figures with alt text, in reading order, in portrait or landscape
// sections. The board pack is written as one of these; the PDF and Word
// renderers (src/pack/) draw it, so both formats say the same thing. Pure.
import type { RagStatus } from "./rag.js";

export interface Cell {
  text: string;
  /** A RAG status: renderers tint the cell, and the text always says it in words too. */
  rag?: RagStatus | null;
  strong?: boolean;
}

export interface Column {
  header: string;
  /** A relative share of the table's width. */
  width: number;
  align?: "left" | "right";
}

export type Block =
  /** The document's title on the cover, after the lines above it (council, board). */
  | { kind: "title"; text: string; overline: string[] }
  | { kind: "heading"; level: 1 | 2 | 3; text: string; pageBreakBefore?: boolean }
  | { kind: "paragraph"; text: string; style?: "normal" | "lead" | "quiet" | "label" }
  | { kind: "list"; items: string[] }
  /**
   * A table: its header row comes from the columns (a header row repeats on
   * each page it runs over); with `rowHeaders`, each row's first cell heads it.
   */
  | { kind: "table"; caption: string; columns: Column[]; rows: Cell[][]; rowHeaders?: boolean }
  /** An image the renderer is given by id, with the alt text a screen reader says instead. */
  | { kind: "figure"; image: string; alt: string; caption: string };

export interface DocumentSection {
  orientation: "portrait" | "landscape";
  blocks: Block[];
}

export interface PackDocument {
  title: string;
  subject: string;
  author: string;
  /** BCP 47: the document's language. */
  lang: string;
  /** Protective marking in the header of every page. */
  marking: string;
  /** Words in the footer of every page, beside the page number. */
  footer: string;
  /** When it was produced: the PDF's creation date. */
  created: Date;
  sections: DocumentSection[];
}
