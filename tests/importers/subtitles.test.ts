import { describe, expect, it } from 'vitest';
import { DEFAULT_CAPS, parseDocument } from '../../electron/importers/index';
import { expectRefusal, expectWellFormed, spansOf, spanText } from './helpers';

const VTT = `WEBVTT - focus group 3

NOTE recorded on Zoom, names changed

1
00:00:01.000 --> 00:00:04.000
<v Interviewer>Thanks for joining. How did the <i>grid</i> system start?

2
00:00:04.500 --> 00:00:07.250 align:start
<v Interviewer>Take your time.</v>

00:01:02.000 --> 00:01:09.000
<v.loud 王主任>我们从二〇一五年开始，
先在三个社区试点。

00:01:09.500 --> 00:01:12.000
<v 王主任>后来推广到全区。</v>

01:00:00.000 --> 01:00:03.000
<v Interviewer>Q&amp;A time.<v Li Na>Short answer.
`;

describe('subtitles', () => {
  it('turns a WebVTT file into a transcript: one turn per speaker run, labelled with its start time', async () => {
    const document = await parseDocument('focus-group.vtt', Buffer.from(VTT));
    expectWellFormed(document);
    expect(document.suggestedKind).toBe('transcript');
    expect(document.text).toBe(
      [
        'Interviewer: Thanks for joining. How did the grid system start? Take your time.',
        '王主任: 我们从二〇一五年开始，先在三个社区试点。后来推广到全区。',
        'Interviewer: Q&A time.',
        'Li Na: Short answer.',
      ].join('\n\n'),
    );
    const turns = spansOf(document, 'turn');
    expect(turns.map((turn) => turn.label)).toEqual(['00:00:01', '00:01:02', '01:00:00', '01:00:00']);
    expect(spanText(document, turns[1])).toBe('王主任: 我们从二〇一五年开始，先在三个社区试点。后来推广到全区。');
  });

  it('reads SubRip with "Name:" prefixes (CRLF, full-width colons) and merges a speaker\'s consecutive cues', async () => {
    const srt = [
      '1', '00:00:01,000 --> 00:00:03,000', 'Interviewer: Can you describe', 'your role?', '',
      '2', '00:00:03,500 --> 00:00:05,000', 'Interviewer: In your own words.', '',
      '3', '00:00:05,000 --> 00:00:09,000', '受访者：我负责网格化管理。', '',
      '4', '00:00:09,000 --> 00:00:10,000', '- Interviewer: Thanks.', '- 受访者：不客气。', '',
    ].join('\r\n');
    const document = await parseDocument('zoom.srt', Buffer.from(srt));
    expect(document.text).toBe(
      ['Interviewer: Can you describe your role? In your own words.', '受访者: 我负责网格化管理。', 'Interviewer: Thanks.', '受访者: 不客气。'].join('\n\n'),
    );
    expect(spansOf(document, 'turn').map((turn) => turn.label)).toEqual(['00:00:01', '00:00:05', '00:00:09', '00:00:09']);
    expect(document.mimeType).toBe('application/x-subrip');
  });

  it('makes one turn per cue when no cue names a speaker', async () => {
    const document = await parseDocument('plain.vtt', Buffer.from('WEBVTT\n\n00:01.000 --> 00:02.000\nHello there.\n\n00:02.500 --> 00:04.000\nGeneral Kenobi.\n'));
    expect(document.text).toBe('Hello there.\n\nGeneral Kenobi.');
    expect(spansOf(document, 'turn').map((turn) => turn.label)).toEqual(['00:00:01', '00:00:02']);
  });

  it('refuses a VTT with a million cues, with the cap in the message', async () => {
    const cue = '\n\n00:00:01.000 --> 00:00:02.000\nWe talked about the grid.';
    const bytes = Buffer.from(`WEBVTT${cue.repeat(1_000_000)}\n`);
    expect(bytes.length).toBeGreaterThan(50_000_000);
    await expectRefusal(
      parseDocument('million.vtt', bytes),
      'million.vtt',
      new RegExp(`more than ${DEFAULT_CAPS.maxCues.toLocaleString('en-US')} subtitle cues.+maxCues`),
    );
  });

  it('reads long single-speaker files and many-line cues whole', async () => {
    // Before the fix, joining a turn's text grew one string and tested its end with a regular
    // expression each time: a 320 KB cue took 17 s and a 1.5 MB one-speaker file 14 s.
    const manyLines = Buffer.from(`WEBVTT\n\n00:01.000 --> 00:02.000\n${'some words here\n'.repeat(60_000)}`);
    const oneSpeaker = Buffer.from(
      `WEBVTT\n\n${Array.from({ length: 20_000 }, (_, index) => `00:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.000 --> 00:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.500\n<v Ana>第${index}句 and sentence ${index}.`).join('\n\n')}\n`,
    );
    const lines = await parseDocument('lines.vtt', manyLines);
    const speaker = await parseDocument('speaker.vtt', oneSpeaker);
    expect(lines.text).toBe(Array.from({ length: 60_000 }, () => 'some words here').join(' '));
    expect(spansOf(speaker, 'turn')).toHaveLength(1);
    // Nothing is put between Latin text and a following CJK character (the rule the turns always followed).
    expect(speaker.text.startsWith('Ana: 第0句 and sentence 0.第1句 and sentence 1.')).toBe(true);
    expect(speaker.text.endsWith('第19999句 and sentence 19999.')).toBe(true);
  });

  it('applies a lowered cue cap, and refuses a file with no cues', async () => {
    const three = 'WEBVTT\n\n00:01.000 --> 00:02.000\na\n\n00:02.000 --> 00:03.000\nb\n\n00:03.000 --> 00:04.000\nc\n';
    await expectRefusal(parseDocument('three.vtt', Buffer.from(three), { caps: { maxCues: 2 } }), 'three.vtt', /more than 2 subtitle cues/);
    expect((await parseDocument('three.vtt', Buffer.from(three), { caps: { maxCues: 3 } })).text).toBe('a\n\nb\n\nc');
    await expectRefusal(parseDocument('empty.srt', Buffer.from('just words\n')), 'empty.srt', /no subtitle cues/);
  });
});
