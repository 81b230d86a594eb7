import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent as ReactKeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Code } from '../../../shared/domain/types';
import { formatNumber, t } from '../../i18n';
import { useAppStore, useAppStoreApi } from '../../store';
import { shortcutCodes } from '../codebook/recentCodes';
import { clearDomSelectionIf } from '../document/selection';
import { highlightRuns } from './fuzzy';
import { rankCodes, type RankedCode } from './rankCodes';

/** What Enter does with the active row: a code, or a new code named after the query. */
type Choice = Readonly<{ kind: 'code'; ranked: RankedCode }> | Readonly<{ kind: 'create'; name: string }>;

const PREVIEW_LENGTH = 60;

/**
 * Ctrl/Cmd+K: type part of a code's path (any segments: "inst plan"), move with ↑ ↓, Enter.
 * With a passage selected, Enter codes it; without, Enter shows the code in the codebook.
 * The last row offers a new code named after the query (under the code selected in the codebook).
 */
export function CommandPalette() {
  const store = useAppStoreApi();
  const { codes, recent, target, selectedCode, text } = useAppStore(
    useShallow((state) => ({
      codes: state.codes,
      recent: state.recentCodeIds,
      target: state.paletteTarget,
      selectedCode: state.codes.find((code) => code.id === state.selectedCodeId) ?? null,
      text: state.model?.text ?? '',
    })),
  );
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const listId = useId();
  const hintId = useId();
  const listRef = useRef<HTMLUListElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  const shortcuts = useMemo(() => shortcutCodes(codes, recent), [codes, recent]);
  const keyOf = useMemo(() => new Map(shortcuts.map((code, index) => [code.id, index + 1])), [shortcuts]);
  const ranked = useMemo(() => rankCodes(codes, query, shortcuts), [codes, query, shortcuts]);
  const trimmed = query.trim();
  const parentId = selectedCode?.id ?? null;
  const exists = codes.some((code) => code.parentId === parentId && code.name === trimmed);
  const choices: Choice[] = [
    ...ranked.map((entry) => ({ kind: 'code' as const, ranked: entry })),
    ...(trimmed.length > 0 && !exists ? [{ kind: 'create' as const, name: trimmed }] : []),
  ];
  const activeIndex = Math.min(active, Math.max(0, choices.length - 1));

  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    inputRef.current?.focus();
    return () => {
      // Back where the researcher was, unless the choice moved the focus on purpose (the tree).
      if (document.activeElement === document.body || document.activeElement === null)
        previous?.focus?.({ preventScroll: true });
    };
  }, []);

  useEffect(() => {
    listRef.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex, query]);

  const close = (restoreSelection: boolean): void => store.getState().closePalette({ restoreSelection });

  const choose = async (choice: Choice | undefined): Promise<void> => {
    if (!choice) return;
    const state = store.getState();
    if (choice.kind !== 'code' && target) {
      // A new code for the selected passage: made and applied in one step (one undo).
      close(false);
      if (await state.codeInVivo(target, choice.name)) clearDomSelectionIf(target, text);
      return;
    }
    let code: Code | null;
    if (choice.kind === 'code') {
      code = choice.ranked.code;
    } else {
      close(false);
      code = await state.createCode(parentId, choice.name, { select: target === null });
      if (!code) return;
    }
    if (target) {
      close(false);
      const applied = await state.applyCode(code.id, target);
      if (applied) clearDomSelectionIf(target, text);
    } else {
      close(false);
      state.revealCode(code.id);
    }
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLInputElement>): void => {
    if (event.nativeEvent.isComposing) return;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
      event.preventDefault();
      close(true);
      return;
    }
    const count = choices.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (count > 0) setActive((activeIndex + 1) % count);
        return;
      case 'ArrowUp':
        event.preventDefault();
        if (count > 0) setActive((activeIndex - 1 + count) % count);
        return;
      case 'PageDown':
        event.preventDefault();
        setActive(Math.min(count - 1, activeIndex + 8));
        return;
      case 'PageUp':
        event.preventDefault();
        setActive(Math.max(0, activeIndex - 8));
        return;
      case 'Enter':
        event.preventDefault();
        void choose(choices[activeIndex]);
        return;
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        close(true);
        return;
      case 'Tab':
        // The palette keeps the keyboard until it closes.
        event.preventDefault();
        return;
      default:
    }
  };

  const preview = target ? previewOf(text.slice(target.start, target.end)) : null;
  const activeId = choices.length > 0 ? `${listId}-${activeIndex}` : undefined;

  return (
    <div
      className="overlay palette-overlay"
      onMouseDown={(event) => event.target === event.currentTarget && close(true)}
    >
      <div className="command-palette" role="dialog" aria-modal="true" aria-label={t('palette.title')}>
        <div className="palette-target">
          {preview !== null && target ? (
            <>
              <span className="muted">{t('palette.coding', { count: formatNumber(target.end - target.start) })}</span>{' '}
              <q className="palette-preview">{preview}</q>
            </>
          ) : (
            <span className="muted">{t('palette.noSelection')}</span>
          )}
        </div>
        <input
          ref={inputRef}
          className="palette-input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-activedescendant={activeId}
          aria-autocomplete="list"
          aria-describedby={hintId}
          aria-label={t('palette.label')}
          placeholder={t('palette.placeholder')}
          value={query}
          spellCheck={false}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul className="palette-list" id={listId} role="listbox" aria-label={t('palette.results')} ref={listRef}>
          {choices.map((choice, index) => (
            <li
              key={choice.kind === 'code' ? choice.ranked.code.id : 'create'}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'palette-option active' : 'palette-option'}
              onMouseMove={() => index !== activeIndex && setActive(index)}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => void choose(choice)}
            >
              {choice.kind === 'code' ? (
                <CodeOption ranked={choice.ranked} shortcut={keyOf.get(choice.ranked.code.id) ?? null} />
              ) : (
                <span className="palette-create">
                  <span className="palette-plus" aria-hidden="true">
                    +
                  </span>
                  {selectedCode
                    ? t('palette.createUnder', { name: choice.name, parent: selectedCode.path })
                    : t('palette.create', { name: choice.name })}
                </span>
              )}
            </li>
          ))}
          {choices.length === 0 && <li className="palette-empty muted">{t('palette.empty')}</li>}
        </ul>
        <div className="palette-hint muted" id={hintId}>
          {target ? t('palette.hintApply') : t('palette.hintJump')}
        </div>
      </div>
    </div>
  );
}

