import type { CodebookReport } from '../../shared/format/codebook';

// Word picks these for the runs' East Asian text, so Chinese names and quotes render on a
// machine without the Latin font's CJK fallback.
const FONT = { ascii: 'Calibri', hAnsi: 'Calibri', eastAsia: 'Microsoft YaHei', cs: 'Calibri' };

/**
 * The codebook as a Word document: a title and the About lines, then each code in codebook
 * order as a heading (level by depth) with its path, colour swatch, counts, description and
 * example passages quoted with their source.
 */
export async function codebookDocx(report: CodebookReport): Promise<Buffer> {
  // Loaded on first use, so commands that write no Word file do not load the library.
  const { AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, ShadingType, TextRun } = await import('docx');
  const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6];
  const text = (content: string, options: { bold?: boolean; italics?: boolean; size?: number; color?: string } = {}): InstanceType<typeof TextRun> =>
    new TextRun({ text: content, font: FONT, ...options });
  type Paragraph = InstanceType<typeof Paragraph>;
  const children: Paragraph[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [text(`Codebook — ${report.project}`)] }),
    ...report.about.map(
      (entry) => new Paragraph({ spacing: { after: 40 }, children: [text(`${entry.label}: `, { bold: true, size: 18 }), text(entry.value, { size: 18 })] }),
    ),
  ];
  for (const code of report.codes) {
    children.push(
      new Paragraph({
        heading: HEADINGS[Math.min(code.depth, HEADINGS.length - 1)],
        spacing: { before: 240 },
        children: [text(code.name)],
      }),
      new Paragraph({
        children: [
          new TextRun({ text: '■ ', font: FONT, color: code.color.replace('#', '') }),
          text(code.path, { color: '555555', size: 18 }),
          text(`   ${code.segments} segments in ${code.documents} documents (${code.ownSegments} coded with this code itself)`, {
            color: '555555',
            size: 18,
          }),
        ],
      }),
    );
    for (const paragraph of code.description.split(/\n+/).filter((line) => line.trim().length > 0)) {
      children.push(new Paragraph({ spacing: { before: 80 }, children: [text(paragraph.trim())] }));
    }
    if (code.examples.length > 0) {
      children.push(new Paragraph({ spacing: { before: 120 }, children: [text('Examples', { bold: true, size: 20 })] }));
      for (const example of code.examples) {
        children.push(
          new Paragraph({
            indent: { left: 480 },
            spacing: { after: 20 },
            border: { left: { style: BorderStyle.SINGLE, size: 12, color: code.color.replace('#', ''), space: 8 } },
            shading: { type: ShadingType.CLEAR, color: 'auto', fill: 'F6F6F6' },
            children: [text(`“${example.text}”`, { italics: true })],
          }),
          new Paragraph({
            indent: { left: 480 },
            alignment: AlignmentType.LEFT,
            spacing: { after: 120 },
            children: [text(`— ${example.source}${example.place ? `, ${example.place}` : ''}`, { size: 18, color: '555555' })],
          }),
        );
      }
    }
  }
  const document = new Document({
    creator: 'Marginalia',
    title: `Codebook — ${report.project}`,
    description: report.about.find((entry) => entry.label === 'Query')?.value ?? '',
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
