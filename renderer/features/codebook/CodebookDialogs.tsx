import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Dialog } from '../../app/Dialog';
import type { CodeId } from '../../../shared/domain/ids';
import type { Code } from '../../../shared/domain/types';
import type { CodebookImportPreview } from '../../../shared/ipc/channels/codebook';
import { t } from '../../i18n';
import { isPrimaryModifier } from '../../lib/keys';
import { RichTextEditor } from '../memos/RichTextEditor';
import { rankCodes } from '../palette/rankCodes';
import { isWithin } from './codeTree';

/** Picks the code to merge `source` into: type to filter, ↑/↓ to choose, Enter to take it. */
export function MergePicker({
  codes,
  source,
  onPick,
  onCancel,
}: Readonly<{ codes: readonly Code[]; source: Code; onPick(target: Code): void; onCancel(): void }>) {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const candidates = useMemo(() => codes.filter((code) => !isWithin(codes, code.id, source.id)), [codes, source]);
  const ranked = useMemo(() => rankCodes(candidates, query, [], 200), [candidates, query]);
  const activeIndex = Math.min(active, Math.max(ranked.length - 1, 0));
  const choose = (index: number): void => {
    const choice = ranked[index];
    if (choice) onPick(choice.code);
  };
  return (
    <Dialog
      title={t('codebook.mergeTitle', { name: source.path })}
      className="codebook-dialog"
      onClose={onCancel}
      initialFocus={inputRef}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel}>
            {t('codebook.cancel')}
          </button>
          <button
            type="button"
            className="button primary"
            disabled={ranked.length === 0}
            onClick={() => choose(activeIndex)}
          >
            {t('codebook.mergeChoose')}
          </button>
        </>
      }
    >
      <p className="muted small">{t('codebook.mergeHelp', { name: source.name })}</p>
      <input
        ref={inputRef}
        className="palette-input codebook-filter"
        role="combobox"
        aria-label={t('codebook.mergeFilter')}
        aria-expanded="true"
        aria-controls={listId}
        aria-activedescendant={ranked[activeIndex] ? `${listId}-${activeIndex}` : undefined}
        placeholder={t('codebook.mergeFilter')}
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive(Math.min(activeIndex + 1, ranked.length - 1));
          else if (event.key === 'ArrowUp') setActive(Math.max(activeIndex - 1, 0));
          else if (event.key === 'Enter') choose(activeIndex);
          else return;
          event.preventDefault();
        }}
      />
      <ul id={listId} className="palette-list codebook-targets" role="listbox" aria-label={t('codebook.mergeTargets')}>
        {ranked.map((entry, index) => (
          <li
            key={entry.code.id}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            className={index === activeIndex ? 'palette-option active' : 'palette-option'}
            onMouseMove={() => index !== activeIndex && setActive(index)}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(index)}
          >
            <span className="swatch" style={{ background: entry.code.color }} />
            <span className="palette-path" title={entry.code.path}>
              {entry.names.map((name, part) => (
                <span key={part} className={part === entry.names.length - 1 ? 'palette-leaf' : 'palette-ancestor'}>
                  {name}
                  {part < entry.names.length - 1 && <span className="palette-separator"> / </span>}
                </span>
              ))}
            </span>
          </li>
        ))}
        {ranked.length === 0 && <li className="palette-empty muted">{t('codebook.mergeNone')}</li>}
      </ul>
    </Dialog>
  );
}

/** Edits a code's description as rich text (stored as Markdown). */
export function DescribeDialog({
  code,
  onSave,
  onCancel,
}: Readonly<{ code: Code; onSave(markdown: string): void; onCancel(): void }>) {
  // A ref, not state: Ctrl+Enter may come before React re-renders after the last keystroke.
  const value = useRef(code.description);
  const save = (): void => onSave(value.current);
  return (
    <Dialog
      title={t('codebook.describeTitle', { name: code.path })}
      size="large"
      className="codebook-dialog"
      initialFocus="box"
      onClose={onCancel}
      footer={
        <>
          <span className="muted small dialog-hint">{t('codebook.describeHint')}</span>
          <button type="button" className="button" onClick={onCancel}>
            {t('codebook.cancel')}
          </button>
          <button type="button" className="button primary" onClick={save}>
            {t('codebook.describeSave')}
          </button>
        </>
      }
    >
      <div
        className="codebook-describe"
        // Capture phase: the editor would otherwise take Ctrl+Enter as a new paragraph first.
        onKeyDownCapture={(event) => {
          if (event.key === 'Enter' && isPrimaryModifier(event)) {
            event.preventDefault();
            event.stopPropagation();
            save();
          }
        }}
      >
        <RichTextEditor
          value={code.description}
          onChange={(markdown) => {
            value.current = markdown;
          }}
          label={t('codebook.describeLabel')}
          placeholder={t('codebook.describePlaceholder')}
          autoFocus
        />
      </div>
    </Dialog>
  );
}

