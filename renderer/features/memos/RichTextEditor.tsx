import { useEffect, useId, useRef, useState } from 'react';
import { LexicalComposer, type InitialConfigType } from '@lexical/react/LexicalComposer';
import { useLexicalComposerContext } from '@lexical/react/LexicalComposerContext';
import { RichTextPlugin } from '@lexical/react/LexicalRichTextPlugin';
import { ContentEditable } from '@lexical/react/LexicalContentEditable';
import { LexicalErrorBoundary } from '@lexical/react/LexicalErrorBoundary';
import { ListPlugin } from '@lexical/react/LexicalListPlugin';
import { LinkPlugin } from '@lexical/react/LexicalLinkPlugin';
import { AutoFocusPlugin } from '@lexical/react/LexicalAutoFocusPlugin';
import { MarkdownShortcutPlugin } from '@lexical/react/LexicalMarkdownShortcutPlugin';
import { createEmptyHistoryState, registerHistory } from '@lexical/history';
import {
  $isListNode,
  INSERT_ORDERED_LIST_COMMAND,
  INSERT_UNORDERED_LIST_COMMAND,
  ListNode,
  REMOVE_LIST_COMMAND,
} from '@lexical/list';
import { $getNearestNodeOfType } from '@lexical/utils';
import {
  $getSelection,
  $isRangeSelection,
  CAN_REDO_COMMAND,
  CAN_UNDO_COMMAND,
  CLEAR_HISTORY_COMMAND,
  COMMAND_PRIORITY_LOW,
  FORMAT_TEXT_COMMAND,
  REDO_COMMAND,
  UNDO_COMMAND,
  type LexicalEditor,
} from 'lexical';
import { t } from '../../i18n';
import { logger } from '../../lib/logger';
import { $getMarkdown, $setMarkdown, MEMO_NODES, MEMO_TRANSFORMERS } from './markdown';
import './memos.css';

/**
 * How many steps the editor's own undo keeps. Lexical keeps every step by default; a memo
 * edited for an afternoon would hold hundreds of full editor states in memory (DESIGN.md §5:
 * "cap its history").
 */
export const EDITOR_HISTORY_DEPTH = 200;
/** Keystrokes closer together than this merge into one undo step, as in a word processor. */
const HISTORY_MERGE_MS = 600;
/** Tags an update that loads a new value from outside, so it is not echoed back to onChange. */
const EXTERNAL_TAG = 'memo-external-value';

type RichTextEditorProps = Readonly<{
  /** The text as Markdown. */
  value: string;
  /** Called with the new Markdown after each change the researcher makes. */
  onChange(markdown: string): void;
  /** The accessible name of the text box (and of its toolbar). */
  label: string;
  placeholder?: string;
  autoFocus?: boolean;
}>;

const THEME: InitialConfigType['theme'] = {
  paragraph: 'rte-paragraph',
  quote: 'rte-quote',
  heading: { h1: 'rte-h1', h2: 'rte-h2', h3: 'rte-h3', h4: 'rte-h3', h5: 'rte-h3', h6: 'rte-h3' },
  list: { ul: 'rte-ul', ol: 'rte-ol', listitem: 'rte-li', nested: { listitem: 'rte-nested' } },
  link: 'rte-link',
  text: { bold: 'rte-bold', italic: 'rte-italic', strikethrough: 'rte-strike', code: 'rte-code' },
};

/**
 * A small rich-text editor (Lexical) for memos and descriptions. Its value is Markdown, so what
 * is stored in the project stays readable text in every export. Bold, italic, lists and links;
 * Markdown shortcuts ("- ", "1. ", "**…**") while typing; Ctrl/Cmd+Z undoes inside the editor.
 */
