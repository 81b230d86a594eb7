import { useEffect, useId, useRef, useState, type Ref } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { STOPWORD_LANGUAGES, STOPWORD_LIMITS, type StopwordLanguage } from '../../../shared/ipc/channels/stopwords';
import { parseStopwords } from '../../../shared/stats/wordfreq';
import { ConfirmDialog } from '../../app/ConfirmDialog';
import { Dialog } from '../../app/Dialog';
import { t, tn } from '../../i18n';
import { isPrimaryModifier } from '../../lib/keys';
import { useAppStore } from '../../store';
import type { StopwordLists } from './analysisSlice';

type Drafts = Readonly<Record<StopwordLanguage, string>>;

const asText = (words: readonly string[]): string => words.join('\n');

/** What a list's text would save as, and why it cannot be saved, if it cannot. */
function readDraft(text: string): { words: string[]; problem: string | null } {
  const words = parseStopwords(text);
  if (words.length > STOPWORD_LIMITS.words) {
    return { words, problem: t('analysis.stopwords.tooMany', { max: STOPWORD_LIMITS.words }) };
  }
  const long = words.find((word) => word.length > STOPWORD_LIMITS.length);
  if (long !== undefined) {
    return {
      words,
      problem: t('analysis.stopwords.tooLong', { max: STOPWORD_LIMITS.length, word: long.slice(0, 24) }),
    };
  }
  return { words, problem: null };
}

const sameWords = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((word, index) => word === b[index]);

/**
 * The English and Chinese stop words of the project, one word per line, side by side. Save
 * replaces the lists that changed and counts the word frequencies again; "Reset to built-in"
 * (after asking) puts a list back at once. Closing with unsaved edits asks first.
 */