function previewOf(selected: string): string {
  const flat = selected.replace(/\s+/gu, ' ').trim();
  const characters = Array.from(flat);
  return characters.length <= PREVIEW_LENGTH ? flat : `${characters.slice(0, PREVIEW_LENGTH).join('')}…`;
}

function CodeOption({ ranked, shortcut }: { ranked: RankedCode; shortcut: number | null }) {
  const { code, names, match } = ranked;
  // The path is matched as names joined with "/": each name starts after the ones before it.
  const starts = names.map((_, index) => names.slice(0, index).reduce((sum, name) => sum + name.length + 1, 0));
  const segments = names.map((name, index) => {
    const runs = highlightRuns(name, match.indices, starts[index]);
    const leaf = index === names.length - 1;
    return (
      <span key={index} className={leaf ? 'palette-leaf' : 'palette-ancestor'}>
        {runs.map((run, runIndex) =>
          run.matched ? <mark key={runIndex}>{run.text}</mark> : <span key={runIndex}>{run.text}</span>,
        )}
        {!leaf && <span className="palette-separator"> / </span>}
      </span>
    );
  });
  return (
    <>
      <span className="swatch" style={{ background: code.color }} />
      <span className="palette-path" title={code.path}>
        {segments}
      </span>
      <span className="palette-count muted">{code.segmentCount}</span>
      {shortcut !== null ? <kbd className="code-key">{shortcut}</kbd> : <span className="code-key-space" />}
    </>
  );
}