export function RichTextEditor({ value, onChange, label, placeholder, autoFocus }: RichTextEditorProps) {
  const initialValue = useRef(value);
  const initialConfig: InitialConfigType = {
    namespace: 'marginalia-memo',
    theme: THEME,
    nodes: [...MEMO_NODES],
    editorState: () => $setMarkdown(initialValue.current),
    onError: (error) => logger.error(`memo editor: ${error.message}`),
  };
  return (
    <LexicalComposer initialConfig={initialConfig}>
      <div className="rte">
        <Toolbar label={label} />
        <RichTextPlugin
          contentEditable={
            placeholder ? (
              <ContentEditable
                className="rte-input"
                aria-label={label}
                aria-multiline="true"
                aria-placeholder={placeholder}
                placeholder={<div className="rte-placeholder">{placeholder}</div>}
              />
            ) : (
              <ContentEditable className="rte-input" aria-label={label} aria-multiline="true" />
            )
          }
          ErrorBoundary={LexicalErrorBoundary}
        />
        <ListPlugin />
        <LinkPlugin validateUrl={isSafeUrl} />
        <MarkdownShortcutPlugin transformers={MEMO_TRANSFORMERS} />
        <CappedHistoryPlugin />
        <MarkdownValuePlugin value={value} onChange={onChange} />
        {autoFocus && <AutoFocusPlugin />}
      </div>
    </LexicalComposer>
  );
}

/** Links in memos point to the web or to mail; never to scripts or local files. */
function isSafeUrl(url: string): boolean {
  return /^(https?:|mailto:)/i.test(url.trim());
}

/** Lexical's history with a bounded undo stack (the React plugin does not take a depth). */
function CappedHistoryPlugin() {
  const [editor] = useLexicalComposerContext();
  useEffect(
    () =>
      registerHistory(editor, createEmptyHistoryState(), HISTORY_MERGE_MS, Date.now, undefined, EDITOR_HISTORY_DEPTH),
    [editor],
  );
  return null;
}

/** Keeps the editor and the Markdown `value` in step, in both directions. */
function MarkdownValuePlugin({ value, onChange }: Readonly<{ value: string; onChange(markdown: string): void }>) {
  const [editor] = useLexicalComposerContext();
  const lastMarkdown = useRef(value);
  const onChangeRef = useRef(onChange);
  useEffect(() => {
    onChangeRef.current = onChange;
  }, [onChange]);
  useEffect(
    () =>
      editor.registerUpdateListener(({ editorState, dirtyElements, dirtyLeaves, tags }) => {
        if (tags.has(EXTERNAL_TAG) || (dirtyElements.size === 0 && dirtyLeaves.size === 0)) return;
        const markdown = editorState.read($getMarkdown);
        if (markdown === lastMarkdown.current) return;
        lastMarkdown.current = markdown;
        onChangeRef.current(markdown);
      }),
    [editor],
  );
  // A value that did not come from this editor (another memo, a reload): show it, and start a
  // fresh history so that undo cannot step back into the previous text.
  useEffect(() => {
    if (value === lastMarkdown.current) return;
    lastMarkdown.current = value;
    editor.update(() => $setMarkdown(value), { tag: EXTERNAL_TAG });
    editor.dispatchCommand(CLEAR_HISTORY_COMMAND, undefined);
  }, [editor, value]);
  return null;
}

type Formats = Readonly<{ bold: boolean; italic: boolean; list: 'bullet' | 'number' | null }>;

function readFormats(editor: LexicalEditor): Formats {
  return editor.getEditorState().read(() => {
    const selection = $getSelection();
    if (!$isRangeSelection(selection)) return { bold: false, italic: false, list: null };
    const anchor = selection.anchor.getNode();
    const list = $getNearestNodeOfType(anchor, ListNode);
    const listType = $isListNode(list) ? list.getListType() : null;
    return {
      bold: selection.hasFormat('bold'),
      italic: selection.hasFormat('italic'),
      list: listType === 'bullet' || listType === 'number' ? listType : null,
    };
  });
}