export function StopwordsDialog() {
  const { setDialog, load, save, notify } = useAppStore(
    useShallow((state) => ({
      setDialog: state.setAnalysisDialog,
      load: state.loadStopwords,
      save: state.saveStopwords,
      notify: state.notify,
    })),
  );
  const [lists, setLists] = useState<StopwordLists | null>(null);
  const [drafts, setDrafts] = useState<Drafts>({ en: '', zh: '' });
  const [busy, setBusy] = useState(false);
  const [resetting, setResetting] = useState<StopwordLanguage | null>(null);
  const [discarding, setDiscarding] = useState(false);
  const [failed, setFailed] = useState(false);
  const closed = useRef(false);
  const firstField = useRef<HTMLTextAreaElement>(null);
  const close = (): void => setDialog(null);

  useEffect(() => {
    closed.current = false;
    void load().then((loaded) => {
      if (closed.current) return;
      if (!loaded) {
        setFailed(true);
        return;
      }
      setLists(loaded);
      setDrafts({ en: asText(loaded.en.words), zh: asText(loaded.zh.words) });
    });
    return () => {
      closed.current = true;
    };
  }, [load]);
  // The fields appear once the lists are read: the first one takes the focus then.
  const ready = lists !== null;
  useEffect(() => {
    if (ready) firstField.current?.focus();
  }, [ready]);

  const read = { en: readDraft(drafts.en), zh: readDraft(drafts.zh) };
  const edited = (language: StopwordLanguage): boolean =>
    lists !== null && !sameWords(read[language].words, lists[language].words);
  const dirty = STOPWORD_LANGUAGES.some(edited);
  const invalid = STOPWORD_LANGUAGES.some((language) => read[language].problem !== null);

  const onSave = async (): Promise<void> => {
    if (!lists || busy || invalid) return;
    if (!dirty) {
      close();
      return;
    }
    setBusy(true);
    const changes = Object.fromEntries(
      STOPWORD_LANGUAGES.filter(edited).map((language) => [language, read[language].words]),
    );
    const saved = await save(changes);
    if (closed.current) return;
    setBusy(false);
    if (!saved) return;
    notify('info', t('analysis.stopwords.saved'));
    close();
  };

  const onReset = async (language: StopwordLanguage): Promise<void> => {
    setResetting(null);
    setBusy(true);
    const saved = await save({ [language]: null });
    if (closed.current) return;
    setBusy(false);
    const list = saved?.[language];
    if (!list || !lists) return;
    setLists({ ...lists, [language]: list });
    setDrafts({ ...drafts, [language]: asText(list.words) });
    notify('info', t(`analysis.stopwords.resetDone.${language}`));
  };

  // Closing with edits not saved asks first (while the lists are saved, it closes at once).
  const mayClose = (): boolean => {
    if (dirty && !busy) {
      setDiscarding(true);
      return false;
    }
    return true;
  };
  const onCancel = (): void => {
    if (mayClose()) close();
  };

  return (
    <Dialog title={t('analysis.stopwords.title')} size="large" onClose={close} beforeClose={mayClose}>
      <form
        className="analysis-stopwords"
        onSubmit={(event) => {
          event.preventDefault();
          void onSave();
        }}
        onKeyDown={(event) => {
          if (isPrimaryModifier(event) && (event.key === 'Enter' || event.code === 'KeyS')) {
            event.preventDefault();
            event.stopPropagation();
            void onSave();
          }
        }}
      >
        <p className="muted small">{t('analysis.stopwords.explain')}</p>
        {failed && (
          <p className="error-text" role="alert">
            {t('analysis.stopwords.unreadable')}
          </p>
        )}
        {!lists && !failed && <p className="muted small">{t('analysis.stopwords.loading')}</p>}
        {lists && (
          <div className="analysis-stopwords-lists">
            {STOPWORD_LANGUAGES.map((language, index) => (
              <StopwordField
                key={language}
                language={language}
                text={drafts[language]}
                count={read[language].words.length}
                state={edited(language) ? 'edited' : lists[language].source}
                problem={read[language].problem}
                disabled={busy}
                canReset={lists[language].source === 'project' || edited(language)}
                fieldRef={index === 0 ? firstField : undefined}
                onChange={(text) => setDrafts({ ...drafts, [language]: text })}
                onReset={() => setResetting(language)}
              />
            ))}
          </div>
        )}
        <div className="dialog-actions">
          {busy && <span className="muted small analysis-stopwords-busy">{t('analysis.stopwords.counting')}</span>}
          <button type="button" className="button" onClick={onCancel}>
            {t('confirm.cancel')}
          </button>
          <button
            type="submit"
            className="button primary"
            title={t('analysis.stopwords.saveHint')}
            disabled={!lists || busy || invalid}
          >
            {t('analysis.stopwords.save')}
          </button>
        </div>
      </form>
      {resetting && lists && (
        <ConfirmDialog
          title={t(`analysis.stopwords.resetTitle.${resetting}`)}
          lines={[
            lists[resetting].source === 'project'
              ? tn('analysis.stopwords.resetLine', lists[resetting].words.length)
              : t('analysis.stopwords.resetLineDefault'),
            ...(edited(resetting) ? [t('analysis.stopwords.resetEdits')] : []),
          ]}
          confirmLabel={t('analysis.stopwords.resetConfirm')}
          onConfirm={() => void onReset(resetting)}
          onCancel={() => setResetting(null)}
        />
      )}
      {discarding && (
        <ConfirmDialog
          title={t('analysis.stopwords.discardTitle')}
          lines={[t('analysis.stopwords.discardLine')]}
          confirmLabel={t('analysis.stopwords.discard')}
          onConfirm={close}
          onCancel={() => setDiscarding(false)}
        />
      )}
    </Dialog>
  );
}

/** One language's list: its name and word count above, the words one per line, its reset below. */
function StopwordField({
  language,
  text,
  count,
  state,
  problem,
  disabled,
  canReset,
  fieldRef,
  onChange,
  onReset,
}: Readonly<{
  language: StopwordLanguage;
  text: string;
  count: number;
  state: 'default' | 'project' | 'edited';
  problem: string | null;
  disabled: boolean;
  canReset: boolean;
  fieldRef?: Ref<HTMLTextAreaElement>;
  onChange(text: string): void;
  onReset(): void;
}>) {
  const id = useId();
  const countId = useId();
  return (
    <div className="analysis-stopwords-list" data-language={language}>
      <div className="analysis-stopwords-head">
        <label className="analysis-label" htmlFor={id}>
          {t(`analysis.stopwords.${language}`)}
        </label>
        <span id={countId} className="muted small" data-count={count}>
          {tn('analysis.stopwords.count', count)} · {t(`analysis.stopwords.state.${state}`)}
        </span>
      </div>
      <textarea
        ref={fieldRef}
        id={id}
        className="analysis-stopwords-text"
        value={text}
        spellCheck={false}
        aria-describedby={countId}
        aria-invalid={problem !== null}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value)}
      />
      {problem && <span className="error-text">{problem}</span>}
      <button type="button" className="button small" disabled={disabled || !canReset} onClick={onReset}>
        {t('analysis.stopwords.reset')}
      </button>
    </div>
  );
}
