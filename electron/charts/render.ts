import { existsSync } from 'node:fs';
import type { ReactElement } from 'react';

/** Fonts we know carry Chinese, loaded explicitly where they exist (Debian's fonts-wqy-microhei …). */
const CJK_FONT_FILES = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
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
  const fontFiles = CJK_FONT_FILES.filter((file) => existsSync(file));
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: '#ffffff',
    font: {
      loadSystemFonts: true,
      fontFiles,
      defaultFontFamily: fontFiles.length > 0 ? 'WenQuanYi Micro Hei' : 'sans-serif',
      sansSerifFamily: fontFiles.length > 0 ? 'WenQuanYi Micro Hei' : 'sans-serif',
    },
  });
  return Buffer.from(resvg.render().asPng());
}
