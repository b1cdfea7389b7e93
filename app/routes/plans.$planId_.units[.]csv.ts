import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadCentralMatrix } from "~/models/central-view.server";
import { requireExportAllowance } from "~/models/rate-limit.server";
import { csvResponse, fileSlug, readCsvDelimiter, toCsv } from "~/utils/csv.server";
import { serverI18n } from "~/utils/i18n.server";
import { resolveLocale } from "~/utils/locale.server";
import { requireReadablePlan } from "~/utils/plan-access.server";

/** The central view as CSV: one row per focus area and unit, cards per central column, "not adopted" where none. */
export async function loader(args: LoaderFunctionArgs) {
  const { actor, plan } = await requireReadablePlan(args);
  const delimiter = readCsvDelimiter(args.request);
  const matrix = await loadCentralMatrix(args.context.db, plan.id);
  if (!matrix || plan.archivedAt) throw new Response("Not found", { status: 404 });
  await requireExportAllowance(args.context.db, actor.id);
  const { t } = serverI18n(await resolveLocale(args.request));
  const rows = matrix.rows.flatMap((row) =>
    row.cells.map((cell, index) => ({ focusArea: row.name ?? t("central.ownFocusAreas"), unit: matrix.units[index]!.name, cell })),
  );
  const csv = toCsv(
    rows,
    [
      { header: t("central.focusArea"), value: (row) => row.focusArea },
      { header: t("central.unit"), value: (row) => row.unit },
      { header: t("central.adopted"), value: (row) => (row.cell.counts === null ? t("central.no") : t("central.yes")) },
      ...matrix.columns.map((column, index) => ({ header: column.name, value: (row: (typeof rows)[number]) => row.cell.counts?.[index] ?? "" })),
      { header: t("central.total"), value: (row) => (row.cell.counts === null ? "" : row.cell.total) },
    ],
    delimiter,
  );
  return csvResponse(csv, `${fileSlug(plan.title)}-enheter.csv`);
}
