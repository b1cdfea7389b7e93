import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { useTranslation } from "~/components/i18n";
import type { ImportProgressState } from "~/models/import-progress.server";
import type { ImportProblem, TrelloPreview } from "~/models/trello-import.server";

export type ImportPreviewData = Omit<TrelloPreview, "plan"> & {
  fileName: string;
  people: Array<{ id: string; name: string }>;
  importedBefore: string[];
  result: { columns: string[]; focusAreas: string[]; assignments: number; archived: number };
};

function ProblemText({ problem }: { problem: ImportProblem }) {
  const { t } = useTranslation();
  switch (problem.code) {
    case "partial-history":
      return <>{t("import.problem.partial-history", { actions: problem.actions, earliest: problem.earliest ?? "" })}</>;
    case "unknown-list-in-history":
    case "unknown-member":
      return <>{t(`import.problem.${problem.code}`, { names: problem.names.join(", ") })}</>;
    case "missing-creation":
    case "several-labels":
    case "history-disagrees":
      return <>{t(`import.problem.${problem.code}`, { count: problem.cards })}</>;
    case "unlabelled":
      return <>{t("import.problem.unlabelled", { count: problem.cards, name: problem.name })}</>;
    case "deleted-cards":
    case "out-of-order":
      return <>{t(`import.problem.${problem.code}`, { count: problem.actions })}</>;
    case "card-in-unknown-list":
      return <>{t("import.problem.card-in-unknown-list", { count: problem.cards, column: problem.column })}</>;
    case "untitled":
      return <>{t("import.problem.untitled", { cards: problem.cards, lists: problem.lists, labels: problem.labels, members: problem.members })}</>;
    case "shortened":
      return <>{t("import.problem.shortened", { titles: problem.titles, descriptions: problem.descriptions })}</>;
  }
}

/** Radio buttons under a legend, one of them chosen to begin with (a form read on the server only). */
function Choices({
  legend,
  name,
  chosen,
  choices,
  children,
}: {
  legend: string;
  name: string;
  chosen: string;
  choices: Array<{ value: string; label: string }>;
  children?: ReactNode;
}) {
  return (
    <fieldset className="field">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label className="choice" key={choice.value}>
          <input type="radio" name={name} value={choice.value} defaultChecked={choice.value === chosen} /> {choice.label}
        </label>
      ))}
      {children}
    </fieldset>
  );
}

const POLL_MS = 400;

/** While an import runs: how far it has come, polled from the server (this process's count). */
function ImportProgress({ url }: { url: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<ImportProgressState | null>(null);
  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        const { progress } = response.ok ? ((await response.json()) as { progress: ImportProgressState | null }) : { progress: null };
        // Another server process knows nothing of this import (null): what one said last still holds.
        if (progress && !stopped) setState(progress);
      } catch {
        // the import's own answer decides; a missed poll changes nothing
      }
      if (!stopped) timer = setTimeout(poll, POLL_MS);
    };
    let timer = setTimeout(poll, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [url]);
  const writing = state?.phase === "writing" || state?.phase === "done";
  return (
    <div className="import-progress" role="status">
      <label htmlFor="import-progress-bar">
        {writing ? t("import.progressWriting", { written: state.written, total: state.total }) : t("import.progressReading")}
      </label>
      <progress id="import-progress-bar" max={writing ? state.total || 1 : undefined} value={writing ? state.written : undefined} />
    </div>
  );
}

