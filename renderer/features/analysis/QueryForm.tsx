import { useId, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { CodeId } from '../../../shared/domain/ids';
import type { Attribute, Code } from '../../../shared/domain/types';
import type { AnalysisKind } from '../../../shared/format/query';
import { COOCCURRENCE_RELATIONS, COOCCURRENCE_UNITS } from '../../../shared/stats/cooccurrence';
import { CROSSTAB_UNITS } from '../../../shared/stats/crosstab';
import { MATRIX_VALUES } from '../../../shared/stats/matrix';
import { t } from '../../i18n';
import { AttributeFilters } from '../../lib/AttributeFilters';
import { sendableFilters } from '../../lib/attributeFilters';
import { useAppStore } from '../../store';
import { attributeColumns } from '../sources/SourcesPanel';
import { binIsValid, effectiveQuery, queryProblem, type MultiCodeKind } from './queryModel';

/** The options of the analysis on show, in the side column of the Analysis tab. */
export function QueryForm() {
  const kind = useAppStore((state) => state.analysisKind);
  const queries = useAppStore((state) => state.analysisQueries);
  if (!queries) return null;
  const problem = queryProblem(queries[kind]);
  return (
    <form className="analysis-form" aria-label={t('analysis.options')} onSubmit={(event) => event.preventDefault()}>
      {kind === 'crosstab' && <CrosstabForm />}
      {kind === 'cooccurrence' && <CooccurrenceForm />}
      {kind === 'matrix' && <MatrixForm />}
      {kind === 'segments' && <SegmentsForm />}
      {kind === 'wordfreq' && <WordfreqForm />}
      {kind === 'codebook' && <CodebookForm />}
      <FilterEditor kind={kind} />
      <CoderField kind={kind} />
      {problem === 'sameAttribute' && <p className="error-text">{t('analysis.problem.sameAttribute')}</p>}
    </form>
  );
}

/** A labelled row of the form. */
function Field({ label, htmlFor, children }: Readonly<{ label: string; htmlFor?: string; children: ReactNode }>) {
  return (
    <div className="analysis-field">
      {htmlFor ? (
        <label className="analysis-label" htmlFor={htmlFor}>
          {label}
        </label>
      ) : (
        <span className="analysis-label">{label}</span>
      )}
      {children}
    </div>
  );
}

/** A row of mutually exclusive choices, as in the old frequencies toolbar. */
function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  text,
  disabled,
}: Readonly<{
  label: string;
  options: readonly T[];
  value: T;
  onChange(value: T): void;
  text(value: T): string;
  disabled?: boolean;
}>) {
  const labelId = useId();
  return (
    <div className="analysis-field">
      <span className="analysis-label" id={labelId}>
        {label}
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby={labelId}>
        {options.map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={value === option}
            className={value === option ? 'segment active' : 'segment'}
            disabled={disabled}
            onClick={() => onChange(option)}
          >
            {text(option)}
          </button>
        ))}
      </div>
    </div>
  );
}

function useAttributes(): readonly Attribute[] {
  return useAppStore((state) => state.attributes);
}

/** Attribute names in the sources table's order (province first). */
function useAttributeNames(): string[] {
  const names = useAppStore(useShallow((state) => state.attributes.map((attribute) => attribute.name)));
  return useMemo(() => attributeColumns(names, []), [names]);
}

/** An attribute select; with `none`, a first option for "no attribute". */
function AttributeSelect({
  label,
  value,
  onChange,
  none,
}: Readonly<{ label: string; value: string | null; onChange(value: string | null): void; none?: string }>) {
  const id = useId();
  const names = useAttributeNames();
  // A saved query may name an attribute the project no longer has: keep it visible, not silently swapped.
  const options = value !== null && !names.includes(value) ? [...names, value] : names;
  return (
    <Field label={label} htmlFor={id}>
      <select id={id} value={value ?? ''} onChange={(event) => onChange(event.target.value || null)}>
        {none !== undefined && <option value="">{none}</option>}
        {options.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </Field>
  );
}

/** Bins for a number or date attribute; shown only for those. Applied on Enter or leaving the field. */
function BinField({
  attribute,
  value,
  onChange,
}: Readonly<{ attribute: string | null; value: string | null; onChange(value: string | null): void }>) {
  const id = useId();
  const type = useAttributes().find((entry) => entry.name === attribute)?.type ?? 'text';
  const [draft, setDraft] = useState(value ?? '');
  // A value set from outside (a saved query opened) replaces what was typed.
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(value ?? '');
  }
  if (attribute === null || (type === 'text' && value === null)) return null;
  const invalid = draft.trim() !== '' && !binIsValid(draft);
  const commit = (): void => {
    const next = draft.trim() === '' ? null : draft.trim();
    if (!invalid && next !== value) onChange(next);
  };
  return (
    <Field label={t('analysis.bins', { attribute })} htmlFor={id}>
      <input
        id={id}
        className="text-input"
        value={draft}
        placeholder={t(type === 'date' ? 'analysis.bins.placeholderDate' : 'analysis.bins.placeholderNumber')}
        aria-invalid={invalid}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
      {invalid && <span className="error-text">{t('analysis.bins.invalid')}</span>}
    </Field>
  );
}

