import { Form, Link } from "@remix-run/react";
import { ErrorList } from "~/components/form";
import { FilterSelect } from "~/components/filter-select";
import { useTranslation } from "~/components/i18n";
import { formatInstant } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { useDescribeEvent, type DescribedEvent } from "./event-description";

interface ActivityEvent extends DescribedEvent {
  id: number | string;
  occurredAt: string;
  assignmentId: string;
  title: string;
  planId: string;
  planTitle: string;
  focusAreaName: string;
  groupName: string | null;
}

interface Options {
  plans: Array<{ id: string; title: string }>;
  focusAreas: Array<{ id: string; name: string; planTitle: string }>;
  groups: Array<{ id: string; name: string }>;
  people: Array<{ id: string; name: string }>;
}

interface ActivityViewProps {
  title: string;
  path: string;
  events: ActivityEvent[];
  next: { occurredAt: string; id: number } | null;
  filters: Record<string, string | undefined>;
  /** Why the filters did not pass, per field ("" for none in particular). */
  errors: Record<string, string[]> | null;
  options: Options;
  /** A plan's own feed has no plan filter. */
  planFixed: boolean;
  locale: Locale;
}

export function ActivityView({ title, path, events, next, filters, errors, options, planFixed, locale }: ActivityViewProps) {
  const { t } = useTranslation();
  const describe = useDescribeEvent();
  const nextQuery = next
    ? new URLSearchParams({ ...(Object.fromEntries(Object.entries(filters).filter(([, v]) => v)) as Record<string, string>), after: `${next.occurredAt}|${next.id}` })
    : null;
  const invalid = (name: string) => (errors?.[name]?.length ? { "aria-invalid": true, "aria-describedby": `activity-${name}-error` } : {});
  const fieldErrors = (name: string) => <ErrorList id={`activity-${name}-error`} errors={errors?.[name]} />;
  const select = (name: string, label: string, items: Array<{ id: string; label: string }>) => (
    <FilterSelect
      id={`activity-${name}`}
      name={name}
      label={label}
      anyLabel={t("activity.all")}
      value={filters[name]}
      choices={items.map((item) => ({ value: item.id, label: item.label }))}
      errorId={errors?.[name]?.length ? `activity-${name}-error` : undefined}
    >
      {fieldErrors(name)}
    </FilterSelect>
  );
  return (
    <div className="page">
      <h1>{title}</h1>
      <Form method="get" action={path} className="filter-form" aria-label={t("activity.filters")}>
        <ErrorList errors={[...(errors?.[""] ?? []), ...(errors?.after ?? [])]} />
        {planFixed ? null : select("planId", t("activity.plan"), options.plans.map((plan) => ({ id: plan.id, label: plan.title })))}
        {select(
          "focusAreaId",
          t("assignment.focusArea"),
          options.focusAreas.map((area) => ({ id: area.id, label: planFixed ? area.name : `${area.planTitle}: ${area.name}` })),
        )}
        {select("groupId", t("assignment.group"), options.groups.map((group) => ({ id: group.id, label: group.name })))}
        {select("personId", t("activity.person"), options.people.map((person) => ({ id: person.id, label: person.name })))}
        <div className="field">
          <label htmlFor="activity-from">{t("activity.from")}</label>
          <input id="activity-from" type="date" name="from" defaultValue={filters.from ?? ""} {...invalid("from")} />
          {fieldErrors("from")}
        </div>
        <div className="field">
          <label htmlFor="activity-to">{t("activity.to")}</label>
          <input id="activity-to" type="date" name="to" defaultValue={filters.to ?? ""} {...invalid("to")} />
          {fieldErrors("to")}
        </div>
        <button type="submit">{t("activity.apply")}</button>
      </Form>
      {events.length === 0 ? <p>{t("activity.empty")}</p> : null}
      <ol className="activity-list">
        {events.map((event) => (
          <li key={event.id}>
            <time dateTime={new Date(event.occurredAt).toISOString()}>{formatInstant(event.occurredAt, locale)}</time>
            <p>
              <Link to={`/plans/${event.planId}/assignments/${event.assignmentId}`}>{event.title}</Link>
              <span className="muted">
                {" "}
                · {planFixed ? event.focusAreaName : `${event.planTitle}: ${event.focusAreaName}`}
                {event.groupName ? ` · ${event.groupName}` : ""}
              </span>
            </p>
            <p className="activity-text">{describe(event)}</p>
          </li>
        ))}
      </ol>
      {nextQuery ? (
        <p>
          <Link to={`${path}?${nextQuery}`}>{t("activity.older")}</Link>
        </p>
      ) : null}
    </div>
  );
}
