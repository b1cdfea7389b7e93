import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";

/** Finds cards by title anywhere on the board, hidden ones too; works without JavaScript. */
export function BoardFind({ query, matches }: { query: string | null; matches: number }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="board-find" role="search">
      <label htmlFor="board-find">{t("board.find")}</label>
      <input id="board-find" type="search" name="q" defaultValue={query ?? ""} key={query ?? ""} maxLength={200} />
      <button type="submit">{t("board.findSubmit")}</button>
      {query ? (
        <>
          <p role="status">{t("board.findMatches", { count: matches, query })}</p>
          <Link to="." discover="none">
            {t("board.findClear")}
          </Link>
        </>
      ) : null}
    </Form>
  );
}
