import { performance } from "node:perf_hooks";
import sv from "../../app/locales/sv";
import { importWords, writeImportedPlan } from "../../app/models/plan-import.server";
import { defaultTrelloMapping, planTrelloImport, readTrelloExport } from "../../app/models/trello-import.server";
import type { Db } from "../../app/utils/db.server";
import { generateTrelloBoard } from "../../tests/support/trello-export";

export interface ImportFigures {
  cards: number;
  actions: number;
  fileBytes: number;
  /** JSON.parse alone of the same text: the floor of reading it. */
  parseFloorMs: number;
  readMs: number;
  planMs: number;
  writeMs: number;
  statements: number;
  /** Resident memory at its highest during the import, above what the process held before. */
  peakExtraBytes: number;
}

/** One import of a generated Trello board into `db`, in this process, timed by phase. */
export async function measureTrelloImport(
  db: Db,
  importer: { id: string; organisationId: string },
  statements: unknown[],
  options: { cards: number; moves: number },
): Promise<ImportFigures> {
  const text = JSON.stringify(generateTrelloBoard({ cards: options.cards, moves: options.moves, start: new Date("2025-09-01T08:00:00.000Z") }));
  const parseStart = performance.now();
  JSON.parse(text);
  const parseFloorMs = performance.now() - parseStart;

  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  try {
    const started = performance.now();
    const read = readTrelloExport(text);
    if (!read.ok) throw new Error(`the generated board was not read: ${JSON.stringify(read.error)}`);
    const readAt = performance.now();
    const preview = planTrelloImport(read.board, defaultTrelloMapping(read.board, []), importWords(sv), new Date());
    const plannedAt = performance.now();
    statements.length = 0;
    await writeImportedPlan(db, importer, preview.plan);
    const writtenAt = performance.now();
    peak = Math.max(peak, process.memoryUsage().rss);
    return {
      cards: options.cards,
      actions: read.board.actions.length,
      fileBytes: Buffer.byteLength(text),
      parseFloorMs,
      readMs: readAt - started,
      planMs: plannedAt - readAt,
      writeMs: writtenAt - plannedAt,
      statements: statements.length,
      peakExtraBytes: peak - before,
    };
  } finally {
    clearInterval(sampler);
  }
}
