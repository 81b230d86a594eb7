import type { ReactElement, ReactNode } from 'react';
import { CHART_FONT, fitText, formatNumber, heatColor, legendRows, niceTicks, textWidth } from './layout';

/**
 * React and the recharts parts the charts are built from. They are loaded on first use, not
 * at start-up: recharts alone takes ~0.8 s to load, which every CLI command would pay.
 */
export type ChartKit = Readonly<{
  h: typeof import('react').createElement;
  Surface: typeof import('recharts').Surface;
  Layer: typeof import('recharts').Layer;
  Rectangle: typeof import('recharts').Rectangle;
  Text: typeof import('recharts').Text;
  CartesianAxis: typeof import('recharts').CartesianAxis;
  CartesianGrid: typeof import('recharts').CartesianGrid;
}>;

let kit: Promise<ChartKit> | null = null;

/** Loads React and recharts once. */
export function loadChartKit(): Promise<ChartKit> {
  kit ??= Promise.all([import('react'), import('recharts')]).then(([react, recharts]) => ({
    h: react.createElement,
    Surface: recharts.Surface,
    Layer: recharts.Layer,
    Rectangle: recharts.Rectangle,
    Text: recharts.Text,
    CartesianAxis: recharts.CartesianAxis,
    CartesianGrid: recharts.CartesianGrid,
  }));
  return kit;
}

/** Bars of codes (series) per attribute value (categories): grouped side by side, or stacked. */
export type BarChartSpec = Readonly<{
  title: string;
  /** Second line: the unit, coder and filters, so the picture says what it counts. */
  subtitle: string;
  xLabel: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly Readonly<{ name: string; color: string; values: readonly number[] }>[];
  stacked: boolean;
  width: number;
  height: number;
}>;

/** A matrix as coloured cells with their values (crosstab or co-occurrence). */
export type HeatMapSpec = Readonly<{
  title: string;
  subtitle: string;
  rowLabel: string;
  columnLabel: string;
  rows: readonly string[];
  columns: readonly string[];
  values: readonly (readonly number[])[];
  /** Co-occurrence: the diagonal (a code with itself) is drawn grey and left out of the colour scale. */
  mutedDiagonal: boolean;
  /** Said after the largest value of the colour scale (in the chart's language), or ''. */
  scaleNote: string;
  percent: boolean;
  width: number;
}>;

/** Horizontal bars of the top words, one panel per attribute value. */
export type WordBarsSpec = Readonly<{
  title: string;
  subtitle: string;
  panels: readonly Readonly<{ title: string; words: readonly Readonly<{ word: string; count: number }>[] }>[];
  color: string;
  /** Shown in a panel without words, in the chart's language. */
  emptyLabel: string;
  width: number;
}>;

const TEXT = '#222222';
const MUTED = '#555555';
const AXIS = '#666666';

function label({ h, Text }: ChartKit, x: number, y: number, content: string, options: Record<string, unknown> = {}): ReactElement {
  return h(Text, { x, y, fontFamily: CHART_FONT, fontSize: 12, fill: TEXT, ...options }, content);
}

function heading(kit: ChartKit, width: number, title: string, subtitle: string): ReactNode[] {
  return [
    label(kit, 20, 30, fitText(title, 20, width - 40), { key: 'title', fontSize: 20, fontWeight: 'bold' }),
    label(kit, 20, 54, fitText(subtitle, 13, width - 40), { key: 'subtitle', fontSize: 13, fill: MUTED }),
  ];
}

function surface({ h, Surface }: ChartKit, width: number, height: number, title: string, children: ReactNode[]): ReactElement {
  return h(
    Surface,
    { width, height, title, xmlns: 'http://www.w3.org/2000/svg', style: { backgroundColor: '#ffffff' } } as never,
    h('rect', { key: 'background', x: 0, y: 0, width, height, fill: '#ffffff' }),
    ...children,
  );
}

