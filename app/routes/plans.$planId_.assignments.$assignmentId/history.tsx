import { useTranslation } from "~/components/i18n";
import { useDescribeEvent, type DescribedEvent } from "~/components/event-description";
import { formatInstant } from "~/utils/format";
import { intlLocale, type Locale } from "~/utils/i18n";

export interface HistoryEvent extends DescribedEvent {
  id: number;
  occurredAt: string;
}

/** Every event of the assignment, oldest first: who did what, and when. */
export function History({ events, locale }: { events: HistoryEvent[]; locale: Locale }) {
  const { t } = useTranslation();
  const describe = useDescribeEvent();
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">{t("history.title")}</h2>
      <ol className="timeline">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={new Date(event.occurredAt).toISOString()}>{formatInstant(event.occurredAt, locale)}</time>
            <span>{describe(event)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

interface ColumnTime {
  columnId: string | null;
  columnName: string;
  calendarDays: number;
  workingDays: number;
}

/** How long the assignment has spent in each column, as a table a screen reader can walk. */
export function TimeInColumns({ times, locale }: { times: ColumnTime[]; locale: Locale }) {
  const { t } = useTranslation();
  const days = new Intl.NumberFormat(intlLocale[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return (
    <section aria-labelledby="time-in-columns-title">
      <h2 id="time-in-columns-title">{t("timeline.title")}</h2>
      <table
        className="data-table"
        // It scrolls sideways on a phone (styles.css); with no link in it, it takes focus so the keyboard can scroll it.
        tabIndex={0}
      >
        <caption className="visually-hidden">{t("timeline.caption")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("assignment.column")}</th>
            <th scope="col" className="numeric">{t("timeline.calendarDays")}</th>
            <th scope="col" className="numeric">{t("timeline.workingDays")}</th>
          </tr>
        </thead>
        <tbody>
          {times.map((time) => (
            <tr key={time.columnId ?? time.columnName}>
              <th scope="row">{time.columnName}</th>
              <td className="numeric">{days.format(time.calendarDays)}</td>
              <td className="numeric">{days.format(time.workingDays)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
