import { codebookDocument } from '../../../shared/format/codebook';
import { cooccurrenceDocument } from '../../../shared/format/cooccurrence';
import { crosstabDocument } from '../../../shared/format/crosstab';
import { matrixDocument } from '../../../shared/format/matrix';
import { analysisQuerySchema, type AnalysisQueryInput } from '../../../shared/format/query';
import { segmentsDocument } from '../../../shared/format/segments';
import type { ExportDocument } from '../../../shared/format/table';
import { wordfreqDocument } from '../../../shared/format/wordfreq';
import type { ProjectSession } from '../session';
import { codebookWithCounts } from './codebook';
import { cooccurrence } from './cooccurrence';
import { crosstab } from './crosstab';
import { codeDocumentMatrix } from './matrix';
import { getSavedQuery } from './savedQueries';
import { parseQuery } from './scope';
import { codedSegments } from './segments';
import { wordFrequency } from './wordfreq';

/** Runs any analysis query and returns its export document (About, tables, JSON, CSV). */
export function runAnalysis(session: ProjectSession, input: AnalysisQueryInput): ExportDocument {
  const query = parseQuery(analysisQuerySchema, input);
  switch (query.kind) {
    case 'crosstab':
      return crosstabDocument(crosstab(session, query));
    case 'cooccurrence':
      return cooccurrenceDocument(cooccurrence(session, query));
    case 'matrix':
      return matrixDocument(codeDocumentMatrix(session, query));
    case 'segments':
      return segmentsDocument(codedSegments(session, query));
    case 'wordfreq':
      return wordfreqDocument(wordFrequency(session, query));
    case 'codebook':
      return codebookDocument(codebookWithCounts(session, query));
  }
}

/** Re-runs a saved query; its About names the saved query it came from. */
export function runSavedQuery(session: ProjectSession, name: string): ExportDocument {
  const saved = getSavedQuery(session, name);
  const document = runAnalysis(session, saved.query);
  const about = [...document.about];
  about.splice(2, 0, { label: 'Saved query', value: `${saved.name} (saved ${saved.updatedAt})` });
  return { ...document, about, json: { ...(document.json as object), savedQuery: saved.name } };
}
