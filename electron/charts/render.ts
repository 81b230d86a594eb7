import { existsSync } from 'node:fs';
import type { ReactElement } from 'react';

/**
 * Fonts we know carry Chinese, loaded explicitly where they exist (Debian's fonts-wqy-microhei …),
 * with the family each file holds: that of the first one found draws text whose own stack
 * names no installed face. Elsewhere (Windows, macOS) the system's fonts are loaded and the
 * chart's stack names their Chinese faces (Microsoft YaHei, PingFang SC).
 */
const CJK_FONT_FILES: readonly Readonly<{ file: string; family: string }>[] = [
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYi Micro Hei' },
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK SC' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYi Zen Hei' },
  { file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', family: 'Droid Sans Fallback' },
];

/** A chart as a standalone SVG document (UTF-8, with its XML declaration). */
export async function chartSvg(chart: ReactElement): Promise<string> {
  // Loaded on first use so that commands without charts do not pay for React's server renderer.
  const { renderToStaticMarkup } = await import('react-dom/server');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${renderToStaticMarkup(chart)}\n`;
}

/**
 * An SVG rendered to PNG by resvg, at `scale` × its size (2 by default, sharp in print and on
 * high-density screens). System fonts are loaded so Chinese labels find a face; the chart's
 * font stack names the usual CJK faces of each platform first.
 */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const found = CJK_FONT_FILES.filter((font) => existsSync(font.file));
  const family = found[0]?.family ?? 'sans-serif';
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: {
      loadSystemFonts: true,
      fontFiles: found.map((font) => font.file),
      defaultFontFamily: family,
      sansSerifFamily: family,
    },
  });
  return Buffer.from(resvg.render().asPng());
}
