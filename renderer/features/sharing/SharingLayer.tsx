import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useShallow } from 'zustand/react/shallow';
import { t } from '../../i18n';
import { isEditableTarget, isPrimaryModifier } from '../../lib/keys';
import { useAppStore, useAppStoreApi } from '../../store';
import { ExchangeImportReport } from '../start/ExchangeImportReport';
import { ExportDialog } from './ExportDialog';
import { MergeDialog } from './MergeDialog';
import './sharing.css';

/** The shortcuts, as the menu shows them (Ctrl on Windows and Linux, Cmd on macOS). */
const SHORTCUTS = { export: 'Ctrl Shift E', merge: 'Ctrl Shift M' } as const;

/**
 * Where the Share menu sits in the top bar: an element of our own, placed just before the
 * settings menu. The workspace's top bar is not this feature's file, so the menu is portalled
 * into it from this always-mounted layer.
 */
function useTopbarSlot(): HTMLElement {
  const [slot] = useState(() => {
    const element = document.createElement('div');
    element.className = 'share-slot';
    return element;
  });
  useEffect(() => {
    const topbar = document.querySelector('.workspace > .topbar');
    if (!topbar) return undefined;
    topbar.insertBefore(slot, topbar.querySelector(':scope > .settings'));
    return () => slot.remove();
  }, [slot]);
  return slot;
}

/** The Share button and its menu: export, merge, agreement. */
export function ShareMenu() {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const { openExport, openMerge, showAgreement } = useAppStore(
    useShallow((state) => ({
      openExport: state.openExportDialog,
      openMerge: state.openMergeDialog,
      showAgreement: state.showAgreement,
    })),
  );

  useEffect(() => {
    if (!open) return undefined;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: MouseEvent): void => {
      const target = event.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer, true);
    return () => document.removeEventListener('mousedown', onPointer, true);
  }, [open]);

  const choose = (action: () => void) => () => {
    setOpen(false);
    action();
  };
  const items = [
    { key: 'export', label: t('sharing.menu.export'), shortcut: SHORTCUTS.export, run: openExport },
    { key: 'merge', label: t('sharing.menu.merge'), shortcut: SHORTCUTS.merge, run: openMerge },
    { key: 'agreement', label: t('sharing.menu.agreement'), shortcut: null, run: showAgreement },
  ];

  return (
    <div className="share-menu">
      <button
        ref={buttonRef}
        type="button"
        className="button small quiet"
        aria-haspopup="menu"
        aria-expanded={open}
        title={t('sharing.menu.hint')}
        onClick={() => setOpen(!open)}
      >
        {t('sharing.menu')} ▾
      </button>
      {open && (
        <div
          ref={menuRef}
          className="share-popover"
          role="menu"
          aria-label={t('sharing.menu')}
          onKeyDown={(event) => {
            const entries = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
            const at = entries.indexOf(document.activeElement as HTMLElement);
            if (event.key === 'Escape') {
              event.stopPropagation();
              setOpen(false);
              buttonRef.current?.focus();
            } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
              event.preventDefault();
              const step = event.key === 'ArrowDown' ? 1 : -1;
              entries[(at + step + entries.length) % entries.length]?.focus();
            }
          }}
        >
          {items.map((item) => (
            <button key={item.key} type="button" role="menuitem" className="share-item" onClick={choose(item.run)}>
              <span>{item.label}</span>
              {item.shortcut && <kbd>{item.shortcut}</kbd>}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

/**
 * Always mounted in the workspace: the Share menu in the top bar, the export and merge
 * dialogs, the report of a project made from an exchange file, and the shortcuts
 * Ctrl/Cmd+Shift+E (export) and Ctrl/Cmd+Shift+M (merge).
 */
export function SharingLayer() {
  const store = useAppStoreApi();
  const slot = useTopbarSlot();
  const { exportOpen, mergePhase } = useAppStore(
    useShallow((state) => ({ exportOpen: state.exportOpen, mergePhase: state.mergePhase })),
  );

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent): void => {
      if (!isPrimaryModifier(event) || !event.shiftKey || event.altKey || isEditableTarget(event.target)) return;
      const state = store.getState();
      if (state.phase !== 'workspace' || state.paletteOpen) return;
      // Matched on the key's position: Shift changes event.key.
      if (event.code === 'KeyE') {
        event.preventDefault();
        state.openExportDialog();
      } else if (event.code === 'KeyM') {
        event.preventDefault();
        state.openMergeDialog();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store]);

  return (
    <>
      {createPortal(<ShareMenu />, slot)}
      {exportOpen && <ExportDialog />}
      {mergePhase !== 'closed' && <MergeDialog />}
      <ExchangeImportReport />
    </>
  );
}
