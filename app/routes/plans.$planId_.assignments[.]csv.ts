import type { LoaderFunctionArgs } from "@remix-run/node";
import { assignmentRows } from "~/models/export.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { csvResponse, csvTime, fileSlug, readCsvDelimiter, toCsv } from "~/utils/csv.server";
import { wholeDaysBetween } from "~/utils/format";
import { serverI18n } from "~/utils/i18n.server";
import { resolveLocale } from "~/utils/locale.server";
import { requireReadablePlan } from "~/utils/plan-access.server";

/** Every assignment of the plan, archived ones too, as CSV for Swedish Excel (`?delimiter=comma` for other tools). */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  await requireExportAllowance(args.context.db, actor.id);
  const delimiter = readCsvDelimiter(args.request);
  const [rows, locale] = await Promise.all([assignmentRows(args.context.db, plan.id), resolveLocale(args.request)]);
  const { t } = serverI18n(locale);
  const now = new Date();
  const csv = toCsv(
    rows,
    [
      { header: "id", value: (row) => row.id },
      { header: t("assignment.title"), value: (row) => row.title },
      { header: t("assignment.column"), value: (row) => row.column },
      { header: t("assignment.focusArea"), value: (row) => row.focusArea },
      { header: t("assignment.group"), value: (row) => row.workingGroup },
      { header: t("assignment.responsible"), value: (row) => row.responsible },
      { header: t("assignment.dueOn"), value: (row) => row.dueOn },
      { header: t("assignment.created"), value: (row) => csvTime(row.createdAt) },
      { header: t("exports.columnEnteredAt"), value: (row) => csvTime(row.columnEnteredAt) },
      { header: t("exports.daysInColumn"), value: (row) => wholeDaysBetween(row.columnEnteredAt, row.archivedAt ?? now) },
      { header: t("exports.archivedAt"), value: (row) => csvTime(row.archivedAt) },
      { header: t("assignment.description"), value: (row) => row.description },
    ],
    delimiter,
  );
  return csvResponse(csv, `${fileSlug(plan.title)}-uppdrag.csv`);
}
