import sample from '../../resources/sample/sample-project.json';
import type { SourceId } from '../../shared/domain/ids';
import { createCodings, locatePassage, type NewCoding } from './codings';
import { findCodeByPath } from './codes';
import { importFiles } from './sources';
import { getSourceText } from './sources';
import { ensureCoder, type ProjectSession } from './session';
import type { SourceKind } from '../../shared/domain/types';

type SampleSource = {
  name: string;
  kind: SourceKind;
  attributes: Record<string, string>;
  text: string;
  codings: { code: string; text: string }[];
};

/**
 * Fills a project (already holding the digital-governance codebook) with the sample
 * sources written for Marginalia (resources/sample) and their codings.
 */
export async function importSample(session: ProjectSession): Promise<void> {
  const current = session.coder;
  session.coder = ensureCoder(session.db, sample.coder);
  try {
    const codings: NewCoding[] = [];
    for (const source of sample.sources as SampleSource[]) {
      const report = await importFiles(
        session,
        [{ name: `${source.name}.txt`, data: new TextEncoder().encode(source.text) }],
        { kind: source.kind, attributes: source.attributes },
      );
      const imported = report.imported[0];
      if (!imported) throw new Error(`The sample source ${source.name} did not import: ${JSON.stringify(report)}`);
      const text = getSourceText(session, imported.sourceId as SourceId);
      for (const coding of source.codings) {
        codings.push({
          sourceId: imported.sourceId,
          codeId: findCodeByPath(session, coding.code).id,
          ...locatePassage(text, coding.text),
        });
      }
    }
    createCodings(session, codings, 'Code the sample sources');
  } finally {
    session.coder = current;
  }
}
