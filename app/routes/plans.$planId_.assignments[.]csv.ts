import type { LoaderFunctionArgs } from "@remix-run/node";
import { assignmentRows } from "~/models/export.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { csvResponse, fileSlug, readCsvDelimiter, toCsv } from "~/utils/csv.server";
import { serverI18n } from "~/utils/i18n.server";
import { resolveLocale } from "~/utils/locale.server";
import { requireReadablePlan } from "~/utils/plan-access.server";

const iso = (value: Date | string | null) => (value === null ? "" : new Date(value).toISOString());

/** Every assignment of the plan, archived ones too, as CSV (`?delimiter=semicolon` for Swedish Excel). */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  await requireExportAllowance(args.context.db, actor.id);
  const delimiter = readCsvDelimiter(args.request);
  const [rows, locale] = await Promise.all([assignmentRows(args.context.db, plan.id), resolveLocale(args.request)]);
  const { t } = serverI18n(locale);
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
      { header: t("assignment.created"), value: (row) => iso(row.createdAt) },
      { header: t("exports.columnEnteredAt"), value: (row) => iso(row.columnEnteredAt) },
      { header: t("exports.archivedAt"), value: (row) => iso(row.archivedAt) },
      { header: t("assignment.description"), value: (row) => row.description },
    ],
    delimiter,
  );
  return csvResponse(csv, `${fileSlug(plan.title)}-uppdrag.csv`);
}