/**
 * Which codes are rows: the top-level codes, every code, or codes ticked by hand. Ticking
 * a box switches to "chosen" starting from what was shown.
 */
function CodePicker({ kind }: Readonly<{ kind: MultiCodeKind }>) {
  const codes = useAppStore((state) => state.codes);
  const choice = useAppStore((state) => state.analysisCodeChoices[kind]);
  const queries = useAppStore((state) => state.analysisQueries);
  const choices = useAppStore((state) => state.analysisCodeChoices);
  const { setChoice, setQuery } = useAppStore(
    useShallow((state) => ({ setChoice: state.setAnalysisCodeChoice, setQuery: state.setAnalysisQuery })),
  );
  const labelId = useId();
  if (!queries) return null;
  const shown = effectiveQuery(kind, queries, choices, codes).codeIds;
  const selected = new Set<string>(shown ?? codes.map((code) => code.id));
  const ordered = orderedCodes(codes);
  const toggle = (codeId: string): void => {
    const next = new Set(selected);
    if (next.has(codeId)) next.delete(codeId);
    else next.add(codeId);
    setChoice(kind, 'chosen');
    setQuery(kind, { codeIds: ordered.filter((code) => next.has(code.id)).map((code) => code.id) });
  };
  return (
    <div className="analysis-field">
      <span className="analysis-label" id={labelId}>
        {t('analysis.codes')}
      </span>
      <div className="segmented" role="radiogroup" aria-labelledby={labelId}>
        {(['top', 'all', 'chosen'] as const).map((option) => (
          <button
            key={option}
            type="button"
            role="radio"
            aria-checked={choice === option}
            className={choice === option ? 'segment active' : 'segment'}
            onClick={() => setChoice(kind, option)}
          >
            {t(`analysis.codes.${option}`)}
          </button>
        ))}
      </div>
      <ul className="analysis-code-list" aria-label={t('analysis.codes')}>
        {ordered.map((code) => (
          <li key={code.id} style={{ paddingLeft: `${code.depth * 0.875}rem` }}>
            <label title={code.path}>
              <input type="checkbox" checked={selected.has(code.id)} onChange={() => toggle(code.id)} />
              <span className="swatch" style={{ background: code.color }} />
              {code.name}
            </label>
          </li>
        ))}
      </ul>
      <span className="muted small">{t('analysis.codes.count', { count: selected.size, all: codes.length })}</span>
    </div>
  );
}

/** Codes in codebook order: each parent followed by its children. */
export function orderedCodes(codes: readonly Code[]): Code[] {
  const children = new Map<string | null, Code[]>();
  for (const code of codes) {
    const list = children.get(code.parentId) ?? [];
    list.push(code);
    children.set(code.parentId, list);
  }
  const out: Code[] = [];
  const visit = (parent: string | null): void => {
    for (const code of (children.get(parent) ?? []).sort((a, b) => a.position - b.position)) {
      out.push(code);
      visit(code.id);
    }
  };
  visit(null);
  return out;
}

/** One code (with its descendants) or none, for segments and word frequency. */
function SingleCodeSelect({
  label,
  value,
  onChange,
  none,
}: Readonly<{ label: string; value: string | null; onChange(value: CodeId | null): void; none: string }>) {
  const id = useId();
  const codes = useAppStore((state) => state.codes);
  return (
    <Field label={label} htmlFor={id}>
      <select id={id} value={value ?? ''} onChange={(event) => onChange((event.target.value || null) as CodeId | null)}>
        <option value="">{none}</option>
        {orderedCodes(codes).map((code) => (
          <option key={code.id} value={code.id}>
            {'\u2003'.repeat(code.depth)}
            {code.name}
          </option>
        ))}
      </select>
    </Field>
  );
}

function Checkbox({
  label,
  checked,
  onChange,
}: Readonly<{ label: string; checked: boolean; onChange(checked: boolean): void }>) {
  return (
    <label className="analysis-check">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} />
      {label}
    </label>
  );
}

