import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import { adoptPlan, loadAdoptionChoices, setOffers } from "../../app/models/adoption.server";
import { loadCentralMatrix } from "../../app/models/central-view.server";
import { selectActors, toActor } from "../../app/models/person.server";
import { addUnit } from "../../app/models/unit.server";
import type { BenchDatabase } from "./databases";
import { timing, type Timing } from "./floors";
import type { BenchPlan } from "./plan";

export interface CentralFigures {
  units: number;
  focusAreas: number;
  adoptedCards: number;
  statements: number;
  latency: Timing;
  /** The same statements with their parameters, straight through the driver. */
  sqlFloor: Timing;
}

/**
 * The central view at a city's size: the central plan of `central` adopted in `units` districts,
 * each taking every focus area and assignment through `adoptPlan`, cards then spread at random
 * over the columns; `loadCentralMatrix` timed in-process against the replay of its own statements.
 */
export async function measureCentralView(bench: BenchDatabase, central: BenchPlan, units: number, runs: number): Promise<CentralFigures> {
  const { db } = bench;
  const actor = toActor(await selectActors(db).where("p.id", "=", central.viewer.id).executeTakeFirstOrThrow());
  const city = await addUnit(db, central.organisationId, { name: "Staden", kind: "administration", parentId: null });
  const districts = [];
  for (let index = 0; index < units; index++) {
    districts.push(await addUnit(db, central.organisationId, { name: `Stadsdel ${index + 1}`, kind: "district", parentId: city.id }));
  }
  await setOffers(db, actor, central.planId, districts.map((district) => district.id));
  const choices = await loadAdoptionChoices(db, central.planId);
  const everything = {
    focusAreaIds: choices.map((area) => area.id),
    assignmentIds: choices.flatMap((area) => area.assignments.map((card) => card.id)),
  };
  for (const district of districts) {
    await adoptPlan(db, actor, central.planId, district.id, { title: district.name, ...everything });
  }
  await sql`
    update assignments a set column_id = (
      select c.id from board_columns c where c.plan_id = a.plan_id order by c.position offset floor(random() * 4)::int limit 1
    )
    where a.plan_id in (select id from action_plans where central_plan_id = ${central.planId})
  `.execute(db);

  for (let run = 0; run < 3; run++) await loadCentralMatrix(db, central.planId);
  bench.statements.length = 0;
  const matrix = await loadCentralMatrix(db, central.planId);
  const statements = [...bench.statements];
  const adoptedCards = matrix!.rows.reduce((sum, row) => sum + row.cells.reduce((inner, cell) => inner + cell.total, 0), 0);

  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await loadCentralMatrix(db, central.planId);
    samples.push(performance.now() - start);
  }
  const floor: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (const statement of statements) await bench.raw(statement.sql, statement.parameters);
    floor.push(performance.now() - start);
  }
  return { units, focusAreas: choices.length, adoptedCards, statements: statements.length, latency: timing(samples), sqlFloor: timing(floor) };
}
