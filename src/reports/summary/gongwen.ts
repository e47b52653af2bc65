import {
  AlignmentType,
  BorderStyle,
  Footer,
  ImageRun,
  type IParagraphStyleOptions,
  type ISectionOptions,
  LineRuleType,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';

/**
 * The fonts of a 公文 (GB/T 9704), named as Word and WPS know them. Each run names its East Asian
 * font (`eastAsia`) and a Latin one for digits; a computer without 方正小标宋简体 or 仿宋_GB2312
 * substitutes by the font table's alternative names (see `FONT_ALTERNATES`).
 */
export const FONTS = {
  title: '方正小标宋简体',
  heading: '黑体',
  subheading: '楷体_GB2312',
  body: '仿宋_GB2312',
  latin: 'Times New Roman',
} as const;

/** What each font falls back to where it is missing (written into the font table as w:altName). */
export const FONT_ALTERNATES: Record<string, string> = {
  方正小标宋简体: '黑体',
  楷体_GB2312: '楷体',
  仿宋_GB2312: '仿宋',
};

/** 号 sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt, 小五 9 pt. */
export const SIZE = { er: 44, san: 32, si: 28, xiaosi: 24, wu: 21, xiaowu: 18 } as const;

/** Millimetres in twips (1/1440 inch). */
export const mm = (n: number) => Math.round((n * 1440) / 25.4);

/** The text block: A4 less the standard margins (28 mm left, 26 mm right), 156 mm. */
export const TEXT_WIDTH_MM = 156;
/** GB/T 9704: 22 lines a page of 28 characters; a fixed line of 28.95 pt holds them. */
const LINE = { line: 579, lineRule: LineRuleType.EXACT };

function run(text: string, font: string, size: number, bold = false): TextRun {
  return new TextRun({
    text,
    font: { eastAsia: font, ascii: FONTS.latin, hAnsi: FONTS.latin, hint: 'eastAsia' },
    size,
    ...(bold ? { bold: true } : {}),
  });
}

/** The title: 二号 方正小标宋简体, centred, with a blank line under it. */
export function title(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 579 },
    children: [run(text, FONTS.title, SIZE.er)],
  });
}

/** `一、基本情况`: 三号 黑体, indented two characters. */
export function heading(text: string): Paragraph {
  return new Paragraph({
    spacing: LINE,
    indent: { firstLine: 640 },
    children: [run(text, FONTS.heading, SIZE.san)],
  });
}

/** `（一）报送情况`: 三号 楷体. */
export function subheading(text: string): Paragraph {
  return new Paragraph({
    spacing: LINE,
    indent: { firstLine: 640 },
    children: [run(text, FONTS.subheading, SIZE.san)],
  });
}

/** A body paragraph: 三号 仿宋, first line indented two characters, justified. */
export function body(text: string, opts: { noIndent?: boolean; right?: boolean } = {}): Paragraph {
  return new Paragraph({
    spacing: LINE,
    alignment: opts.right ? AlignmentType.RIGHT : AlignmentType.JUSTIFIED,
    ...(opts.noIndent || opts.right ? {} : { indent: { firstLine: 640 } }),
    children: [run(text, FONTS.body, SIZE.san)],
  });
}

/** A caption above a table or picture: 小四 黑体, centred. */
export function caption(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    // a table's caption stays on the page of its table
    keepNext: true,
    spacing: { before: 120, after: 60 },
    children: [run(text, FONTS.heading, SIZE.xiaosi)],
  });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: '000000' };

/**
 * The paragraph styles of table cells, 仿宋 in 五号 or 小五, left (text) or centred (numbers): a
 * body cell names its style instead of carrying its own fonts, so a 4,000-row appendix stays small
 * and quick to write.
 */
export const TABLE_STYLES: IParagraphStyleOptions[] = (['wu', 'xiaowu'] as const).flatMap((size) =>
  (['Text', 'Number'] as const).map((kind) => ({
    id: `Table${kind}-${size}`,
    name: `Table ${kind} ${size}`,
    run: {
      font: { eastAsia: FONTS.body, ascii: FONTS.latin, hAnsi: FONTS.latin, hint: 'eastAsia' },
      size: SIZE[size],
    },
    paragraph: { alignment: kind === 'Number' ? AlignmentType.CENTER : AlignmentType.LEFT },
  })),
);

/**
 * A table in 五号 仿宋 (小五 with `small`) across the text block, the header row in 黑体 and repeated
 * on each page. `widths` are relative; numbers are centred.
 */
export function table(
  header: string[],
  rows: (string | number)[][],
  widths?: number[],
  opts: { small?: boolean } = {},
): Table {
  const size = opts.small ? 'xiaowu' : 'wu';
  const pad = opts.small ? 30 : 60;
  const w = widths ?? header.map(() => 1);
  const sum = w.reduce((a, b) => a + b, 0);
  const cellWidth = (i: number) => Math.round((mm(TEXT_WIDTH_MM) * (w[i] ?? 1)) / sum);
  const head = (h: string, i: number) =>
    new TableCell({
      width: { size: cellWidth(i), type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      children: [
        new Paragraph({ alignment: AlignmentType.CENTER, children: [run(h, FONTS.heading, SIZE[size])] }),
      ],
    });
  const cell = (v: string | number) =>
    new TableCell({
      children: [
        new Paragraph({
          style: `Table${typeof v === 'number' ? 'Number' : 'Text'}-${size}`,
          children: [new TextRun(String(v))],
        }),
      ],
    });
  return new Table({
    width: { size: mm(TEXT_WIDTH_MM), type: WidthType.DXA },
    columnWidths: header.map((_, i) => cellWidth(i)),
    margins: { left: pad, right: pad, top: 20, bottom: 20 },
    borders: {
      top: BORDER,
      bottom: BORDER,
      left: BORDER,
      right: BORDER,
      insideHorizontal: BORDER,
      insideVertical: BORDER,
    },
    rows: [
      new TableRow({ tableHeader: true, children: header.map(head) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map(cell) })),
    ],
  });
}

/** A picture across the text block, keeping its proportions (docx sizes pictures in 96 dpi pixels). */
export function picture(png: Buffer, width: number, height: number, alt: string): Paragraph {
  const px = Math.round((TEXT_WIDTH_MM / 25.4) * 96);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    keepNext: true,
    children: [
      new ImageRun({
        type: 'png',
        data: png,
        transformation: { width: px, height: Math.round((px * height) / width) },
        altText: { name: alt, description: alt, title: alt },
      }),
    ],
  });
}

/** The page: A4 portrait, margins top 37, bottom 35, left 28, right 26 mm; page number `— 1 —` in 四号 at the foot. */
export function page(children: ISectionOptions['children']): ISectionOptions {
  return {
    properties: {
      page: {
        size: { width: mm(210), height: mm(297) },
        margin: { top: mm(37), bottom: mm(35), left: mm(28), right: mm(26), footer: mm(20), header: mm(15) },
      },
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({
                children: ['— ', PageNumber.CURRENT, ' —'],
                font: { ascii: '宋体', eastAsia: '宋体', hAnsi: '宋体' },
                size: SIZE.si,
              }),
            ],
          }),
        ],
      }),
    },
    children,
  };
}
