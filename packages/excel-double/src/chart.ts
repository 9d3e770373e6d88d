/**
 * Charts: the sheet's chart collection, the chart with title, axes, legend, data labels and
 * series. Series are derived from the source range like Excel does for a simple table (first
 * row = series names when it holds text, first column = categories when it holds text).
 */

import { Rect, colToLetters, isValidRect, rectToA1 } from './address';
import { RangeTarget, readValues } from './cells';
import {
  ClientObjectDouble,
  ClientResultDouble,
  CollectionDouble,
  assertCanEdit,
  mustFind,
  orNull,
  registerType,
} from './core';
import { ErrorCodes, excelError, invalidArgument } from './errors';
import { AxisModel, ChartModel, RefModel, SeriesModel, SheetModel } from './model';
import { RangeDouble, resolveRangeArg } from './range';
import { WorksheetDouble } from './worksheet';

export const CHART_TYPES = [
  'Invalid',
  'ColumnClustered',
  'ColumnStacked',
  'ColumnStacked100',
  '3DColumnClustered',
  '3DColumnStacked',
  '3DColumnStacked100',
  'BarClustered',
  'BarStacked',
  'BarStacked100',
  '3DBarClustered',
  '3DBarStacked',
  '3DBarStacked100',
  'LineStacked',
  'LineStacked100',
  'LineMarkers',
  'LineMarkersStacked',
  'LineMarkersStacked100',
  'PieOfPie',
  'PieExploded',
  '3DPieExploded',
  'BarOfPie',
  'XYScatterSmooth',
  'XYScatterSmoothNoMarkers',
  'XYScatterLines',
  'XYScatterLinesNoMarkers',
  'AreaStacked',
  'AreaStacked100',
  '3DAreaStacked',
  '3DAreaStacked100',
  'DoughnutExploded',
  'RadarMarkers',
  'RadarFilled',
  'Surface',
  'SurfaceWireframe',
  'SurfaceTopView',
  'SurfaceTopViewWireframe',
  'Bubble',
  'Bubble3DEffect',
  'StockHLC',
  'StockOHLC',
  'StockVHLC',
  'StockVOHLC',
  'CylinderColClustered',
  'CylinderColStacked',
  'CylinderColStacked100',
  'CylinderBarClustered',
  'CylinderBarStacked',
  'CylinderBarStacked100',
  'CylinderCol',
  'ConeColClustered',
  'ConeColStacked',
  'ConeColStacked100',
  'ConeBarClustered',
  'ConeBarStacked',
  'ConeBarStacked100',
  'ConeCol',
  'PyramidColClustered',
  'PyramidColStacked',
  'PyramidColStacked100',
  'PyramidBarClustered',
  'PyramidBarStacked',
  'PyramidBarStacked100',
  'PyramidCol',
  '3DColumn',
  'Line',
  '3DLine',
  '3DPie',
  'Pie',
  'XYScatter',
  '3DArea',
  'Area',
  'Doughnut',
  'Radar',
  'Histogram',
  'Boxwhisker',
  'Pareto',
  'RegionMap',
  'Treemap',
  'Waterfall',
  'Sunburst',
  'Funnel',
];

const chartAlive = (c: ChartModel): boolean => !c.deleted && !c.sheet.deleted;

function chartType(v: unknown, where: string): string {
  if (typeof v !== 'string' || !CHART_TYPES.includes(v) || v === 'Invalid')
    throw invalidArgument(where, 'type');
  return v;
}

function axis(): AxisModel {
  return {
    minimum: null,
    maximum: null,
    majorUnit: null,
    numberFormat: 'General',
    visible: true,
    title: { text: '', visible: false },
  };
}

const isText = (v: unknown): boolean => typeof v === 'string' && v !== '';

