import type { ReactNode } from 'react';

/** One column of a summary table. */
export interface SummaryColumn<Row> {
  /** Header text. */
  title: string;
  /** The cell of a row (plain text or a small element; capture text renders as text). */
  cell: (row: Row) => ReactNode;
  /** Right-aligned numbers. */
  isNumber?: boolean;
  /** Extra cell class, e.g. `mono` for names and paths, `nowrap` for times. */
  className?: string;
}

interface Props<Row> {
  /** The visible caption, also the table's accessible name. */
  caption: string;
  /** The first column heads each row (a row header, so a row is found by it). */
  columns: readonly [SummaryColumn<Row>, ...SummaryColumn<Row>[]];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Shown as the only row when there are none; without it an empty table shows no rows. */
  empty?: string;
  /** `compact` for the small side-by-side tables. */
  isCompact?: boolean;
  testId?: string;
}

function cellClass(column: { isNumber?: boolean; className?: string }): string | undefined {
  const classes = [column.isNumber ? 'num' : '', column.className ?? ''].filter(Boolean).join(' ');
  return classes === '' ? undefined : classes;
}

/**
 * A captioned table of per-item figures (hosts, DLLs, folders, processes): one header row, one
 * row per item headed by its first cell, numbers right-aligned. The Load and Explore summaries
 * share it so their tables read and behave alike.
 */
export function SummaryTable<Row>({ caption, columns, rows, rowKey, empty, isCompact, testId }: Props<Row>) {
  const [head, ...rest] = columns;
  return (
    <table className={isCompact ? 'data-table compact' : 'data-table'} data-testid={testId}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th scope="col" key={column.title} className={column.isNumber ? 'num' : undefined}>
              {column.title}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.length === 0 && empty !== undefined ? (
          <tr>
            <td colSpan={columns.length} className="muted">
              {empty}
            </td>
          </tr>
        ) : null}
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            <th scope="row" className={cellClass(head)}>
              {head.cell(row)}
            </th>
            {rest.map((column) => (
              <td key={column.title} className={cellClass(column)}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