/** A grouped or stacked bar chart of codes per attribute value, labelled with its unit. */
export function barChart(kit: ChartKit, spec: BarChartSpec): ReactElement {
  const { h, Rectangle, Layer, CartesianGrid, CartesianAxis } = kit;
  const { width, height, categories, series } = spec;
  const legendTop = 72;
  const legend = legendRows(
    series.map((entry) => entry.name),
    12,
    width - 40,
  );
  const plotTop = legendTop + legend.length * 20 + 16;
  const maximum = spec.stacked
    ? Math.max(0, ...categories.map((_, index) => series.reduce((sum, entry) => sum + entry.values[index], 0)))
    : Math.max(0, ...series.flatMap((entry) => entry.values));
  const ticks = niceTicks(maximum);
  const top = ticks[ticks.length - 1];
  const tickWidth = Math.max(...ticks.map((tick) => textWidth(formatNumber(tick), 12)));
  const plotLeft = 40 + tickWidth + 12;
  const plotRight = width - 20;
  const plotWidth = plotRight - plotLeft;
  const band = plotWidth / Math.max(1, categories.length);
  const longest = Math.max(0, ...categories.map((category) => textWidth(category, 12)));
  // Rotate the category labels when they would run into each other.
  const rotate = longest > band - 8;
  const labelRoom = rotate ? Math.min(longest, 160) * Math.sin(Math.PI / 5) + 16 : 20;
  const plotBottom = height - labelRoom - 40;
  const plotHeight = plotBottom - plotTop;
  const y = (value: number): number => plotBottom - (top === 0 ? 0 : (value / top) * plotHeight);

  const bars: ReactNode[] = [];
  const inner = band * 0.8;
  categories.forEach((_, column) => {
    const left = plotLeft + column * band + (band - inner) / 2;
    if (spec.stacked) {
      let base = 0;
      series.forEach((entry, index) => {
        const value = entry.values[column];
        if (value <= 0) return;
        bars.push(
          h(Rectangle, { key: `bar-${column}-${index}`, x: left, y: y(base + value), width: inner, height: y(base) - y(base + value), fill: entry.color, stroke: '#ffffff', strokeWidth: 0.5 }),
        );
        base += value;
      });
      if (base > 0) bars.push(label(kit, left + inner / 2, y(base) - 6, formatNumber(base), { key: `total-${column}`, textAnchor: 'middle', fontSize: 11, fill: MUTED }));
    } else {
      const barWidth = inner / Math.max(1, series.length);
      series.forEach((entry, index) => {
        const value = entry.values[column];
        const x = left + index * barWidth;
        bars.push(h(Rectangle, { key: `bar-${column}-${index}`, x, y: y(value), width: Math.max(1, barWidth - 2), height: Math.max(0, plotBottom - y(value)), fill: entry.color }));
        // A value above a bar only where there is room to read it.
        if (barWidth >= 22 && value > 0) {
          bars.push(label(kit, x + barWidth / 2 - 1, y(value) - 5, formatNumber(value), { key: `value-${column}-${index}`, textAnchor: 'middle', fontSize: 10, fill: MUTED }));
        }
      });
    }
  });

  const legendItems: ReactNode[] = [];
  legend.forEach((row, line) => {
    let x = 20;
    for (const index of row) {
      const name = fitText(series[index].name, 12, 260);
      legendItems.push(h(Rectangle, { key: `swatch-${index}`, x, y: legendTop + line * 20, width: 12, height: 12, fill: series[index].color }));
      legendItems.push(label(kit, x + 18, legendTop + line * 20 + 6, name, { key: `legend-${index}`, verticalAnchor: 'middle' }));
      x += 18 + textWidth(name, 12) + 16;
    }
  });

  return surface(kit, width, height, spec.title, [
    ...heading(kit, width, spec.title, spec.subtitle),
    h(Layer, { key: 'legend' }, ...legendItems),
    h(CartesianGrid, {
      key: 'grid',
      x: plotLeft,
      y: plotTop,
      width: plotWidth,
      height: plotHeight,
      vertical: false,
      horizontalPoints: ticks.map(y),
      stroke: '#e3e3e3',
    }),
    h(Layer, { key: 'bars' }, ...bars),
    h(CartesianAxis, {
      key: 'y-axis',
      x: plotLeft - 60,
      y: plotTop,
      width: 60,
      height: plotHeight,
      orientation: 'left',
      ticks: ticks.map((tick, index) => ({ value: tick, coordinate: y(tick), index })),
      interval: 0,
      tickFormatter: (value: number) => formatNumber(value),
      tick: { fontSize: 12, fontFamily: CHART_FONT, fill: TEXT },
      stroke: AXIS,
    }),
    h(CartesianAxis, {
      key: 'x-axis',
      x: plotLeft,
      y: plotBottom,
      width: plotWidth,
      height: 30,
      orientation: 'bottom',
      angle: rotate ? -36 : 0,
      ticks: categories.map((category, index) => ({ value: fitText(category, 12, 160), coordinate: plotLeft + (index + 0.5) * band, index })),
      interval: 0,
      tick: { fontSize: 12, fontFamily: CHART_FONT, fill: TEXT, textAnchor: rotate ? 'end' : 'middle' },
      stroke: AXIS,
    }),
    label(kit, 16, plotTop + plotHeight / 2, spec.yLabel, { key: 'y-label', angle: -90, textAnchor: 'middle', fontSize: 13, fill: MUTED }),
    label(kit, plotLeft + plotWidth / 2, height - 14, spec.xLabel, { key: 'x-label', textAnchor: 'middle', fontSize: 13, fill: MUTED }),
  ]);
}

