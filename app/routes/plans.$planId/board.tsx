import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/utils/i18n";
import { CardView, type CardData } from "./card";

interface BoardData {
  columns: Array<{ id: string; name: string; isDone: boolean; wipLimit: number | null }>;
  focusAreas: Array<{ id: string; name: string }>;
  cards: CardData[];
}

const cellKey = (columnId: string, focusAreaId: string) => `${columnId}|${focusAreaId}`;

export function BoardView({ board, locale, now }: { board: BoardData; locale: Locale; now: string }) {
  const { t } = useTranslation();
  const { cardsByCell, countByColumn, countByFocusArea } = useMemo(() => {
    const cardsByCell = new Map<string, CardData[]>();
    const countByColumn = new Map<string, number>();
    const countByFocusArea = new Map<string, number>();
    for (const card of board.cards) {
      const key = cellKey(card.columnId, card.focusAreaId);
      const cell = cardsByCell.get(key);
      if (cell) cell.push(card);
      else cardsByCell.set(key, [card]);
      countByColumn.set(card.columnId, (countByColumn.get(card.columnId) ?? 0) + 1);
      countByFocusArea.set(card.focusAreaId, (countByFocusArea.get(card.focusAreaId) ?? 0) + 1);
    }
    return { cardsByCell, countByColumn, countByFocusArea };
  }, [board.cards]);

  return (
    <div className="board">
      <div className="board-header" role="presentation">
        <h2 className="visually-hidden">{t("board.columns")}</h2>
        {board.columns.map((column) => {
          const count = countByColumn.get(column.id) ?? 0;
          const overLimit = column.wipLimit !== null && count > column.wipLimit;
          return (
            <div key={column.id} className={overLimit ? "column-head over-limit" : "column-head"}>
              <span className="column-name">{column.name}</span>
              <span className="column-count">
                {t("plans.cardCount", { count })}
                {column.wipLimit !== null ? ` · ${t("board.wipLimit", { limit: column.wipLimit })}` : null}
                {overLimit ? <strong> · {t("board.wipExceeded")}</strong> : null}
              </span>
            </div>
          );
        })}
      </div>
      {board.focusAreas.map((focusArea) => (
        <section key={focusArea.id} className="swimlane" aria-labelledby={`lane-${focusArea.id}`}>
          <h2 id={`lane-${focusArea.id}`} className="swimlane-title">
            {focusArea.name}{" "}
            <span className="muted">({t("board.focusAreaCount", { count: countByFocusArea.get(focusArea.id) ?? 0 })})</span>
          </h2>
          <div className="swimlane-cells">
            {board.columns.map((column) => {
              const cards = cardsByCell.get(cellKey(column.id, focusArea.id)) ?? [];
              const label = t("board.cell", { column: column.name, focusArea: focusArea.name });
              return (
                <div key={column.id} className="cell">
                  <h3 className="visually-hidden">{column.name}</h3>
                  {cards.length === 0 ? (
                    <p className="empty-cell">{t("board.emptyCell")}</p>
                  ) : (
                    <ol className="card-list" aria-label={label}>
                      {cards.map((card) => (
                        <CardView key={card.id} card={card} locale={locale} now={now} />
                      ))}
                    </ol>
                  )}
                </div>
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}