/** Series of a chart made from a simple table. */
export function deriveSeries(src: RangeTarget, seriesBy: string): { series: SeriesModel[]; plotBy: string } {
  const values = readValues(src);
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  const plotBy = seriesBy === 'Rows' || seriesBy === 'Columns' ? seriesBy : cols > rows ? 'Rows' : 'Columns';
  const topLeftEmpty = values[0]?.[0] === '';
  /*
   * Auto-detection of a one-column (one-row) source: a lone text cell on top of numbers is taken
   * as the series name and left out of the values — so a 「－」 at the top of a rate column
   * shifts every value by one. How Excel guesses the source shape is not specified
   * (https://learn.microsoft.com/javascript/api/excel/excel.chartseriesby: "the 'auto' option will
   * inspect the source data shape"); SPEC §7 (rev 2) asks for this conservative model so that
   * the add-in sets every series' values and name explicitly.
   */
  const isNum = (v: unknown): boolean => typeof v === 'number';
  const loneTextOnTop = (line: unknown[]): boolean =>
    line.length > 1 && isText(line[0]) && line.slice(1).some(isNum);
  const headerRow =
    (rows > 1 && (topLeftEmpty || values[0].slice(1).some(isText)) && values[0].some(isText)) ||
    (cols === 1 && loneTextOnTop(values.map((r) => r[0])));
  const headerCol =
    (cols > 1 && (topLeftEmpty || values.slice(1).some((r) => isText(r[0])))) ||
    (rows === 1 && loneTextOnTop(values[0] ?? []));
  const r0 = src.rect.r0 + (headerRow ? 1 : 0);
  const c0 = src.rect.c0 + (headerCol ? 1 : 0);
  const series: SeriesModel[] = [];
  const ref = (rect: Rect): RefModel => ({ sheet: src.sheet, rect });
  if (plotBy === 'Columns') {
    for (let c = c0; c <= src.rect.c1; c++) {
      series.push({
        name: headerRow ? String(values[0][c - src.rect.c0]) : `Series${series.length + 1}`,
        values: ref({ r0, c0: c, r1: src.rect.r1, c1: c }),
        xValues: headerCol ? ref({ r0, c0: src.rect.c0, r1: src.rect.r1, c1: src.rect.c0 }) : null,
        hasDataLabels: false,
      });
    }
  } else {
    for (let r = r0; r <= src.rect.r1; r++) {
      series.push({
        name: headerCol ? String(values[r - src.rect.r0][0]) : `Series${series.length + 1}`,
        values: ref({ r0: r, c0, r1: r, c1: src.rect.c1 }),
        xValues: headerRow ? ref({ r0: src.rect.r0, c0, r1: src.rect.r0, c1: src.rect.c1 }) : null,
        hasDataLabels: false,
      });
    }
  }
  return { series, plotBy };
}

function pointsOf(sheet: SheetModel, rect: Rect, useRows: boolean): number {
  let n = 0;
  if (useRows)
    for (let r = 0; r < rect.r0; r++) n += sheet.rowHeights.get(r) ?? sheet.workbook.options.rowHeight;
  else for (let c = 0; c < rect.c0; c++) n += sheet.colWidths.get(c) ?? sheet.workbook.options.columnWidth;
  return n;
}

// ---------------------------------------------------------------------------------------------

export class ChartCollectionDouble extends CollectionDouble<SheetModel> {
  declare readonly count: number;

  add(type: string, sourceData: RangeDouble | string, seriesBy?: string): ChartDouble {
    return this._create(ChartDouble, 'add', [type, sourceData, seriesBy], (s: SheetModel, b) => {
      const t = chartType(type, 'ChartCollection.add');
      const by = seriesBy ?? 'Auto';
      if (!['Auto', 'Columns', 'Rows'].includes(by)) throw invalidArgument('ChartCollection.add', 'seriesBy');
      assertCanEdit(s, null, 'objects', 'ChartCollection.add');
      const src = resolveRangeArg(sourceData, s, b, 'ChartCollection.add');
      const { series, plotBy } = deriveSeries(src, by);
      let n = s.charts.length + 1;
      while (s.charts.some((c) => c.name === `Chart ${n}`)) n++;
      const chart: ChartModel = {
        id: s.workbook.nextChartId(),
        name: `Chart ${n}`,
        sheet: s,
        chartType: t,
        seriesBy: plotBy,
        source: src,
        series,
        title: { text: '', visible: series.length === 1, overlay: false },
        axes: { valueAxis: axis(), categoryAxis: axis() },
        legend: { visible: true, position: 'Right', overlay: false },
        dataLabels: { showValue: false, numberFormat: 'General', position: 'BestFit' },
        position: { top: 0, left: 0, width: 360, height: 216 },
      };
      if (series.length === 1) chart.title.text = series[0].name;
      s.charts.push(chart);
      return chart;
    });
  }