/** The height a heat map needs for its rows. */
export function heatMapHeight(spec: Pick<HeatMapSpec, 'rows' | 'columns'>): number {
  const cell = 30;
  const longest = Math.min(220, Math.max(0, ...spec.columns.map((column) => textWidth(column, 12))));
  return 80 + longest * Math.sin(Math.PI / 4) + 30 + spec.rows.length * cell + 60;
}

/** A heat map: one coloured cell per row × column with its value, the darkest for the largest. */
export function heatMap(kit: ChartKit, spec: HeatMapSpec): ReactElement {
  const { h, Rectangle, Layer } = kit;
  const { rows, columns, values, width } = spec;
  const rowLabelWidth = Math.min(280, Math.max(120, ...rows.map((row) => textWidth(row, 12))) + 12);
  const columnLabelRoom = Math.min(220, Math.max(0, ...columns.map((column) => textWidth(column, 12)))) * Math.sin(Math.PI / 4) + 30;
  const left = 20 + rowLabelWidth;
  const top = 80 + columnLabelRoom;
  const cellWidth = Math.max(28, Math.min(90, (width - left - 20) / Math.max(1, columns.length)));
  const cellHeight = 30;
  const height = heatMapHeight(spec);
  let maximum = 0;
  values.forEach((row, i) => row.forEach((value, j) => {
    if (!(spec.mutedDiagonal && i === j)) maximum = Math.max(maximum, value);
  }));
  const cells: ReactNode[] = [];
  values.forEach((row, i) => {
    row.forEach((value, j) => {
      const x = left + j * cellWidth;
      const y = top + i * cellHeight;
      const diagonal = spec.mutedDiagonal && i === j;
      const share = maximum === 0 ? 0 : value / maximum;
      cells.push(h(Rectangle, { key: `cell-${i}-${j}`, x, y, width: cellWidth - 1, height: cellHeight - 1, fill: diagonal ? '#d9d9d9' : heatColor(share) }));
      const text = spec.percent ? `${value.toFixed(1)}` : formatNumber(value);
      cells.push(
        label(kit, x + cellWidth / 2, y + cellHeight / 2, fitText(text, 11, cellWidth - 4), {
          key: `value-${i}-${j}`,
          textAnchor: 'middle',
          verticalAnchor: 'middle',
          fontSize: 11,
          fill: !diagonal && share > 0.55 ? '#ffffff' : TEXT,
          fontStyle: diagonal ? 'italic' : 'normal',
        }),
      );
    });
  });
  const rowLabels = rows.map((row, i) =>
    label(kit, left - 8, top + i * cellHeight + cellHeight / 2, fitText(row, 12, rowLabelWidth - 12), { key: `row-${i}`, textAnchor: 'end', verticalAnchor: 'middle' }),
  );
  const columnLabels = columns.map((column, j) =>
    label(kit, left + j * cellWidth + cellWidth / 2, top - 8, fitText(column, 12, 220), { key: `column-${j}`, angle: -45, textAnchor: 'start' }),
  );
  // A legend bar from 0 to the largest value.
  const legendY = top + rows.length * cellHeight + 24;
  const steps = 10;
  const scale: ReactNode[] = [];
  for (let step = 0; step < steps; step += 1) {
    scale.push(h(Rectangle, { key: `scale-${step}`, x: left + step * 16, y: legendY, width: 16, height: 10, fill: heatColor(step / (steps - 1)) }));
  }
  scale.push(label(kit, left - 6, legendY + 5, '0', { key: 'scale-min', textAnchor: 'end', verticalAnchor: 'middle', fontSize: 11, fill: MUTED }));
  scale.push(
    label(kit, left + steps * 16 + 6, legendY + 5, `${spec.percent ? maximum.toFixed(1) : formatNumber(maximum)}${spec.scaleNote}`, {
      key: 'scale-max',
      verticalAnchor: 'middle',
      fontSize: 11,
      fill: MUTED,
    }),
  );
  // Column labels rise to the right at 45°: the last ones need room beyond the grid.
  const labelReach = Math.max(
    0,
    ...columns.map((column, j) => left + (j + 0.5) * cellWidth + Math.min(220, textWidth(column, 12)) * Math.cos(Math.PI / 4) + 12),
  );
  const totalWidth = Math.ceil(Math.max(width, left + columns.length * cellWidth + 20, labelReach));
  return surface(kit, totalWidth, height, spec.title, [
    ...heading(kit, totalWidth, spec.title, spec.subtitle),
    h(Layer, { key: 'cells' }, ...cells),
    h(Layer, { key: 'rows' }, ...rowLabels),
    h(Layer, { key: 'columns' }, ...columnLabels),
    h(Layer, { key: 'scale' }, ...scale),
    label(kit, 20, top - 8, fitText(`${spec.rowLabel} ↓  ${spec.columnLabel} →`, 11, rowLabelWidth - 4), { key: 'axes', fontSize: 11, fill: MUTED }),
  ]);
}