/** A whole number within bounds, applied on Enter or leaving the field. */
function NumberField({
  label,
  value,
  min,
  max,
  onChange,
}: Readonly<{ label: string; value: number; min: number; max: number; onChange(value: number): void }>) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [seen, setSeen] = useState(value);
  if (seen !== value) {
    setSeen(value);
    setDraft(String(value));
  }
  const parsed = Number(draft);
  const invalid = !/^\d+$/.test(draft.trim()) || parsed < min || parsed > max;
  const commit = (): void => {
    if (!invalid && parsed !== value) onChange(parsed);
  };
  return (
    <Field label={label} htmlFor={id}>
      <input
        id={id}
        className="text-input narrow"
        inputMode="numeric"
        value={draft}
        aria-invalid={invalid}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
      {invalid && <span className="error-text">{t('analysis.numberRange', { min, max })}</span>}
    </Field>
  );
}

function CrosstabForm() {
  const query = useAppStore((state) => state.analysisQueries?.crosstab);
  const setQuery = useAppStore((state) => state.setAnalysisQuery);
  if (!query) return null;
  const set = (patch: Partial<typeof query>): void => setQuery('crosstab', patch);
  return (
    <>
      <CodePicker kind="crosstab" />
      <Checkbox label={t('analysis.rollup')} checked={query.rollup} onChange={(rollup) => set({ rollup })} />
      <AttributeSelect label={t('analysis.columns')} value={query.by} onChange={(by) => by && set({ by, bin: null })} />
      <BinField attribute={query.by} value={query.bin} onChange={(bin) => set({ bin })} />
      <AttributeSelect
        label={t('analysis.then')}
        value={query.then}
        none={t('analysis.then.none')}
        onChange={(then) => set({ then, thenBin: null })}
      />
      <BinField attribute={query.then} value={query.thenBin} onChange={(thenBin) => set({ thenBin })} />
      <Segmented
        label={t('analysis.unit')}
        options={CROSSTAB_UNITS}
        value={query.unit}
        text={(unit) => t(`analysis.unit.${unit}`)}
        // Coverage is already a percentage: the backend refuses percentages of it.
        onChange={(unit) => set(unit === 'coverage' ? { unit, percent: null } : { unit })}
      />
      <Segmented
        label={t('analysis.percent')}
        options={['none', 'row', 'column'] as const}
        value={query.percent ?? 'none'}
        text={(base) => t(`analysis.percent.${base}`)}
        disabled={query.unit === 'coverage'}
        onChange={(base) => set({ percent: base === 'none' ? null : base })}
      />
    </>
  );
}

function CooccurrenceForm() {
  const query = useAppStore((state) => state.analysisQueries?.cooccurrence);
  const setQuery = useAppStore((state) => state.setAnalysisQuery);
  if (!query) return null;
  const set = (patch: Partial<typeof query>): void => setQuery('cooccurrence', patch);
  return (
    <>
      <CodePicker kind="cooccurrence" />
      <Segmented
        label={t('analysis.relation')}
        options={COOCCURRENCE_RELATIONS}
        value={query.relation}
        text={(relation) => t(`analysis.relation.${relation}`)}
        onChange={(relation) => set({ relation })}
      />
      <Segmented
        label={t('analysis.unit')}
        options={COOCCURRENCE_UNITS}
        value={query.unit}
        text={(unit) => t(`analysis.cooccurrenceUnit.${unit}`)}
        onChange={(unit) => set({ unit })}
      />
      <AttributeSelect
        label={t('analysis.perValue')}
        value={query.by}
        none={t('analysis.perValue.none')}
        onChange={(by) => set({ by, bin: null })}
      />
      <BinField attribute={query.by} value={query.bin} onChange={(bin) => set({ bin })} />
    </>
  );
}

function MatrixForm() {
  const query = useAppStore((state) => state.analysisQueries?.matrix);
  const setQuery = useAppStore((state) => state.setAnalysisQuery);
  if (!query) return null;
  const set = (patch: Partial<typeof query>): void => setQuery('matrix', patch);
  return (
    <>
      <CodePicker kind="matrix" />
      <Checkbox label={t('analysis.rollup')} checked={query.rollup} onChange={(rollup) => set({ rollup })} />
      <Segmented
        label={t('analysis.cell')}
        options={MATRIX_VALUES}
        value={query.value}
        text={(value) => t(`analysis.matrixValue.${value}`)}
        onChange={(value) => set({ value })}
      />
    </>
  );
}

