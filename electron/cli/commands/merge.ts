import { basename, resolve } from 'node:path';
import { applyMerge, previewMerge, type MergeCount, type MergePreview } from '../../services/merge';
import { format, parse, requireProject, usage, withProject, type Command, type Io } from '../args';

const HELP = `Usage: marginalia merge <project> <colleague-file> [--preview] [--format text|json]

Brings a colleague's coding into the project from their copy (.marginalia, only read) or a
REFI-QDA project (.qdpx, .qde). Sources are matched by id, then by their text; codes by id,
then by path. A source whose text differs is reported and nothing of it is merged. Nothing
of theirs overwrites yours: conflicts (an attribute with two values, a code renamed) are
listed and your version is kept. Codings keep their coder. Merging the same file again adds
nothing; the whole merge is one step that undo takes back.
  --preview      show what would be added and the conflicts; write nothing
  --format json  print the preview (or what was merged) as JSON`;

function list(items: readonly string[], limit = 8): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown}, … (${items.length - limit} more)` : shown;
}

function counts(items: readonly MergeCount[]): string {
  return list(items.map((item) => `${item.name} ${item.count}`));
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function describe(preview: MergePreview, project: string, applied: boolean): string {
  const lines: string[] = [];
  const { add, matched } = preview;
  lines.push(
    applied
      ? `Merged ${preview.file} into ${project}.`
      : `Preview of merging ${preview.file} into ${project} (nothing has been written).`,
  );
  lines.push(
    `Matched: ${plural(matched.sourcesById, 'source')} by id and ${matched.sourcesByText} by text; ${plural(matched.codesById, 'code')} by id and ${matched.codesByPath} by path; ${plural(matched.codings, 'coding')} and ${plural(matched.memos, 'memo')} already here.`,
  );
  if (preview.nothingToAdd) {
    lines.push(`Nothing to add: everything in ${preview.file} that can be merged is already here.`);
  } else {
    lines.push(applied ? 'Added:' : 'To add:');
    const line = (count: number, noun: string, detail: string): void => {
      if (count > 0) lines.push(`  ${plural(count, noun)}${detail ? `: ${detail}` : ''}`);
    };
    line(add.coders.length, 'coder', list(add.coders.map((coder) => coder.name)));
    line(add.codes.length, 'code', list(add.codes.map((code) => code.path)));
    line(add.sources.length, 'source', list(add.sources.map((source) => source.name)));
    line(add.attributes.length, 'attribute', list(add.attributes.map((attribute) => `${attribute.name} (${attribute.type})`)));
    line(
      add.attributeValues.length,
      'attribute value',
      list(add.attributeValues.map((value) => `${value.source}: ${value.attribute} = ${value.value}`), 5),
    );
    if (add.codings.total > 0) {
      lines.push(`  ${plural(add.codings.total, 'coding')} by ${counts(add.codings.byCoder)}; per code: ${counts(add.codings.byCode)}`);
    }
    line(add.memos.length, 'memo', list(add.memos.map((memo) => `"${memo.title}" on ${memo.about}`), 5));
    if (applied) lines.push('This was one step: "undo" in Marginalia takes the whole merge back.');
  }
  if (preview.conflicts.length > 0) {
    lines.push(`Conflicts (${preview.conflicts.length}; the version in ${project} is kept):`);
    for (const conflict of preview.conflicts) lines.push(`  - ${conflict.message}`);
  }
  if (preview.skipped.length > 0) {
    lines.push('Left out:');
    for (const sentence of preview.skipped) lines.push(`  - ${sentence}`);
  }
  if (preview.report.length > 0) {
    lines.push(`What ${preview.file} holds that a project cannot:`);
    for (const sentence of preview.report) lines.push(`  - ${sentence}`);
  }
  return `${lines.join('\n')}\n`;
}

async function commandMerge(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(HELP, argv, {
    preview: { type: 'boolean' },
    format: { type: 'string' },
  });
  const path = requireProject('merge', HELP, positionals);
  const colleague = positionals[1];
  if (!colleague) usage("Name the colleague's file to merge (.marginalia, .qdpx or .qde).", HELP);
  if (positionals.length > 2) usage(`Unexpected argument "${positionals[2]}".`, HELP);
  const chosen = format(values, ['text', 'json'], 'text', HELP);
  const preview = values.preview === true;
  const file = { path: resolve(colleague) };
  const result = await withProject(path, (session) => (preview ? previewMerge(session, file) : applyMerge(session, file)));
  if (chosen === 'json') io.out(`${JSON.stringify({ applied: !preview, ...result }, null, 2)}\n`);
  else io.out(describe(result, basename(path), !preview));
  return 0;
}

/** `marginalia merge` */
export const mergeCommand: Command = {
  name: 'merge',
  summary: "merge a colleague's coding (.marginalia, .qdpx)",
  help: HELP,
  run: commandMerge,
};
