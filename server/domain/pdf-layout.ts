// Table layout on a pdfkit document with the standard fonts: rows of cells in columns sized as
// fractions of the text width, headings, rules and notes, and tables that repeat their titles.
export type Align = 'left' | 'right';
export interface Column {
  title: string;
  width: number;
  align: Align;
  /** Wraps long text onto more lines; other cells are one line (figures, dates, symbols). */
  wrap: boolean;
}

export const FONT = 'Helvetica';
export const BOLD = 'Helvetica-Bold';
const SIZE = 9;
const ROW_GAP = 3;
/** Space kept free at the end of every cell but the last, so neighbouring columns never touch. */
const CELL_PAD = 8;

/** Lays out text on `doc` from its current position, page by page. */
export class PdfLayout {
  /** The left margin and the text width, as on the first page (every page is alike). */
  readonly left: number;
  readonly width: number;

  constructor(readonly doc: PDFKit.PDFDocument) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  private bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /**
   * One row of cells at the current y, moving below the tallest. Only wrapping cells go through
   * pdfkit's line wrapper; one-line cells are placed directly (right-aligned by their measured
   * width), which keeps a statement's rendering to a few milliseconds.
   */
  row(cols: Column[], cells: string[], bold = false, onNewPage?: () => void): void {
    const doc = this.doc;
    doc.font(bold ? BOLD : FONT).fontSize(SIZE);
    const cellWidth = (i: number) => cols[i]!.width - (i < cols.length - 1 ? CELL_PAD : 0);
    const lineHeight = doc.currentLineHeight(true);
    const height = Math.max(lineHeight, ...cells.map((c, i) => (cols[i]!.wrap ? doc.heightOfString(c, { width: cellWidth(i) }) : lineHeight)));
    if (doc.y + height > this.bottom()) {
      doc.addPage();
      onNewPage?.();
      doc.font(bold ? BOLD : FONT).fontSize(SIZE);
    }
    const y = doc.y;
    let x = this.left;
    cells.forEach((c, i) => {
      const col = cols[i]!;
      if (col.wrap) doc.text(c, x, y, { width: cellWidth(i), align: col.align });
      else if (c !== '') doc.text(c, col.align === 'right' ? x + cellWidth(i) - doc.widthOfString(c) : x, y, { lineBreak: false });
      x += col.width;
    });
    doc.x = this.left;
    doc.y = y + height + ROW_GAP;
  }

  rule(): void {
    const doc = this.doc;
    doc.moveTo(this.left, doc.y).lineTo(this.left + this.width, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y += ROW_GAP;
  }

  heading(text: string): void {
    const doc = this.doc;
    if (doc.y + 60 > this.bottom()) doc.addPage();
    doc.moveDown(0.8);
    doc.font(BOLD).fontSize(12).fillColor('#000000').text(text, this.left, doc.y, { width: this.width });
    doc.moveDown(0.3);
  }

  table(cols: Column[], rows: string[][], totals?: string[]): void {
    const header = () => {
      this.row(cols, cols.map((c) => c.title), true);
      this.rule();
    };
    header();
    // A table continued on a new page repeats its column titles.
    for (const r of rows) this.row(cols, r, false, header);
    if (totals) {
      this.rule();
      this.row(cols, totals, true, header);
    }
  }

  note(text: string): void {
    this.doc.font(FONT).fontSize(SIZE).fillColor('#444444').text(text, this.left, this.doc.y, { width: this.width });
    this.doc.fillColor('#000000');
  }

  /** Column widths as fractions of the text width. */
  cols(spec: Array<[string, number, Align, 'wrap'?]>): Column[] {
    return spec.map(([title, f, align, wrap]) => ({ title, width: this.width * f, align, wrap: wrap === 'wrap' }));
  }
}
