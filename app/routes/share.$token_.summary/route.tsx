import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { SummaryView } from "~/components/summary-view";
import { summaryRows } from "~/models/flow.server";
import { resolveLocale } from "~/utils/locale.server";
import { monthOf } from "~/utils/month";
import { requireShareLink } from "~/utils/share-access.server";
import { readSummaryQuery } from "~/utils/summary-request.server";

export const meta: MetaFunction = ({ params }) => [
  { title: "Planboard" },
  { name: "robots", content: "noindex" },
  { name: "referrer", content: "no-referrer" },
  // Lets a feed reader given this page find the link's own feed.
  { tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/share/${params.token}/feed.atom` },
];

export async function loader(args: LoaderFunctionArgs) {
  const link = await requireShareLink(args);
  const { month, stalledWeeks } = readSummaryQuery(args.request);
  const [items, locale] = await Promise.all([
    summaryRows(args.context.db, { organisationId: link.organisationId, planId: link.planId }, { first: month, last: month }, stalledWeeks),
    resolveLocale(args.request),
  ]);
  return { planTitle: link.planTitle, month, currentMonth: monthOf(new Date()), stalledWeeks, items, locale, token: args.params.token! };
}

export default function SharedSummary() {
  const { planTitle, month, currentMonth, stalledWeeks, items, locale, token } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <>
      <p className="breadcrumb page-inset no-print">
        <Link to={`/share/${token}`}>{planTitle}</Link>
      </p>
      <SummaryView
        scopeTitle={planTitle}
        month={month}
        currentMonth={currentMonth}
        stalledWeeks={stalledWeeks}
        items={items}
        locale={locale}
        path={`/share/${token}/summary`}
        showPlans={false}
        linkItems={false}
      />
      <p className="page-inset no-print">
        <a href={`/share/${token}/feed.atom`}>{t("summary.feedLink")}</a>
      </p>
      <p className="page-inset muted">{t("share.viewingShared")}</p>
    </>
  );
}