/** An uploaded board's preview, and the form that adjusts its mapping and imports it. */
export function ImportPreviewView({ data, message, progressUrl }: { data: ImportPreviewData; message: string | null; progressUrl: string }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  const importing = navigation.state === "submitting" && navigation.formData?.get("intent") === "import";
  const { counts, history, mapping } = data;
  return (
    <>
      <h1>{t("import.previewTitle", { name: data.board.name })}</h1>
      <p className="lead">{t("import.previewIntro")}</p>
      {message ? (
        <p className="alert" role="alert">
          {t(message as never)}
        </p>
      ) : null}

      <section aria-labelledby="import-counts" className="panel">
        <h2 id="import-counts">{t("import.counts")}</h2>
        <dl className="facts">
          <dt>{t("import.countLists")}</dt>
          <dd>
            {counts.lists} ({t("import.countClosedLists")} {counts.closedLists})
          </dd>
          <dt>{t("import.countCards")}</dt>
          <dd>{t("import.countOpenClosed", { open: counts.openCards, closed: counts.closedCards })}</dd>
          <dt>{t("import.countLabels")}</dt>
          <dd>{counts.labels}</dd>
          <dt>{t("import.countChecklists")}</dt>
          <dd>{t("import.countChecklistItems", { checklists: counts.checklists, items: counts.checkItems })}</dd>
          <dt>{t("import.countComments")}</dt>
          <dd>{counts.comments}</dd>
          <dt>{t("import.countMembers")}</dt>
          <dd>{counts.members}</dd>
          <dt>{t("import.countHistory")}</dt>
          <dd>{t("import.countHistoryValue", { creations: counts.creations, moves: counts.moves })}</dd>
        </dl>
        <p>{history.from && history.to ? t("import.historyRange", { from: history.from, to: history.to }) : t("import.historyNone")}</p>
      </section>

      <section aria-labelledby="import-problems" className="panel">
        <h2 id="import-problems">{t("import.problems")}</h2>
        {data.problems.length === 0 ? (
          <p>{t("import.noProblems")}</p>
        ) : (
          <ul>
            {data.problems.map((problem) => (
              <li key={problem.code}>
                <ProblemText problem={problem} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <Form method="post" className="stack panel" aria-labelledby="import-mapping">
        <h2 id="import-mapping">{t("import.mapping")}</h2>
        <fieldset className="field">
          <legend>{t("import.lists")}</legend>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("import.listName")}</th>
                <th scope="col">{t("import.listCards")}</th>
                <th scope="col">{t("import.listDone")}</th>
              </tr>
            </thead>
            <tbody>
              {data.lists.map((list) => (
                <tr key={list.id}>
                  <th scope="row">
                    {list.name}
                    {list.closed ? <span className="muted"> ({t("import.listClosed")})</span> : null}
                  </th>
                  <td>{list.cards}</td>
                  <td>
                    <input
                      type="checkbox"
                      name="done"
                      value={list.id}
                      defaultChecked={list.done}
                      aria-label={`${t("import.listDone")}: ${list.name}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </fieldset>
        <Choices
          legend={t("import.closedLists")}
          name="closedLists"
          chosen={mapping.closedLists}
          choices={[
            { value: "archive", label: t("import.closedArchive") },
            { value: "columns", label: t("import.closedAsColumns") },
          ]}
        />
        <Choices
          legend={t("import.labels")}
          name="focusAreas"
          chosen={mapping.focusAreas}
          choices={[
            { value: "labels", label: t("import.focusAreasByLabel") },
            { value: "single", label: t("import.focusAreasSingle") },
          ]}
        >
          {data.labels.length > 0 ? (
            <ul className="inline-list">
              {data.labels.map((label) => (
                <li key={label.id}>
                  {label.name || label.color} ({t("import.labelCards", { count: label.cards })})
                </li>
              ))}
            </ul>
          ) : null}
        </Choices>
        {data.members.length > 0 ? (
          <fieldset className="field">
            <legend>{t("import.members")}</legend>
            <p className="hint">{t("import.membersIntro")}</p>
            {data.members.map((member) => (
              <div className="field" key={member.id}>
                <label htmlFor={`person-${member.id}`}>{t("import.memberPerson", { name: member.name })}</label>
                <select id={`person-${member.id}`} name={`person.${member.id}`} defaultValue={member.personId ?? ""}>
                  <option value="">{t("import.nameOnly")}</option>
                  {data.people.map((person) => (
                    <option key={person.id} value={person.id}>
                      {person.name}
                    </option>
                  ))}
                </select>
                <p className="hint">{t("import.memberActivity", { cards: member.cards, actions: member.actions })}</p>
              </div>
            ))}
          </fieldset>
        ) : null}

        <section aria-labelledby="import-result">
          <h3 id="import-result">{t("import.result")}</h3>
          <ul>
            <li>{t("import.resultColumns", { names: data.result.columns.join(", ") })}</li>
            <li>{t("import.resultFocusAreas", { names: data.result.focusAreas.join(", ") })}</li>
            <li>{t("import.resultAssignments", { count: data.result.assignments, archived: data.result.archived })}</li>
          </ul>
        </section>
        {data.importedBefore.length > 0 ? (
          <div className="notice-inline">
            <p>{t("import.alreadyImported", { titles: data.importedBefore.join(", ") })}</p>
            <label className="choice">
              <input type="checkbox" name="importAgain" value="yes" /> {t("import.importAgain")}
            </label>
          </div>
        ) : null}
        {importing ? <ImportProgress url={progressUrl} /> : null}
        <div className="button-row">
          <button type="submit" name="intent" value="preview" disabled={busy}>
            {t("import.refresh")}
          </button>
          <button type="submit" name="intent" value="import" className="primary" disabled={busy}>
            {t("import.confirm")}
          </button>
        </div>
      </Form>
    </>
  );
}