  getItem(name: string): ChartDouble {
    return this._create(
      ChartDouble,
      'getItem',
      [name],
      mustFind(
        (s: SheetModel) => s.charts.find((c) => c.name === name || c.id === name),
        'ChartCollection.getItem',
      ),
    );
  }

  getItemOrNullObject(name: string): ChartDouble {
    return this._create(
      ChartDouble,
      'getItemOrNullObject',
      [name],
      orNull((s: SheetModel) => s.charts.find((c) => c.name === name || c.id === name)),
      {
        since: 4,
      },
    );
  }

  getItemAt(index: number): ChartDouble {
    return this._create(
      ChartDouble,
      'getItemAt',
      [index],
      mustFind((s: SheetModel) => s.charts[index], 'ChartCollection.getItemAt'),
    );
  }

  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (s: SheetModel) => s.charts.length, { since: 4 });
  }
}

registerType(ChartCollectionDouble, {
  name: 'ChartCollection',
  alive: (s: SheetModel) => !s.deleted,
  props: [{ name: 'count', get: (s: SheetModel) => s.charts.length }],
  collection: { itemCls: () => ChartDouble, list: (s: SheetModel) => [...s.charts] },
});

export class ChartDouble extends ClientObjectDouble<ChartModel> {
  declare name: string;
  declare readonly id: string;
  declare chartType: string;
  declare top: number;
  declare left: number;
  declare width: number;
  declare height: number;
  declare readonly title: ChartTitleDouble;
  declare readonly axes: ChartAxesDouble;
  declare readonly series: ChartSeriesCollectionDouble;
  declare readonly legend: ChartLegendDouble;
  declare readonly dataLabels: ChartDataLabelsDouble;
  declare readonly worksheet: WorksheetDouble;

  setPosition(startCell: RangeDouble | string, endCell?: RangeDouble | string): void {
    this._call('setPosition', [startCell, endCell], (c, b) => {
      const start = resolveRangeArg(startCell, c.sheet, b, 'Chart.setPosition');
      if (start.sheet !== c.sheet) throw invalidArgument('Chart.setPosition', 'startCell');
      c.position.left = pointsOf(c.sheet, start.rect, false);
      c.position.top = pointsOf(c.sheet, start.rect, true);
      c.position.startCell = rectToA1({ ...start.rect, r1: start.rect.r0, c1: start.rect.c0 });
      delete c.position.endCell;
      if (endCell !== undefined && endCell !== null) {
        const end = resolveRangeArg(endCell, c.sheet, b, 'Chart.setPosition');
        if (end.sheet !== c.sheet) throw invalidArgument('Chart.setPosition', 'endCell');
        const after = { r0: end.rect.r1 + 1, c0: end.rect.c1 + 1, r1: end.rect.r1 + 1, c1: end.rect.c1 + 1 };
        c.position.width = Math.max(0, pointsOf(c.sheet, after, false) - c.position.left);
        c.position.height = Math.max(0, pointsOf(c.sheet, after, true) - c.position.top);
        c.position.endCell = `${colToLetters(end.rect.c1)}${end.rect.r1 + 1}`;
      }
    });
  }

  setData(sourceData: RangeDouble | string, seriesBy?: string): void {
    this._call('setData', [sourceData, seriesBy], (c, b) => {
      const src = resolveRangeArg(sourceData, c.sheet, b, 'Chart.setData');
      const { series, plotBy } = deriveSeries(src, seriesBy ?? 'Auto');
      c.source = src;
      c.series = series;
      c.seriesBy = plotBy;
    });
  }

  delete(): void {
    this._call('delete', [], (c) => {
      assertCanEdit(c.sheet, null, 'objects', 'Chart.delete');
      c.sheet.charts = c.sheet.charts.filter((x) => x !== c);
      c.deleted = true;
    });
  }

  activate(): void {
    this._call('activate', [], () => undefined, { since: 9 });
  }
}

