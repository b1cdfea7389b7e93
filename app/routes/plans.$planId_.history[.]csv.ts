import type { LoaderFunctionArgs } from "@remix-run/node";
import { historyRows } from "~/models/export.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { describeChanges, describeKind } from "~/components/event-description";
import { csvResponse, csvTime, fileSlug, readCsvDelimiter, toCsv } from "~/utils/csv.server";
import { serverI18n } from "~/utils/i18n.server";
import { resolveLocale } from "~/utils/locale.server";
import { requireReadablePlan } from "~/utils/plan-access.server";

/** Every history event of the plan, oldest first, as CSV: kinds and changes in words, never JSON. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  await requireExportAllowance(args.context.db, actor.id);
  const delimiter = readCsvDelimiter(args.request);
  const [rows, locale] = await Promise.all([historyRows(args.context.db, plan.id), resolveLocale(args.request)]);
  const { t } = serverI18n(locale);
  const csv = toCsv(
    rows,
    [
      { header: t("exports.occurredAt"), value: (row) => csvTime(row.occurredAt) },
      { header: t("exports.assignmentId"), value: (row) => row.assignmentId },
      { header: t("assignment.title"), value: (row) => row.title },
      { header: t("exports.event"), value: (row) => describeKind(t, row.kind) },
      { header: t("exports.actor"), value: (row) => row.actor },
      { header: t("exports.fromColumn"), value: (row) => row.fromColumn },
      { header: t("exports.toColumn"), value: (row) => row.toColumn },
      { header: t("exports.fromFocusArea"), value: (row) => row.fromFocusArea },
      { header: t("exports.toFocusArea"), value: (row) => row.toFocusArea },
      { header: t("exports.changes"), value: (row) => describeChanges(t, row.changes) },
    ],
    delimiter,
  );
  return csvResponse(csv, `${fileSlug(plan.title)}-historik.csv`);
}