/** The height word bars need: the tallest panel row. */
export function wordBarsHeight(spec: Pick<WordBarsSpec, 'panels' | 'width'>): number {
  const perRow = Math.max(1, Math.min(spec.panels.length, Math.floor(spec.width / 300)));
  const panelRows = Math.ceil(spec.panels.length / perRow);
  const words = Math.max(1, ...spec.panels.map((panel) => panel.words.length));
  return 80 + panelRows * (40 + words * 22 + 20);
}

/** Horizontal bars of the most frequent words, one panel per attribute value, labelled with counts. */
export function wordBars(kit: ChartKit, spec: WordBarsSpec): ReactElement {
  const { h, Rectangle, Layer } = kit;
  const { panels, width } = spec;
  const perRow = Math.max(1, Math.min(panels.length, Math.floor(width / 300)));
  const panelWidth = (width - 20) / perRow;
  const words = Math.max(1, ...panels.map((panel) => panel.words.length));
  const panelHeight = 40 + words * 22 + 20;
  const height = wordBarsHeight(spec);
  const children: ReactNode[] = [...heading(kit, width, spec.title, spec.subtitle)];
  panels.forEach((panel, index) => {
    const left = 20 + (index % perRow) * panelWidth;
    const top = 80 + Math.floor(index / perRow) * panelHeight;
    const wordWidth = Math.min(panelWidth * 0.4, Math.max(30, ...panel.words.map((entry) => textWidth(entry.word, 12))) + 8);
    const barLeft = left + wordWidth;
    const barRoom = panelWidth - wordWidth - 60;
    const maximum = Math.max(1, ...panel.words.map((entry) => entry.count));
    const items: ReactNode[] = [label(kit, left, top + 14, fitText(panel.title, 14, panelWidth - 20), { key: 'panel-title', fontSize: 14, fontWeight: 'bold' })];
    panel.words.forEach((entry, rank) => {
      const y = top + 32 + rank * 22;
      const barWidth = Math.max(1, (entry.count / maximum) * barRoom);
      items.push(label(kit, barLeft - 6, y + 8, fitText(entry.word, 12, wordWidth - 8), { key: `word-${rank}`, textAnchor: 'end', verticalAnchor: 'middle' }));
      items.push(h(Rectangle, { key: `bar-${rank}`, x: barLeft, y, width: barWidth, height: 16, fill: spec.color }));
      items.push(label(kit, barLeft + barWidth + 4, y + 8, formatNumber(entry.count), { key: `count-${rank}`, verticalAnchor: 'middle', fontSize: 11, fill: MUTED }));
    });
    if (panel.words.length === 0) items.push(label(kit, left, top + 40, spec.emptyLabel, { key: 'empty', fill: MUTED }));
    children.push(h(Layer, { key: `panel-${index}` }, ...items));
  });
  return surface(kit, width, height, spec.title, children);
}