const posNumber = (key: 'top' | 'left' | 'width' | 'height') => ({
  name: key,
  get: (c: ChartModel) => c.position[key],
  set: (c: ChartModel, v: unknown) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw invalidArgument(`Chart.${key}`);
    c.position[key] = v;
  },
});

registerType(ChartDouble, {
  name: 'Chart',
  alive: chartAlive,
  props: [
    {
      name: 'name',
      get: (c: ChartModel) => c.name,
      set: (c: ChartModel, v) => {
        if (typeof v !== 'string' || v === '') throw invalidArgument('Chart.name');
        c.name = v;
      },
    },
    { name: 'id', since: 7, get: (c: ChartModel) => c.id },
    {
      name: 'chartType',
      since: 7,
      get: (c: ChartModel) => c.chartType,
      set: (c: ChartModel, v) => (c.chartType = chartType(v, 'Chart.chartType')),
    },
    {
      name: 'plotBy',
      since: 8,
      get: (c: ChartModel) => c.seriesBy,
      set: (c: ChartModel, v) => {
        if (v !== 'Rows' && v !== 'Columns') throw invalidArgument('Chart.plotBy');
        if (c.source) {
          const d = deriveSeries(c.source, v);
          c.series = d.series;
        }
        c.seriesBy = v;
      },
    },
    posNumber('top'),
    posNumber('left'),
    posNumber('width'),
    posNumber('height'),
  ],
  navs: [
    { name: 'title', cls: () => ChartTitleDouble, resolve: (c) => c },
    { name: 'axes', cls: () => ChartAxesDouble, resolve: (c) => c },
    { name: 'series', cls: () => ChartSeriesCollectionDouble, resolve: (c) => c },
    { name: 'legend', cls: () => ChartLegendDouble, resolve: (c) => c },
    { name: 'dataLabels', cls: () => ChartDataLabelsDouble, resolve: (c) => c },
    { name: 'worksheet', since: 2, cls: () => WorksheetDouble, resolve: (c: ChartModel) => c.sheet },
  ],
});

export class ChartTitleDouble extends ClientObjectDouble<ChartModel> {
  declare text: string;
  declare visible: boolean;
  declare overlay: boolean;
}

registerType(ChartTitleDouble, {
  name: 'ChartTitle',
  alive: chartAlive,
  props: [
    {
      name: 'text',
      get: (c: ChartModel) => c.title.text,
      set: (c: ChartModel, v) => {
        if (typeof v !== 'string') throw invalidArgument('ChartTitle.text');
        c.title.text = v;
        c.title.visible = v !== '';
      },
    },
    {
      name: 'visible',
      get: (c: ChartModel) => c.title.visible,
      set: (c: ChartModel, v) => (c.title.visible = !!v),
    },
    {
      name: 'overlay',
      get: (c: ChartModel) => c.title.overlay,
      set: (c: ChartModel, v) => (c.title.overlay = !!v),
    },
  ],
});

export class ChartAxesDouble extends ClientObjectDouble<ChartModel> {
  declare readonly valueAxis: ChartAxisDouble;
  declare readonly categoryAxis: ChartAxisDouble;
}

registerType(ChartAxesDouble, {
  name: 'ChartAxes',
  alive: chartAlive,
  navs: [
    {
      name: 'valueAxis',
      cls: () => ChartAxisDouble,
      resolve: (c: ChartModel) => ({ chart: c, axis: c.axes.valueAxis, kind: 'value' }),
    },
    {
      name: 'categoryAxis',
      cls: () => ChartAxisDouble,
      resolve: (c: ChartModel) => ({ chart: c, axis: c.axes.categoryAxis, kind: 'category' }),
    },
  ],
});

interface AxisTarget {
  chart: ChartModel;
  axis: AxisModel;
  kind: 'value' | 'category';
}

const axisNumber = (key: 'minimum' | 'maximum' | 'majorUnit') => ({
  name: key,
  get: (t: AxisTarget) => t.axis[key],
  set: (t: AxisTarget, v: unknown) => {
    if (t.kind === 'category') throw excelError(ErrorCodes.invalidArgument, `ChartAxis.${key}`);
    if (v === '' || v === null) t.axis[key] = null;
    else if (typeof v === 'number' && Number.isFinite(v)) t.axis[key] = v;
    else throw invalidArgument(`ChartAxis.${key}`);
    if (
      key !== 'majorUnit' &&
      t.axis.minimum !== null &&
      t.axis.maximum !== null &&
      t.axis.minimum >= t.axis.maximum
    ) {
      throw invalidArgument(`ChartAxis.${key}`);
    }
  },
});

