/**
 * Errors raised by the Excel double. They mimic `OfficeExtension.Error` (name 'RichApi.Error',
 * `code`, `message`, `debugInfo`, `httpStatusCode`, `toString()` = "code: message") and use the
 * codes and messages Excel documents ("Error handling with the application-specific JavaScript
 * APIs") or that office.js itself raises client-side (PropertyNotLoaded, ValueNotLoaded, …).
 */

export const ErrorCodes = {
  accessDenied: 'AccessDenied',
  apiNotFound: 'ApiNotFound',
  badPassword: 'BadPassword',
  generalException: 'GeneralException',
  insertDeleteConflict: 'InsertDeleteConflict',
  invalidArgument: 'InvalidArgument',
  invalidObjectPath: 'InvalidObjectPath',
  invalidOperation: 'InvalidOperation',
  invalidOperationInCellEditMode: 'InvalidOperationInCellEditMode',
  invalidReference: 'InvalidReference',
  itemAlreadyExists: 'ItemAlreadyExists',
  itemNotFound: 'ItemNotFound',
  mergedRangeConflict: 'MergedRangeConflict',
  notImplemented: 'NotImplemented',
  operationCellsExceedLimit: 'OperationCellsExceedLimit',
  propertyNotLoaded: 'PropertyNotLoaded',
  rangeExceedsLimit: 'RangeExceedsLimit',
  requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded',
  responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded',
  runMustReturnPromise: 'RunMustReturnPromise',
  valueNotLoaded: 'ValueNotLoaded',
  /** Not an Excel code: the double was asked for something it does not emulate. */
  notEmulated: 'NotEmulated',
} as const;

const MESSAGES: Record<string, string> = {
  AccessDenied: 'You cannot perform the requested operation.',
  ApiNotFound:
    'The API you are trying to use could not be found. It may be available in a newer version of the Office application.',
  BadPassword: 'The password you supplied is incorrect.',
  GeneralException: 'There was an internal error while processing the request.',
  InsertDeleteConflict: 'The insert or delete operation attempted resulted in a conflict.',
  InvalidArgument: 'The argument is invalid or missing or has an incorrect format.',
  InvalidOperation: 'The operation attempted is invalid on the object.',
  InvalidOperationInCellEditMode:
    'Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.',
  InvalidReference: 'This reference is not valid for the current operation.',
  ItemAlreadyExists: 'The resource being created already exists.',
  ItemNotFound: "The requested resource doesn't exist.",
  MergedRangeConflict:
    "Cannot complete the operation. A table can't overlap with another table, a PivotTable report, query results, merged cells, or an XML Map.",
  NotImplemented: "The requested feature isn't implemented.",
  // https://learn.microsoft.com/office/dev/add-ins/excel/excel-add-ins-error-handling (API error codes)
  OperationCellsExceedLimit: 'The attempted operation affects more than the limit of 33,554,000 cells.',
  RangeExceedsLimit:
    'The cell count in the range has exceeded the maximum supported number. See the Resource limits and performance optimization for Office Add-ins article for more information.',
  RequestPayloadSizeLimitExceeded:
    'The request payload size has exceeded the limit. See the Resource limits and performance optimization for Office Add-ins article for more information.',
  ResponsePayloadSizeLimitExceeded:
    'The response payload size has exceeded the limit. See the Resource limits and performance optimization for Office Add-ins article for more information.',
  RunMustReturnPromise:
    'The batch function passed to the ".run" method didn\'t return a promise. The function must return a promise, so that any automatically-tracked objects can be released at the completion of the batch operation. Typically, you return a promise by returning the response from "context.sync()".',
  ValueNotLoaded:
    'The value of the result object has not been loaded yet. Before reading the value property, call "context.sync()" on the associated request context.',
};

const HTTP_STATUS: Record<string, number> = {
  AccessDenied: 401,
  InvalidArgument: 400,
  InvalidObjectPath: 400,
  PropertyNotLoaded: 400,
  ValueNotLoaded: 400,
  RequestPayloadSizeLimitExceeded: 400,
  ResponsePayloadSizeLimitExceeded: 400,
  ItemNotFound: 404,
};

export interface DoubleErrorDebugInfo {
  code: string;
  message: string;
  errorLocation?: string;
}

/** Shape-compatible with OfficeExtension.Error. */
export class DoubleRichApiError extends Error {
  readonly code: string;
  readonly debugInfo: DoubleErrorDebugInfo;
  readonly httpStatusCode: number;
  readonly traceMessages: string[] = [];
  readonly innerError: null = null;

  constructor(code: string, message?: string, errorLocation?: string) {
    const msg = message ?? MESSAGES[code] ?? code;
    super(msg);
    Object.setPrototypeOf(this, DoubleRichApiError.prototype);
    this.name = 'RichApi.Error';
    this.code = code;
    this.httpStatusCode = HTTP_STATUS[code] ?? 500;
    this.debugInfo = { code, message: msg };
    if (errorLocation) this.debugInfo.errorLocation = errorLocation;
  }

  override toString(): string {
    return `${this.code}: ${this.message}`;
  }
}

export function excelError(code: string, errorLocation?: string, message?: string): DoubleRichApiError {
  return new DoubleRichApiError(code, message, errorLocation);
}

export function propertyNotLoaded(typeName: string, prop: string): DoubleRichApiError {
  return new DoubleRichApiError(
    ErrorCodes.propertyNotLoaded,
    `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    `${typeName}.${prop}`,
  );
}

export function invalidObjectPath(where: string): DoubleRichApiError {
  return new DoubleRichApiError(
    ErrorCodes.invalidObjectPath,
    `The object path '${where}' isn't working for what you're trying to do. If you're using the object across multiple "context.sync" calls and outside the sequential execution of a ".run" batch, please use the "context.trackedObjects.add()" and "context.trackedObjects.remove()" methods to manage the object's lifetime.`,
    where,
  );
}

export function apiNotFound(member: string, version: string): DoubleRichApiError {
  return new DoubleRichApiError(
    ErrorCodes.apiNotFound,
    `The method or property ${member} is part of the ExcelApi ${version} requirement set, which is not available in your version of Excel.`,
    member,
  );
}

export function invalidArgument(where: string, argumentName?: string): DoubleRichApiError {
  const msg = argumentName
    ? `The argument '${argumentName}' doesn't work for this situation, is missing, or isn't in the right format.`
    : undefined;
  return new DoubleRichApiError(ErrorCodes.invalidArgument, msg, where);
}

/** The double does not emulate this member/feature (never an Excel behaviour). */
export function notEmulated(what: string, why?: string): DoubleRichApiError {
  return new DoubleRichApiError(
    ErrorCodes.notEmulated,
    `Excel double: ${what} is not emulated${why ? ` (${why})` : ''}.`,
    what,
  );
}
