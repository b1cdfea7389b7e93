import { Form, Link, useSubmit } from "@remix-run/react";
import { Suspense } from "react";
import { FilterSelect } from "~/components/filter-select";
import { useTranslation } from "~/components/i18n";
import { boardSearch, isFiltered, type BoardFilterParams } from "~/utils/board";

interface Named {
  id: string;
  name: string;
}

interface BoardFilterFormProps {
  filter: BoardFilterParams;
  board: { groups: Named[]; people: Named[]; focusAreas: Named[]; matchesByCell: Record<string, number> };
  /** Whether the filter offers people (not on a shared board, which shows no names). */
  offersPeople: boolean;
}

/**
 * Narrows the board by title, group, person, focus area, due date and "mine". A GET form: the
 * filter lives in the address, so a filtered board can be shared and works without JavaScript;
 * with it, a changed choice applies at once.
 *
 * Inside a Suspense boundary that never suspends, as the board's lanes are: React hydrates its
 * hundred-odd elements (a choice for every person, group and focus area) after the rest of the
 * page, and at once when a person uses it.
 */
export function BoardFilterForm(props: BoardFilterFormProps) {
  return (
    <Suspense fallback={null}>
      <FilterForm {...props} />
    </Suspense>
  );
}

function FilterForm({ filter, board, offersPeople }: BoardFilterFormProps) {
  const { t } = useTranslation();
  const submit = useSubmit();
  const chosen = [filter.group, filter.person, filter.area, filter.due, filter.mine].filter(Boolean).length;
  const matches = Object.values(board.matchesByCell).reduce((sum, count) => sum + count, 0);
  const select = (name: keyof BoardFilterParams, label: string, choices: Array<{ value: string; label: string }>) => (
    <FilterSelect id={`filter-${name}`} name={name} label={label} anyLabel={t("board.filterAny")} value={filter[name]} choices={choices} />
  );
  const named = (items: Named[]) => items.map((item) => ({ value: item.id, label: item.name }));

  return (
    <Form
      method="get"
      className="board-filter"
      role="search"
      key={boardSearch(filter)}
      onChange={(event) => {
        if (event.target instanceof HTMLSelectElement || (event.target instanceof HTMLInputElement && event.target.type === "checkbox")) {
          submit(event.currentTarget, { preventScrollReset: true, replace: true });
        }
      }}
    >
      <p className="field board-find">
        <label htmlFor="board-find">{t("board.find")}</label>
        <input id="board-find" type="search" name="q" defaultValue={filter.q ?? ""} maxLength={200} />
      </p>
      <details className="board-filter-more" open={chosen > 0 || undefined}>
        <summary>{chosen > 0 ? t("board.filtersActive", { count: chosen }) : t("board.filters")}</summary>
        <div className="board-filter-fields">
          {select("group", t("board.filterGroup"), [{ value: "none", label: t("board.filterNoGroup") }, ...named(board.groups)])}
          {offersPeople ? select("person", t("board.filterPerson"), named(board.people)) : null}
          {select("area", t("board.filterArea"), named(board.focusAreas))}
          {select("due", t("board.filterDue"), [
            { value: "overdue", label: t("board.filterOverdue") },
            { value: "month", label: t("board.filterThisMonth") },
          ])}
          {offersPeople ? (
            <p className="field checkbox">
              <input id="filter-mine" type="checkbox" name="mine" value="1" defaultChecked={filter.mine === "1"} aria-describedby="filter-mine-hint" />
              <label htmlFor="filter-mine">{t("board.filterMine")}</label>
              <span id="filter-mine-hint" className="hint">
                {t("board.filterMineHint")}
              </span>
            </p>
          ) : null}
        </div>
      </details>
      <button type="submit">{t("board.findSubmit")}</button>
      {isFiltered(filter) ? (
        <p className="board-filter-status">
          <span role="status">{t("board.filterMatches", { count: matches })}</span>{" "}
          <Link to="." discover="none">
            {t("board.findClear")}
          </Link>
        </p>
      ) : null}
    </Form>
  );
}
