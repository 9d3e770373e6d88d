/**
 * Runtime values of the Excel enums an add-in uses (`Excel.ConditionalFormatType.custom`, …).
 * Office.js string enums map camelCase keys to PascalCase values; keys of values that start with
 * a digit get a leading underscore (`_3DColumn`).
 */

import { CHART_TYPES } from './chart';
import { ErrorCodes } from './errors';

function enumOf(values: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values) {
    const key = /^[0-9]/.test(v) ? `_${v}` : v[0].toLowerCase() + v.slice(1);
    out[key] = v;
  }
  return Object.freeze(out);
}

export const excelEnums = {
  ConditionalFormatType: enumOf([
    'Custom',
    'DataBar',
    'ColorScale',
    'IconSet',
    'TopBottom',
    'PresetCriteria',
    'ContainsText',
    'CellValue',
  ]),
  ConditionalTextOperator: enumOf(['Contains', 'NotContains', 'BeginsWith', 'EndsWith']),
  ConditionalCellValueOperator: enumOf([
    'Invalid',
    'Between',
    'NotBetween',
    'EqualTo',
    'NotEqualTo',
    'GreaterThan',
    'LessThan',
    'GreaterThanOrEqual',
    'LessThanOrEqual',
  ]),
  ChartType: enumOf(CHART_TYPES),
  ChartSeriesBy: enumOf(['Auto', 'Columns', 'Rows']),
  ChartLegendPosition: enumOf(['Invalid', 'Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom']),
  ChartDataLabelPosition: enumOf([
    'Invalid',
    'None',
    'Center',
    'InsideEnd',
    'InsideBase',
    'OutsideEnd',
    'Left',
    'Right',
    'Top',
    'Bottom',
    'BestFit',
    'Callout',
  ]),
  ClearApplyTo: enumOf(['All', 'Formats', 'Contents', 'Hyperlinks', 'RemoveHyperlinks', 'ResetContents']),
  SheetVisibility: enumOf(['Visible', 'Hidden', 'VeryHidden']),
  HorizontalAlignment: enumOf([
    'General',
    'Left',
    'Center',
    'Right',
    'Fill',
    'Justify',
    'CenterAcrossSelection',
    'Distributed',
  ]),
  VerticalAlignment: enumOf(['Top', 'Center', 'Bottom', 'Justify', 'Distributed']),
  BorderIndex: enumOf([
    'EdgeTop',
    'EdgeBottom',
    'EdgeLeft',
    'EdgeRight',
    'InsideVertical',
    'InsideHorizontal',
    'DiagonalDown',
    'DiagonalUp',
  ]),
  BorderLineStyle: enumOf([
    'None',
    'Continuous',
    'Dash',
    'DashDot',
    'DashDotDot',
    'Dot',
    'Double',
    'SlantDashDot',
  ]),
  BorderWeight: enumOf(['Hairline', 'Thin', 'Medium', 'Thick']),
  RangeUnderlineStyle: enumOf(['None', 'Single', 'Double', 'SingleAccountant', 'DoubleAccountant']),
  DataValidationType: enumOf([
    'None',
    'WholeNumber',
    'Decimal',
    'List',
    'Date',
    'Time',
    'TextLength',
    'Custom',
    'Inconsistent',
    'MixedCriteria',
  ]),
  DataValidationAlertStyle: enumOf(['Stop', 'Warning', 'Information']),
  DataValidationOperator: enumOf([
    'Between',
    'NotBetween',
    'EqualTo',
    'NotEqualTo',
    'GreaterThan',
    'LessThan',
    'GreaterThanOrEqualTo',
    'LessThanOrEqualTo',
  ]),
  PageOrientation: enumOf(['Portrait', 'Landscape']),
  PaperType: enumOf([
    'Letter',
    'LetterSmall',
    'Tabloid',
    'Ledger',
    'Legal',
    'Statement',
    'Executive',
    'A3',
    'A4',
    'A4Small',
    'A5',
    'B4',
    'B5',
  ]),
  HeaderFooterState: enumOf(['Default', 'FirstAndDefault', 'OddAndEven', 'FirstOddAndEven']),
  CalculationMode: enumOf(['Automatic', 'AutomaticExceptTables', 'Manual']),
  CalculationType: enumOf(['Recalculate', 'Full', 'FullRebuild']),
  InsertShiftDirection: enumOf(['Down', 'Right']),
  DeleteShiftDirection: enumOf(['Up', 'Left']),
  RangeValueType: enumOf([
    'Unknown',
    'Empty',
    'String',
    'Integer',
    'Double',
    'Boolean',
    'Error',
    'RichValue',
  ]),
  NamedItemType: enumOf(['String', 'Integer', 'Double', 'Boolean', 'Range', 'Error', 'Array']),
  NamedItemScope: enumOf(['Worksheet', 'Workbook']),
  ErrorCodes: Object.freeze(
    Object.fromEntries(
      Object.entries(ErrorCodes).filter(
        ([k]) =>
          k !== 'notEmulated' &&
          k !== 'propertyNotLoaded' &&
          k !== 'valueNotLoaded' &&
          k !== 'runMustReturnPromise',
      ),
    ),
  ) as Record<string, string>,
};
