import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SummaryView } from "~/components/summary-view";
import { summaryRows } from "~/models/flow.server";
import { indicatorsForOrganisation, latestChanges } from "~/models/indicator.server";
import { requireActor } from "~/utils/auth.server";
import { resolveLocale } from "~/utils/locale.server";
import { monthOf } from "~/utils/month";
import { readSummaryQuery } from "~/utils/summary-request.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

/** Every plan of the person's organisation in one summary. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const { month, stalledWeeks } = readSummaryQuery(args.request);
  const [items, series, locale] = await Promise.all([
    summaryRows(args.context.db, { organisationId: actor.organisationId }, { first: month, last: month }, stalledWeeks),
    indicatorsForOrganisation(args.context.db, actor.organisationId),
    resolveLocale(args.request),
  ]);
  const indicators = latestChanges(series, month);
  return { organisationName: actor.organisationName, month, currentMonth: monthOf(new Date()), stalledWeeks, items, indicators, locale };
}

export default function OrganisationSummary() {
  const { organisationName, month, currentMonth, stalledWeeks, items, indicators, locale } = useLoaderData<typeof loader>();
  return (
    <SummaryView
      scopeTitle={organisationName}
      month={month}
      currentMonth={currentMonth}
      stalledWeeks={stalledWeeks}
      items={items}
      locale={locale}
      path="/summary"
      showPlans
      linkItems
      indicators={indicators}
    />
  );
}
