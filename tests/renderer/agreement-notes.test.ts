import { afterEach, describe, expect, it } from 'vitest';
import { noteSentence } from '../../renderer/features/sharing/AgreementView';
import { setLocale } from '../../renderer/i18n';
import {
  AGREEMENT_NOTE_KEYS,
  agreementNoteText,
  type AgreementNote,
  type AgreementNoteKey,
} from '../../shared/stats/agreement';

/*
 * The notes of an agreement report travel as keys with parameters: the CLI and the exports
 * print agreementNoteText's English, the Agreement tab words the key through the catalogue.
 * The English must stay what `marginalia agreement` has always printed (scripts and the CSV
 * comparison of the e2e journey rely on it), and the tab's English must say the same.
 */

/** Every key, with the sentence the CLI printed for it before the notes had keys. */
const TODAY: Readonly<Record<AgreementNoteKey, readonly (readonly [AgreementNote, string])[]>> = {
  sourcesLeftOut: [
    [
      { key: 'sourcesLeftOut', count: 1 },
      '1 source was left out because not every coder has coded it yet; to include it, tick "Include sources not every coder has coded" (--all-sources on the command line).',
    ],
    [
      { key: 'sourcesLeftOut', count: 6 },
      '6 sources were left out because not every coder has coded them yet; to include them, tick "Include sources not every coder has coded" (--all-sources on the command line).',
    ],
  ],
  nothingToCompare: [
    [
      { key: 'nothingToCompare' },
      'None of these coders has applied a code in the sources compared, so there is nothing to compare.',
    ],
  ],
  segmentNoKappa: [
    [
      { key: 'segmentNoKappa' },
      'Kappa, alpha and Brennan–Prediger are not given for segments: no count exists of the passages that no coder coded, which they would need.',
    ],
  ],
  blankFigure: [
    [
      { key: 'blankFigure' },
      'A blank figure is not defined: kappa and alpha are undefined when chance alone would give complete agreement (for example, when every coder applied the code everywhere, or nowhere).',
    ],
  ],
  ownCodings: [
    [{ key: 'ownCodings' }, 'Each code is compared on its own codings; a parent code does not include its children.'],
  ],
  leftOut: [
    [{ key: 'leftOut', source: 'S3', coders: ['Ben'] }, 'Left out: S3 (not coded by Ben)'],
    [
      { key: 'leftOut', source: 'Interview 7', coders: ['Ben', 'Cai'] },
      'Left out: Interview 7 (not coded by Ben, Cai)',
    ],
  ],
};

/** Words of the English sentences a Chinese reader must not meet; names and the CLI flag excepted. */
const ENGLISH_WORDS = new Set(
  Object.values(TODAY)
    .flat()
    .flatMap(([, sentence]) => sentence.replace('--all-sources', '').match(/[A-Za-z]{2,}/g) ?? [])
    .map((word) => word.toLowerCase())
    .filter((word) => !['brennan', 'prediger', 'interview', 'ben', 'cai'].includes(word)),
);

afterEach(() => setLocale('en'));

describe('agreement notes as keys', () => {
  it('has a sample for every key', () => {
    expect(Object.keys(TODAY).sort()).toEqual([...AGREEMENT_NOTE_KEYS].sort());
  });

  it('prints every note in the English the CLI has always printed, and the tab says the same', () => {
    setLocale('en');
    for (const [note, sentence] of Object.values(TODAY).flat()) {
      expect(agreementNoteText(note)).toBe(sentence);
      expect(noteSentence(note)).toBe(sentence);
    }
  });

  it('words every note in Chinese, with no English word of the sentences left', () => {
    setLocale('zh-CN');
    for (const [note, sentence] of Object.values(TODAY).flat()) {
      const chinese = noteSentence(note);
      expect(chinese).not.toBe(sentence);
      expect(chinese).toMatch(/[\u4e00-\u9fff]/);
      const words = (chinese.replace('--all-sources', '').match(/[A-Za-z]{2,}/g) ?? []).map((word) =>
        word.toLowerCase(),
      );
      expect(words.filter((word) => ENGLISH_WORDS.has(word))).toEqual([]);
    }
    expect(noteSentence({ key: 'sourcesLeftOut', count: 6 })).toBe(
      '6 份资料未纳入比较，因为并非每位编码员都已对其编码；如要纳入，请勾选“包括并非每位编码员都编码过的资料”（命令行中为 --all-sources）。',
    );
    expect(noteSentence({ key: 'leftOut', source: 'Interview 7', coders: ['Ben', 'Cai'] })).toBe(
      '未纳入：Interview 7（Ben、Cai 未编码）',
    );
  });
});