/** Shows what importing a codebook file adds and changes, before anything is written. */
export function ImportPreviewDialog({
  preview,
  onImport,
  onCancel,
}: Readonly<{ preview: CodebookImportPreview; onImport(): void; onCancel(): void }>) {
  const importRef = useRef<HTMLButtonElement>(null);
  const nothing = preview.entries.length === 0;
  return (
    <Dialog
      title={t('codebook.importTitle', { file: preview.fileName })}
      size="large"
      className="codebook-dialog"
      onClose={onCancel}
      initialFocus={importRef}
      footer={
        <>
          <button type="button" className="button" onClick={onCancel}>
            {t(nothing ? 'codebook.keys.close' : 'codebook.cancel')}
          </button>
          {!nothing && (
            <button type="button" className="button primary" ref={importRef} onClick={onImport}>
              {t('codebook.importConfirm')}
            </button>
          )}
        </>
      }
    >
      <p>
        {nothing
          ? t('codebook.importNothing')
          : t('codebook.importSummary', {
              added: preview.added,
              updated: preview.updated,
              unchanged: preview.unchanged,
            })}
      </p>
      {!nothing && (
        <div className="codebook-import-table">
          <table className="grid-table">
            <thead>
              <tr>
                <th scope="col">{t('codebook.importChange')}</th>
                <th scope="col">{t('codebook.importPath')}</th>
                <th scope="col">{t('codebook.importDescription')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.entries.map((entry) => (
                <tr key={entry.path}>
                  <td>
                    <span className={`codebook-change ${entry.change}`}>
                      {entry.change === 'add' ? t('codebook.importAdd') : t('codebook.importUpdate')}
                    </span>
                    {entry.fields.length > 0 && (
                      <span className="muted small">
                        {' '}
                        {entry.fields.map((field) => t(`codebook.importFields.${field}`)).join(', ')}
                      </span>
                    )}
                  </td>
                  <td className="codebook-import-path">
                    {entry.color && <span className="swatch" style={{ background: entry.color }} />}
                    {entry.path.split('/').join(' / ')}
                  </td>
                  <td className="codebook-import-description" title={entry.description ?? undefined}>
                    {entry.description ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!nothing && <p className="muted small">{t('codebook.importHelp')}</p>}
    </Dialog>
  );
}

const KEYS: readonly (readonly [string, Parameters<typeof t>[0]])[] = [
  ['↑ ↓ Home End', 'codebook.keys.navigate'],
  ['← →', 'codebook.keys.fold'],
  ['Enter', 'codebook.keys.apply'],
  ['F2', 'codebook.keys.rename'],
  ['Alt+N', 'codebook.keys.new'],
  ['Insert', 'codebook.keys.insert'],
  ['Alt+C', 'codebook.keys.colour'],
  ['Alt+↑ Alt+↓', 'codebook.keys.reorder'],
  ['Alt+→', 'codebook.keys.indent'],
  ['Alt+←', 'codebook.keys.outdent'],
  ['Alt+Enter', 'codebook.keys.describe'],
  ['Alt+M', 'codebook.keys.merge'],
  ['Shift+F10', 'codebook.keys.menu'],
  ['Delete', 'codebook.keys.delete'],
];

/** The tree's keys, for the researcher who looks for them. */
export function KeysDialog({ onClose }: Readonly<{ onClose(): void }>) {
  const closeRef = useRef<HTMLButtonElement>(null);
  return (
    <Dialog
      title={t('codebook.keysTitle')}
      size="large"
      className="codebook-dialog"
      onClose={onClose}
      initialFocus={closeRef}
      footer={
        <button type="button" className="button" ref={closeRef} onClick={onClose}>
          {t('codebook.keys.close')}
        </button>
      }
    >
      <dl className="codebook-keys">
        {KEYS.map(([keys, message]) => (
          <div key={keys}>
            <dt>
              {keys.split(' ').map((key) => (
                <kbd key={key}>{key}</kbd>
              ))}
            </dt>
            <dd>{t(message)}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">{t('codebook.keys.drag')}</p>
    </Dialog>
  );
}

export type MenuItem = Readonly<{ label: string; keys?: string; disabled?: boolean; run(): void }>;

/** A small menu of actions (the "More" button, or a right click on a code). */
export function CodebookMenu({
  items,
  at,
  onClose,
}: Readonly<{ items: readonly (MenuItem | 'separator')[]; at: { x: number; y: number }; onClose(): void }>) {
  const menuRef = useRef<HTMLDivElement>(null);
  const enabled = items.filter((item): item is MenuItem => item !== 'separator' && !item.disabled);
  const [active, setActive] = useState(0);
  const [position, setPosition] = useState(at);
  // Opened near the bottom or the right edge, the menu moves up or left to stay in the window.
  useLayoutEffect(() => {
    const rect = menuRef.current?.getBoundingClientRect();
    if (!rect) return;
    const x = Math.max(4, Math.min(at.x, window.innerWidth - rect.width - 4));
    const y = Math.max(4, Math.min(at.y, window.innerHeight - rect.height - 4));
    setPosition({ x, y });
  }, [at]);
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    const element = menuRef.current;
    element?.querySelector<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')?.focus();
    const onPointer = (event: PointerEvent): void => {
      if (!element?.contains(event.target as Node)) onClose();
    };
    window.addEventListener('pointerdown', onPointer, true);
    return () => {
      window.removeEventListener('pointerdown', onPointer, true);
      // Back to where the menu was opened from, unless an action moved the focus elsewhere.
      if (document.activeElement === document.body || element?.contains(document.activeElement)) previous?.focus?.();
    };
  }, [onClose]);
  const focusItem = (index: number): void => {
    const wrapped = (index + enabled.length) % enabled.length;
    setActive(wrapped);
    menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([aria-disabled="true"])')[wrapped]?.focus();
  };
  return (
    <div
      ref={menuRef}
      className="codebook-menu"
      role="menu"
      aria-label={t('codebook.menuLabel')}
      style={{ left: position.x, top: position.y }}
      onKeyDown={(event) => {
        if (event.key === 'ArrowDown') focusItem(active + 1);
        else if (event.key === 'ArrowUp') focusItem(active - 1);
        else if (event.key === 'Home') focusItem(0);
        else if (event.key === 'End') focusItem(enabled.length - 1);
        else if (event.key === 'Escape' || event.key === 'Tab') onClose();
        else return;
        event.preventDefault();
        event.stopPropagation();
      }}
    >
      {items.map((item, index) =>
        item === 'separator' ? (
          <div key={`separator-${index}`} role="separator" className="codebook-menu-separator" />
        ) : (
          <div
            key={item.label}
            role="menuitem"
            tabIndex={-1}
            aria-disabled={item.disabled ? 'true' : undefined}
            className="codebook-menu-item"
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => {
              if (item.disabled) return;
              onClose();
              item.run();
            }}
            onKeyDown={(event) => {
              if ((event.key === 'Enter' || event.key === ' ') && !item.disabled) {
                event.preventDefault();
                event.stopPropagation();
                onClose();
                item.run();
              }
            }}
          >
            <span>{item.label}</span>
            {item.keys && <kbd>{item.keys}</kbd>}
          </div>
        ),
      )}
    </div>
  );
}

/** Ids of a code and everything below it (the codes a code cannot be dropped into). */
export function subtreeIds(codes: readonly Code[], codeId: CodeId): Set<CodeId> {
  return new Set(codes.filter((code) => isWithin(codes, code.id, codeId)).map((code) => code.id));
}
