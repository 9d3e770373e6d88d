/**
 * `values` reads of a list of rectangles, budgeted like the reader's row blocks (read.ts): as
 * many rectangles per round trip as the estimated response allows (ReadBudget.maxResponseBytes,
 * maxCellsPerRead), the estimate per cell adapted from what came back; a round trip Excel still
 * refuses for its size (nothing delivered) is read again in halves — a single rectangle is split
 * by rows. Used by the start-up detection (header scan of every sheet), which had no budget.
 */
import { DEFAULT_READ_BUDGET, type ReadBudget } from './read';
import { SIZE_ERRORS, errorCode, gridJsonBytes } from './host';

export interface ValuesRequest {
  ws: Excel.Worksheet;
  /** 0-based top-left. */
  row: number;
  col: number;
  rows: number;
  cols: number;
}

export interface BudgetedReadStats {
  syncs: number;
  maxReadCells: number;
  maxResponseBytes: number;
}

/** The values of each request, in request order. */
export async function loadValuesBudgeted(
  context: Excel.RequestContext,
  requests: readonly ValuesRequest[],
  budgetIn: Partial<ReadBudget> = {},
  stats: BudgetedReadStats = { syncs: 0, maxReadCells: 0, maxResponseBytes: 0 },
): Promise<unknown[][][]> {
  const budget: ReadBudget = { ...DEFAULT_READ_BUDGET, ...budgetIn };
  const out: unknown[][][] = requests.map(() => []);
  let perCell: number | null = null;
  let i = 0;
  /** Rows of request i already read or queued. */
  let done = 0;
  while (i < requests.length) {
    // One round trip: parts of requests while the estimate fits (at least one row). Until bytes
    // per cell were measured, the round trip is a small probe (ReadBudget.probeShare).
    const est = (perCell ?? budget.initialBytesPerCell) * 1.15;
    const cap = perCell === null ? budget.maxResponseBytes * budget.probeShare : budget.maxResponseBytes;
    const group: { k: number; part: ValuesRequest }[] = [];
    let bytes = 0;
    let cells = 0;
    while (i < requests.length) {
      const r = requests[i];
      const rowBytes = r.cols * est + 4;
      const left = r.rows - done;
      const fit = Math.min(
        left,
        Math.floor((cap - bytes - 64) / rowBytes),
        Math.floor((budget.maxCellsPerRead - cells) / Math.max(1, r.cols)),
      );
      const rows = group.length === 0 ? Math.max(1, fit) : fit;
      if (rows <= 0) break;
      group.push({ k: i, part: { ...r, row: r.row + done, rows } });
      bytes += rows * rowBytes + 64;
      cells += rows * r.cols;
      done += rows;
      if (done >= r.rows) {
        i++;
        done = 0;
      } else break;
    }
    const got = await readGroup(
      context,
      group.map((g) => g.part),
      stats,
    );
    let measured = 0;
    let measuredCells = 0;
    group.forEach((g, j) => {
      for (const row of got[j]) out[g.k].push(row);
      measured += gridJsonBytes(got[j]);
      measuredCells += g.part.rows * g.part.cols;
    });
    if (measuredCells > 0)
      perCell =
        perCell === null ? measured / measuredCells : Math.max(measured / measuredCells, perCell * 0.5);
  }
  return out;
}

async function readGroup(
  context: Excel.RequestContext,
  group: ValuesRequest[],
  stats: BudgetedReadStats,
  depth = 0,
): Promise<unknown[][][]> {
  const ranges = group.map((r) => r.ws.getRangeByIndexes(r.row, r.col, r.rows, r.cols).load('values'));
  try {
    stats.syncs++;
    await context.sync();
  } catch (e) {
    const single = group.length === 1 && group[0].rows === 1;
    if (!SIZE_ERRORS.has(errorCode(e)) || single || depth > 16) throw e;
    if (group.length > 1) {
      const mid = Math.ceil(group.length / 2);
      return [
        ...(await readGroup(context, group.slice(0, mid), stats, depth + 1)),
        ...(await readGroup(context, group.slice(mid), stats, depth + 1)),
      ];
    }
    const r = group[0];
    const top = Math.ceil(r.rows / 2);
    const [a] = await readGroup(context, [{ ...r, rows: top }], stats, depth + 1);
    const [b] = await readGroup(context, [{ ...r, row: r.row + top, rows: r.rows - top }], stats, depth + 1);
    return [[...a, ...b]];
  }
  const values = ranges.map((x) => x.values as unknown[][]);
  let bytes = 0;
  for (const [j, v] of values.entries()) {
    bytes += gridJsonBytes(v);
    stats.maxReadCells = Math.max(stats.maxReadCells, group[j].rows * group[j].cols);
  }
  stats.maxResponseBytes = Math.max(stats.maxResponseBytes, bytes);
  return values;
}
