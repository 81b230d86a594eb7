/**
 * This feature's interface strings, merged into the catalogues by renderer/i18n/en.ts and
 * zh-CN.ts (same keys in both; tests/renderer/i18n.test.ts checks them).
 */
export const startEn = {
  'start.exchange.choose': 'New project from an exchange file…',
  'start.exchange.hint':
    'A REFI-QDA project (.qdpx, .qde) from NVivo, ATLAS.ti, MAXQDA, QualCoder or Marginalia: its sources, codes, codings with their coders, attributes and memos.',
  'start.exchange.title': 'Project created from {file}',
  'start.exchange.imported': 'Imported',
  'start.exchange.report': 'What could not be carried over',
  'start.exchange.reportNone': 'Everything in the file was carried over.',
  'start.exchange.close': 'Start working',
  'start.new.coder': 'Your name (coder)',
  'start.new.coderPlaceholder': 'e.g. Li Wei',
  'start.new.coderHint': 'Recorded on every coding you make; remembered on this computer.',
} as const;

export const startZhCN: Readonly<Record<keyof typeof startEn, string>> = {
  'start.exchange.choose': '从交换文件新建项目…',
  'start.exchange.hint':
    '来自 NVivo、ATLAS.ti、MAXQDA、QualCoder 或 Marginalia 的 REFI-QDA 项目（.qdpx、.qde）：其中的资料、代码、带编码员的编码、属性和备忘录。',
  'start.exchange.title': '已根据 {file} 创建项目',
  'start.exchange.imported': '已导入',
  'start.exchange.report': '无法带入的内容',
  'start.exchange.reportNone': '文件中的全部内容均已带入。',
  'start.exchange.close': '开始工作',
  'start.new.coder': '您的姓名（编码员）',
  'start.new.coderPlaceholder': '例如：李伟',
  'start.new.coderHint': '会记录在您所做的每一处编码上；本机会记住此名称。',
};