/** Bold, italic, the two lists, undo and redo, each with its shortcut in the tooltip. */
function Toolbar({ label }: Readonly<{ label: string }>) {
  const [editor] = useLexicalComposerContext();
  const toolbarLabel = useId();
  const [formats, setFormats] = useState<Formats>({ bold: false, italic: false, list: null });
  const [canUndo, setCanUndo] = useState(false);
  const [canRedo, setCanRedo] = useState(false);
  useEffect(() => {
    const offUpdate = editor.registerUpdateListener(() => setFormats(readFormats(editor)));
    const offUndo = editor.registerCommand(
      CAN_UNDO_COMMAND,
      (payload) => {
        setCanUndo(payload);
        return false;
      },
      COMMAND_PRIORITY_LOW,
    );
    const offRedo = editor.registerCommand(
      CAN_REDO_COMMAND,
      (payload) => {
        setCanRedo(payload);
        return false;
      },
      COMMAND_PRIORITY_LOW,
    );
    return () => {
      offUpdate();
      offUndo();
      offRedo();
    };
  }, [editor]);
  const toggleList = (type: 'bullet' | 'number'): void => {
    if (formats.list === type) editor.dispatchCommand(REMOVE_LIST_COMMAND, undefined);
    else
      editor.dispatchCommand(
        type === 'bullet' ? INSERT_UNORDERED_LIST_COMMAND : INSERT_ORDERED_LIST_COMMAND,
        undefined,
      );
    editor.focus();
  };
  // Buttons keep the text's selection: a mouse-down on them must not move the focus.
  const keepSelection = (event: React.MouseEvent): void => event.preventDefault();
  return (
    <div className="rte-toolbar" role="toolbar" aria-labelledby={toolbarLabel}>
      <span id={toolbarLabel} className="visually-hidden">
        {t('memos.editor.toolbar', { label })}
      </span>
      <button
        type="button"
        className="rte-button rte-button-bold"
        aria-pressed={formats.bold}
        aria-label={t('memos.editor.bold')}
        title={t('memos.editor.boldHint')}
        onMouseDown={keepSelection}
        onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'bold')}
      >
        B
      </button>
      <button
        type="button"
        className="rte-button rte-button-italic"
        aria-pressed={formats.italic}
        aria-label={t('memos.editor.italic')}
        title={t('memos.editor.italicHint')}
        onMouseDown={keepSelection}
        onClick={() => editor.dispatchCommand(FORMAT_TEXT_COMMAND, 'italic')}
      >
        I
      </button>
      <span className="rte-separator" aria-hidden="true" />
      <button
        type="button"
        className="rte-button"
        aria-pressed={formats.list === 'bullet'}
        aria-label={t('memos.editor.bulletList')}
        title={t('memos.editor.bulletListHint')}
        onMouseDown={keepSelection}
        onClick={() => toggleList('bullet')}
      >
        •≡
      </button>
      <button
        type="button"
        className="rte-button"
        aria-pressed={formats.list === 'number'}
        aria-label={t('memos.editor.numberedList')}
        title={t('memos.editor.numberedListHint')}
        onMouseDown={keepSelection}
        onClick={() => toggleList('number')}
      >
        1≡
      </button>
      <span className="rte-separator" aria-hidden="true" />
      <button
        type="button"
        className="rte-button"
        disabled={!canUndo}
        aria-label={t('memos.editor.undo')}
        title={t('memos.editor.undoHint')}
        onMouseDown={keepSelection}
        onClick={() => editor.dispatchCommand(UNDO_COMMAND, undefined)}
      >
        ↶
      </button>
      <button
        type="button"
        className="rte-button"
        disabled={!canRedo}
        aria-label={t('memos.editor.redo')}
        title={t('memos.editor.redoHint')}
        onMouseDown={keepSelection}
        onClick={() => editor.dispatchCommand(REDO_COMMAND, undefined)}
      >
        ↷
      </button>
    </div>
  );
}