function SegmentsForm() {
  const query = useAppStore((state) => state.analysisQueries?.segments);
  const setQuery = useAppStore((state) => state.setAnalysisQuery);
  if (!query) return null;
  return (
    <SingleCodeSelect
      label={t('analysis.code')}
      value={query.codeId}
      none={t('analysis.code.every')}
      onChange={(codeId) => setQuery('segments', { codeId })}
    />
  );
}

function WordfreqForm() {
  const query = useAppStore((state) => state.analysisQueries?.wordfreq);
  const setQuery = useAppStore((state) => state.setAnalysisQuery);
  if (!query) return null;
  const set = (patch: Partial<typeof query>): void => setQuery('wordfreq', patch);
  return (
    <>
      <AttributeSelect
        label={t('analysis.perValue')}
        value={query.by}
        none={t('analysis.perValue.none')}
        onChange={(by) => set({ by, bin: null })}
      />
      <BinField attribute={query.by} value={query.bin} onChange={(bin) => set({ bin })} />
      <SingleCodeSelect
        label={t('analysis.wordfreq.code')}
        value={query.codeId}
        none={t('analysis.wordfreq.wholeTexts')}
        onChange={(codeId) => set({ codeId })}
      />
      <div className="analysis-pair">
        <NumberField
          label={t('analysis.wordfreq.top')}
          value={query.top}
          min={1}
          max={10_000}
          onChange={(top) => set({ top })}
        />
        <NumberField
          label={t('analysis.wordfreq.minLength')}
          value={query.minLength}
          min={1}
          max={50}
          onChange={(minLength) => set({ minLength })}
        />
      </div>
      <StopwordsButton />
    </>
  );
}

/** Opens the stop-word lists (the result's statement says which lists it left out). */
function StopwordsButton() {
  const setDialog = useAppStore((state) => state.setAnalysisDialog);
  const labelId = useId();
  return (
    <div className="analysis-field">
      <span className="analysis-label" id={labelId}>
        {t('analysis.stopwords.label')}
      </span>
      <button
        type="button"
        className="button small"
        aria-describedby={labelId}
        title={t('analysis.stopwords.buttonHint')}
        onClick={() => setDialog('stopwords')}
      >
        {t('analysis.stopwords.button')}
      </button>
    </div>
  );
}

function CodebookForm() {
  const query = useAppStore((state) => state.analysisQueries?.codebook);
  const setQuery = useAppStore((state) => state.setAnalysisQuery);
  if (!query) return null;
  return (
    <NumberField
      label={t('analysis.codebook.examples')}
      value={query.examples}
      min={0}
      max={20}
      onChange={(examples) => setQuery('codebook', { examples })}
    />
  );
}

/**
 * Attribute filters (all must hold), drawn by the row Retrieval uses too. Rows being typed are
 * kept in the store (so they outlive a visit to another tab); only complete rows go into the
 * query, so a half-typed year never runs (a complete one runs at once: Analysis has no pause
 * while typing).
 */
function FilterEditor({ kind }: Readonly<{ kind: AnalysisKind }>) {
  const where = useAppStore((state) => state.analysisQueries?.[kind].where);
  const typed = useAppStore((state) => state.analysisFilterRows[kind]);
  const setRows = useAppStore((state) => state.setAnalysisFilterRows);
  const attributes = useAttributes();
  const labelId = useId();
  // The rows as typed while they still say what the query holds; the query's own filters when
  // something else set them since (a saved query opened).
  const rows =
    typed && JSON.stringify(sendableFilters(attributes, typed)) === JSON.stringify(where ?? []) ? typed : (where ?? []);
  return (
    <div className="analysis-field">
      <span className="analysis-label" id={labelId}>
        {t('analysis.filters')}
      </span>
      <AttributeFilters rows={rows} onChange={(next) => setRows(kind, next)} layout="stacked" labelledBy={labelId} />
    </div>
  );
}

/** One coder's codings, or everyone's. */
function CoderField({ kind }: Readonly<{ kind: AnalysisKind }>) {
  const id = useId();
  const coder = useAppStore((state) => state.analysisQueries?.[kind].coder ?? null);
  const coders = useAppStore((state) => state.coders);
  const setQuery = useAppStore((state) => state.setAnalysisQuery);
  const names = coders.map((entry) => entry.name);
  return (
    <Field label={t('analysis.coder')} htmlFor={id}>
      <select id={id} value={coder ?? ''} onChange={(event) => setQuery(kind, { coder: event.target.value || null })}>
        <option value="">{t('analysis.coder.all')}</option>
        {(coder !== null && !names.includes(coder) ? [...names, coder] : names).map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
    </Field>
  );
}
