import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseDocument, previewDocument } from '../../electron/importers/index';
import { expectWellFormed, spansOf, spanText } from './helpers';

const PAGE = `<!DOCTYPE html>
<html><head><meta charset="gb2312"><title>不应出现的标题</title>
<style>p { color: red } /* <p>not text</p> */</style>
<script>document.write("<p>not text either</p>"); if (a < b) {}</script></head>
<body>
<nav><ul><li>首页</li><li>政策文件</li></ul></nav>
<h1>关于推进数字政府建设的实施意见</h1>
<!-- a comment <p>hidden</p> -->
<div class="meta">发布日期：2023-05-12</div>
<h2>一、总体要求</h2>
<p>坚持以人民为中心，
   推进政务服务标准化。&nbsp;Tom &amp; Jerry&#8217;s &#x4E2D;&#25991; &copy; &#150; &bogus; &lt;tag&gt;</p>
<p>第一行<br>第二行</p>
<ul><li>一网通办</li><li>一网统管</li></ul>
<table><tr><th>指标</th><th>目标</th></tr><tr><td>办理时限</td><td><p>压缩</p><p>50%</p></td></tr></table>
<template><p>template text</p></template>
<img src="logo.png" alt="logo">
<h3>第二条 适用范围</h3>
</body></html>`;

describe('html', () => {
  it('reads a GB2312 page by its meta charset: headings with levels, blocks, entities; scripts, styles, nav and templates dropped', async () => {
    const bytes = iconv.encode(PAGE, 'gbk');
    const document = await parseDocument('意见.html', bytes);
    expectWellFormed(document);
    expect(document.text).toBe(
      [
        '关于推进数字政府建设的实施意见',
        '',
        '发布日期：2023-05-12',
        '',
        '一、总体要求',
        '',
        '坚持以人民为中心，推进政务服务标准化。\u00a0Tom & Jerry’s 中文 © – &bogus; <tag>',
        '',
        '第一行\n第二行',
        '',
        '一网通办',
        '一网统管',
        '',
        '指标\t目标',
        '办理时限\t压缩 50%',
        '',
        '第二条 适用范围',
      ].join('\n'),
    );
    expect(spansOf(document, 'heading').map((span) => [spanText(document, span), span.level])).toEqual([
      ['关于推进数字政府建设的实施意见', 1],
      ['一、总体要求', 2],
      ['第二条 适用范围', 3],
    ]);
    expect(document.notes).toContain('Read as GB18030.');
    expect(document.notes).toContain('1 image was left out; Marginalia imports the text only.');
    const preview = await previewDocument('意见.html', bytes);
    expect(preview).toMatchObject({ format: 'html', encoding: 'gb18030', certain: true });
    expect(preview.firstLines[0]).toBe('关于推进数字政府建设的实施意见');
  });

  it('reads a page without a charset by detection, and a page that misdeclares its charset as UTF-8 text', async () => {
    const undeclared = iconv.encode('<html><body><p>数字治理与基层社会：我们访问了十位社区工作者。</p></body></html>', 'gbk');
    expect((await parseDocument('a.htm', undeclared)).text).toBe('数字治理与基层社会：我们访问了十位社区工作者。');
    const misdeclared = Buffer.from('<meta charset="gbk"><p>这一页其实是 UTF-8 编码的。</p>', 'utf8');
    const document = await parseDocument('b.html', misdeclared);
    expect(document.text).toBe('这一页其实是 UTF-8 编码的。');
    expect(document.notes.join(' ')).toMatch(/says its encoding is GB18030, but it is valid UTF-8/);
  });

  it('keeps text when <head> is never closed, and says when an unclosed dropped element hid the rest', async () => {
    const document = await parseDocument('sloppy.html', Buffer.from('<html><head><title>t</title><p>Body text.</p>'));
    expect(document.text).toBe('Body text.');
    const unclosed = await parseDocument('nav.html', Buffer.from('<p>Before.</p><nav><p>Menu</p><p>After, lost.</p>'));
    expect(unclosed.text).toBe('Before.');
    expect(unclosed.notes).toContain('Text after an unclosed <nav> element was left out; check the end of the file.');
  });
});
