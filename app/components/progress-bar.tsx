export const segmentClass = (isDone: boolean, index: number) => (isDone ? "segment-done" : `segment-${index % 4}`);

interface ProgressBarProps {
  columns: Array<{ id: string; isDone: boolean; cardCount: number }>;
  total: number;
}

/** Cards per column as one stacked bar; decorative, since the counts are also listed as text. */
export function ProgressBar({ columns, total }: ProgressBarProps) {
  if (total === 0) return null;
  let offset = 0;
  return (
    <svg className="progress-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">
      {columns.map((column, index) => {
        const width = (column.cardCount / total) * 100;
        const x = offset;
        offset += width;
        return (
          <rect
            key={column.id}
            x={x}
            y={0}
            width={width}
            height={4}
            className={segmentClass(column.isDone, index)}
          />
        );
      })}
    </svg>
  );
}
