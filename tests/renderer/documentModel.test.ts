import { describe, expect, it } from 'vitest';
import type { CodeId } from '../../shared/domain/ids';
import {
  MAX_BLOCK_LENGTH,
  blockAt,
  blocksOf,
  buildDocumentModel,
  refreshDocumentModel,
  splitBlocks,
  withCoding,
  withoutCoding,
} from '../../renderer/features/document/model';
import { makeCoding, makeSource, testId } from './support/fixtures';

const codeId = testId<CodeId>();

describe('splitting a source into blocks', () => {
  it('makes one block per line, each knowing its offsets in the text', () => {
    const text = '第一段。\nSecond line\n\nlast';
    const blocks = splitBlocks(text);
    expect(blocks.map((block) => text.slice(block.start, block.end))).toEqual(['第一段。', 'Second line', '', 'last']);
    expect(blocks.map((block) => block.start)).toEqual([0, 5, 17, 18]);
  });

  it('marks mostly-Chinese blocks so they get lang="zh"', () => {
    const blocks = splitBlocks('数字政府建设规划\nA plan in English');
    expect(blocks.map((block) => block.cjk)).toEqual([true, false]);
  });

  it('cuts a very long paragraph at sentence ends into continued blocks', () => {
    const sentence = '这是一个用于测试的句子，它会重复很多次。';
    const text = sentence.repeat(Math.ceil((MAX_BLOCK_LENGTH * 2.5) / sentence.length));
    const blocks = splitBlocks(text);
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    expect(blocks.every((block) => block.end - block.start <= MAX_BLOCK_LENGTH)).toBe(true);
    expect(blocks.slice(0, -1).every((block) => block.continues && text[block.end - 1] === '。')).toBe(true);
    expect(blocks.map((block) => text.slice(block.start, block.end)).join('')).toBe(text);
  });

  it('never cuts between the two halves of a character above U+FFFF', () => {
    const text = '𠀀'.repeat(MAX_BLOCK_LENGTH);
    const blocks = splitBlocks(text);
    for (const block of blocks) {
      const first = text.charCodeAt(block.start);
      expect(first >= 0xdc00 && first <= 0xdfff).toBe(false);
    }
    expect(blocks.map((block) => text.slice(block.start, block.end)).join('')).toBe(text);
  });

  it('styles blocks that the structure marks as headings', () => {
    const text = '第一章 总则\n第一条 内容。';
    const blocks = splitBlocks(text, [{ kind: 'heading', start: 0, end: 6, label: null, level: 1 }]);
    expect(blocks.map((block) => block.heading)).toEqual([1, null]);
  });

  it('finds the block that holds an offset', () => {
    const blocks = splitBlocks('ab\ncd\nef');
    expect([0, 2, 3, 5, 6, 8].map((offset) => blockAt(blocks, offset))).toEqual([0, 0, 1, 1, 2, 2]);
  });
});

describe('indexing codings by block', () => {
  const text = 'alpha beta\ngamma delta\nepsilon';
  const source = makeSource(text);

  it('lists a coding under every block it spans, and only those', () => {
    const spanning = makeCoding(source.id, codeId, 6, 16); // "beta\ngamma"
    const model = buildDocumentModel({ ...source, codings: [spanning] });
    expect(model.byBlock.map((list) => list.map((coding) => coding.id))).toEqual([[spanning.id], [spanning.id], []]);
    expect(blocksOf(model.blocks, spanning)).toEqual([0, 1]);
  });

  it('a coding ending at the end of a line does not reach the next block', () => {
    const coding = makeCoding(source.id, codeId, 0, 10); // "alpha beta"
    const model = buildDocumentModel({ ...source, codings: [coding] });
    expect(model.byBlock[1]).toEqual([]);
  });

  it('adding a coding replaces only the lists of the blocks it touches', () => {
    const model = buildDocumentModel(source);
    const coding = makeCoding(source.id, codeId, 11, 16); // "gamma"
    const next = withCoding(model, coding);
    expect(next.byBlock[1].map((entry) => entry.id)).toEqual([coding.id]);
    expect(next.byBlock[0]).toBe(model.byBlock[0]);
    expect(next.byBlock[2]).toBe(model.byBlock[2]);
    expect(next.codings.get(coding.id)).toBe(coding);
    expect(model.codings.has(coding.id)).toBe(false);
  });

  it('keeps each block list sorted by start, longest first', () => {
    let model = buildDocumentModel(source);
    const inner = makeCoding(source.id, codeId, 2, 4);
    const outer = makeCoding(source.id, codeId, 0, 10);
    const later = makeCoding(source.id, codeId, 6, 8);
    for (const coding of [later, inner, outer]) model = withCoding(model, coding);
    expect(model.byBlock[0].map((entry) => entry.id)).toEqual([outer.id, inner.id, later.id]);
  });

  it('removing a coding takes it out of every block and the map', () => {
    const coding = makeCoding(source.id, codeId, 6, 25);
    const model = withoutCoding(buildDocumentModel({ ...source, codings: [coding] }), coding.id);
    expect(model.byBlock.flat()).toEqual([]);
    expect(model.codings.size).toBe(0);
  });

  it('ignores a coding of another source', () => {
    const model = buildDocumentModel(source);
    const foreign = makeCoding(makeSource('other').id, codeId, 0, 3);
    expect(withCoding(model, foreign)).toBe(model);
  });

  it('a refresh of the same text keeps the blocks and re-reads the codings', () => {
    const model = buildDocumentModel(source);
    const coding = makeCoding(source.id, codeId, 0, 5);
    const refreshed = refreshDocumentModel(model, { ...source, codings: [coding] });
    expect(refreshed.blocks).toBe(model.blocks);
    expect(refreshed.byBlock[0].map((entry) => entry.id)).toEqual([coding.id]);
  });
});
