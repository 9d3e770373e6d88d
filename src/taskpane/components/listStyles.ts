/**
 * Style pieces several panels share (Griffel style objects, spread into `makeStyles`).
 */

/** A bare vertical list: no bullets or indent, items stacked with `rowGap` between them. */
export const plainList = (rowGap: string) =>
  ({
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    rowGap,
  }) as const;