export class ChartAxisDouble extends ClientObjectDouble<AxisTarget> {
  declare minimum: number;
  declare maximum: number;
  declare majorUnit: number;
  declare numberFormat: string;
  declare visible: boolean;
  declare readonly title: ChartAxisTitleDouble;
}

registerType(ChartAxisDouble, {
  name: 'ChartAxis',
  alive: (t: AxisTarget) => chartAlive(t.chart),
  props: [
    axisNumber('minimum'),
    axisNumber('maximum'),
    axisNumber('majorUnit'),
    {
      name: 'numberFormat',
      since: 8,
      get: (t: AxisTarget) => t.axis.numberFormat,
      set: (t: AxisTarget, v) => {
        if (typeof v !== 'string') throw invalidArgument('ChartAxis.numberFormat');
        t.axis.numberFormat = v;
      },
    },
    {
      name: 'visible',
      since: 7,
      get: (t: AxisTarget) => t.axis.visible,
      set: (t: AxisTarget, v) => (t.axis.visible = !!v),
    },
  ],
  navs: [{ name: 'title', cls: () => ChartAxisTitleDouble, resolve: (t) => t }],
});

export class ChartAxisTitleDouble extends ClientObjectDouble<AxisTarget> {
  declare text: string;
  declare visible: boolean;
}

registerType(ChartAxisTitleDouble, {
  name: 'ChartAxisTitle',
  alive: (t: AxisTarget) => chartAlive(t.chart),
  props: [
    {
      name: 'text',
      get: (t: AxisTarget) => t.axis.title.text,
      set: (t: AxisTarget, v) => {
        if (typeof v !== 'string') throw invalidArgument('ChartAxisTitle.text');
        t.axis.title = { text: v, visible: v !== '' };
      },
    },
    {
      name: 'visible',
      get: (t: AxisTarget) => t.axis.title.visible,
      set: (t: AxisTarget, v) => (t.axis.title.visible = !!v),
    },
  ],
});

export class ChartLegendDouble extends ClientObjectDouble<ChartModel> {
  declare visible: boolean;
  declare position: string;
  declare overlay: boolean;
}

registerType(ChartLegendDouble, {
  name: 'ChartLegend',
  alive: chartAlive,
  props: [
    {
      name: 'visible',
      get: (c: ChartModel) => c.legend.visible,
      set: (c: ChartModel, v) => (c.legend.visible = !!v),
    },
    {
      name: 'position',
      get: (c: ChartModel) => c.legend.position,
      set: (c: ChartModel, v) => {
        if (!['Invalid', 'Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom'].includes(String(v)))
          throw invalidArgument('ChartLegend.position');
        c.legend.position = String(v);
      },
    },
    {
      name: 'overlay',
      get: (c: ChartModel) => c.legend.overlay,
      set: (c: ChartModel, v) => (c.legend.overlay = !!v),
    },
  ],
});

export class ChartDataLabelsDouble extends ClientObjectDouble<ChartModel> {
  declare showValue: boolean;
  declare numberFormat: string;
  declare position: string;
}

registerType(ChartDataLabelsDouble, {
  name: 'ChartDataLabels',
  alive: chartAlive,
  props: [
    {
      name: 'showValue',
      get: (c: ChartModel) => c.dataLabels.showValue,
      set: (c: ChartModel, v) => (c.dataLabels.showValue = !!v),
    },
    {
      name: 'numberFormat',
      since: 8,
      get: (c: ChartModel) => c.dataLabels.numberFormat,
      set: (c: ChartModel, v) => {
        if (typeof v !== 'string') throw invalidArgument('ChartDataLabels.numberFormat');
        c.dataLabels.numberFormat = v;
      },
    },
    {
      name: 'position',
      get: (c: ChartModel) => c.dataLabels.position,
      set: (c: ChartModel, v) => {
        if (typeof v !== 'string') throw invalidArgument('ChartDataLabels.position');
        c.dataLabels.position = v;
      },
    },
  ],
});

