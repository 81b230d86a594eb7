import { createCodeAtPath } from '../../electron/services/codes';
import { createCoding } from '../../electron/services/codings';
import { setCurrentCoder } from '../../electron/services/project';
import { setSourceAttribute } from '../../electron/services/sources';
import type { ProjectSession } from '../../electron/services/session';
import type { Code, SourceSummary } from '../../shared/domain/types';
import { addText, newTestProject } from '../support/project';

/**
 * The hand-counted project every analysis test reads. Offsets are UTF-16 units; the numbers
 * the tests expect are worked out in their comments from these texts.
 *
 * Codebook: Policy > Data, Platform; Assessment.   Coders: Ana (current) and Bo.
 *
 * zj1  province=Zhejiang year=2021 issued=2021-03-01 level=city     (27 characters)
 *      "第一条 政府建设数据平台。\n第二条 平台数据每年考核。"   articles 第一条 [0,13), 第二条 [14,27)
 *        Data [8,12) "数据平台" · Data [6,10) "建设数据" (the same code overlapping) · Platform [10,12)
 *        Platform [18,20) by Bo · Assessment [24,26)
 * zj2  province=Zhejiang year=2019 issued=2019-06-30 level=county   (23 units, 22 characters: 𠀀 is two units)
 *      "问：𠀀城的数据平台好用吗？\n答：考核看平台。"   turns 问 [0,14), 答 [15,23)
 *        Data [2,8) "𠀀城的数据" (6 units, 5 characters) · Platform [6,10) · Assessment [17,19) by Bo · Platform [20,22)
 * ah1  province=Anhui year=2022 issued=2022-01-15 level=city         (7 characters)
 *      "平台考核制度。"
 *        Platform [0,2) · Assessment [2,4) · Assessment [0,4) by Bo
 * none1  no province; year=2020 issued=2020-05-05 level=county       (3 characters)
 *      "数据。"
 *        Data [0,2)
 */
export const TEXTS = {
  zj1: '第一条 政府建设数据平台。\n第二条 平台数据每年考核。',
  zj2: '问：𠀀城的数据平台好用吗？\n答：考核看平台。',
  ah1: '平台考核制度。',
  none1: '数据。',
} as const;

export type Fixture = Readonly<{
  session: ProjectSession;
  dir: string;
  path: string;
  codes: Readonly<{ policy: Code; data: Code; platform: Code; assessment: Code }>;
  sources: Readonly<Record<keyof typeof TEXTS, SourceSummary>>;
}>;

/** Builds the fixture project in a temporary folder (removed after the test). */
export async function analysisFixture(): Promise<Fixture> {
  const { session, dir, path } = await newTestProject({ name: 'Fixture study' });
  const policy = createCodeAtPath(session, 'Policy', { description: 'What the text says the government does.' });
  const data = createCodeAtPath(session, 'Policy/Data', { description: 'Data, shared or collected.' });
  const platform = createCodeAtPath(session, 'Policy/Platform', { description: 'Digital platforms.' });
  const assessment = createCodeAtPath(session, 'Assessment', { description: 'Evaluation of officials (考核).' });
  const attributes: Record<keyof typeof TEXTS, Record<string, string>> = {
    zj1: { province: 'Zhejiang', year: '2021', issued: '2021-03-01', level: 'city' },
    zj2: { province: 'Zhejiang', year: '2019', issued: '2019-06-30', level: 'county' },
    ah1: { province: 'Anhui', year: '2022', issued: '2022-01-15', level: 'city' },
    none1: { year: '2020', issued: '2020-05-05', level: 'county' },
  };
  const sources = {} as Record<keyof typeof TEXTS, SourceSummary>;
  for (const key of Object.keys(TEXTS) as (keyof typeof TEXTS)[]) {
    sources[key] = await addText(session, key, TEXTS[key]);
    for (const [name, value] of Object.entries(attributes[key])) sources[key] = setSourceAttribute(session, sources[key].id, name, value);
  }
  const code = (source: keyof typeof TEXTS, target: Code, start: number, end: number, coder = 'Ana') => {
    setCurrentCoder(session, coder);
    createCoding(session, { sourceId: sources[source].id, codeId: target.id, start, end, memo: coder === 'Bo' ? `memo ${source} ${start}` : '' });
  };
  code('zj1', data, 8, 12);
  code('zj1', data, 6, 10);
  code('zj1', platform, 10, 12);
  code('zj1', platform, 18, 20, 'Bo');
  code('zj1', assessment, 24, 26);
  code('zj2', data, 2, 8);
  code('zj2', platform, 6, 10);
  code('zj2', assessment, 17, 19, 'Bo');
  code('zj2', platform, 20, 22);
  code('ah1', platform, 0, 2);
  code('ah1', assessment, 2, 4);
  code('ah1', assessment, 0, 4, 'Bo');
  code('none1', data, 0, 2);
  setCurrentCoder(session, 'Ana');
  return { session, dir, path, codes: { policy, data, platform, assessment }, sources };
}