// ---------------------------------------------------------------------------------------------
// Series

interface SeriesTarget {
  chart: ChartModel;
  series: SeriesModel;
}

const seriesAlive = (t: SeriesTarget): boolean => chartAlive(t.chart) && !t.series.deleted;

export class ChartSeriesCollectionDouble extends CollectionDouble<ChartModel> {
  declare readonly count: number;

  getItemAt(index: number): ChartSeriesDouble {
    return this._create(
      ChartSeriesDouble,
      'getItemAt',
      [index],
      mustFind(
        (c: ChartModel) => (c.series[index] ? { chart: c, series: c.series[index] } : undefined),
        'ChartSeriesCollection.getItemAt',
      ),
    );
  }

  getCount(): ClientResultDouble<number> {
    return this._callResult('getCount', [], (c: ChartModel) => c.series.length, { since: 4 });
  }

  add(name?: string, index?: number): ChartSeriesDouble {
    return this._create(
      ChartSeriesDouble,
      'add',
      [name, index],
      (c: ChartModel) => {
        const s: SeriesModel = {
          name: name ?? `Series${c.series.length + 1}`,
          values: null,
          xValues: null,
          hasDataLabels: false,
        };
        if (index === undefined || index === null) c.series.push(s);
        else {
          if (!Number.isInteger(index) || index < 0 || index > c.series.length)
            throw invalidArgument('ChartSeriesCollection.add', 'index');
          c.series.splice(index, 0, s);
        }
        return { chart: c, series: s };
      },
      { since: 7 },
    );
  }
}

registerType(ChartSeriesCollectionDouble, {
  name: 'ChartSeriesCollection',
  alive: chartAlive,
  props: [{ name: 'count', get: (c: ChartModel) => c.series.length }],
  collection: {
    itemCls: () => ChartSeriesDouble,
    list: (c: ChartModel) => c.series.map((series) => ({ chart: c, series })),
  },
});

function refArg(
  t: SeriesTarget,
  arg: unknown,
  b: Parameters<typeof resolveRangeArg>[2],
  where: string,
): RefModel {
  const r = resolveRangeArg(arg, t.chart.sheet, b, where);
  if (!isValidRect(r.rect)) throw invalidArgument(where);
  return { sheet: r.sheet, rect: r.rect };
}

export class ChartSeriesDouble extends ClientObjectDouble<SeriesTarget> {
  declare name: string;
  declare chartType: string;
  declare hasDataLabels: boolean;

  setValues(sourceData: RangeDouble | string): void {
    this._call(
      'setValues',
      [sourceData],
      (t, b) => (t.series.values = refArg(t, sourceData, b, 'ChartSeries.setValues')),
      { since: 7 },
    );
  }
  setXAxisValues(sourceData: RangeDouble | string): void {
    this._call(
      'setXAxisValues',
      [sourceData],
      (t, b) => (t.series.xValues = refArg(t, sourceData, b, 'ChartSeries.setXAxisValues')),
      {
        since: 7,
      },
    );
  }
  delete(): void {
    this._call(
      'delete',
      [],
      (t) => {
        t.chart.series = t.chart.series.filter((s) => s !== t.series);
        t.series.deleted = true;
      },
      { since: 7 },
    );
  }
}

registerType(ChartSeriesDouble, {
  name: 'ChartSeries',
  alive: seriesAlive,
  props: [
    {
      name: 'name',
      get: (t: SeriesTarget) => t.series.name,
      set: (t: SeriesTarget, v) => {
        if (typeof v !== 'string') throw invalidArgument('ChartSeries.name');
        t.series.name = v;
      },
    },
    {
      name: 'chartType',
      since: 7,
      get: (t: SeriesTarget) => t.series.chartType ?? t.chart.chartType,
      set: (t: SeriesTarget, v) => (t.series.chartType = chartType(v, 'ChartSeries.chartType')),
    },
    {
      name: 'hasDataLabels',
      since: 7,
      get: (t: SeriesTarget) => t.series.hasDataLabels,
      set: (t: SeriesTarget, v) => (t.series.hasDataLabels = !!v),
    },
  ],
});
