import type { z } from "zod";

/** What a form or query field takes, as far as a request generator needs to know. */
export interface FieldShape {
  kinds: Set<"id" | "date" | "number" | "text" | "boolean">;
  /** Enum and literal values. */
  values: Set<string>;
  array: boolean;
}

/** Field names and shapes per `intent` literal (`""` for schemas without one). */
export type FieldsByIntent = Map<string, Map<string, FieldShape>>;

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as z.ZodType)._zod.def as unknown as Def;

function describe(schema: unknown, shape: FieldShape) {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
    case "nonoptional":
      return describe(def.innerType, shape);
    case "pipe":
      describe(def.in, shape);
      return describe(def.out, shape);
    case "array":
      shape.array = true;
      return describe(def.element, shape);
    case "union":
      for (const option of def.options as unknown[]) describe(option, shape);
      return;
    case "string": {
      const format = def.format as string | undefined;
      shape.kinds.add(format === "uuid" || format === "guid" ? "id" : format === "date" ? "date" : "text");
      return;
    }
    case "number":
    case "bigint":
      shape.kinds.add("number");
      return;
    case "boolean":
      shape.kinds.add("boolean");
      return;
    case "enum":
      for (const value of Object.values(def.entries as Record<string, string>)) shape.values.add(String(value));
      return;
    case "literal":
      for (const value of def.values as unknown[]) shape.values.add(String(value));
      return;
    default:
      shape.kinds.add("text");
  }
}

function collectObjects(schema: unknown, found: Def[]) {
  const def = defOf(schema);
  if (def.type === "object") found.push(def);
  else if (def.type === "union") for (const option of def.options as unknown[]) collectObjects(option, found);
  else if (def.type === "pipe") collectObjects(def.in, found);
  else if ("innerType" in def) collectObjects(def.innerType, found);
}

const isZod = (value: unknown): boolean =>
  typeof value === "object" && value !== null && "_zod" in value && typeof (value as { _zod: unknown })._zod === "object";

/**
 * Every field of every zod object schema among the modules' exports, keyed by its `intent`
 * literal: so a new schema (or a new field) is generated for without anyone listing it.
 */
export function fieldsOfSchemas(modules: Record<string, unknown>[]): FieldsByIntent {
  const byIntent: FieldsByIntent = new Map();
  for (const module of modules) {
    for (const exported of Object.values(module)) {
      if (!isZod(exported)) continue;
      const objects: Def[] = [];
      collectObjects(exported, objects);
      for (const object of objects) {
        const entries = Object.entries(object.shape as Record<string, unknown>);
        const intentSchema = entries.find(([key]) => key === "intent")?.[1];
        const intentShape: FieldShape = { kinds: new Set(), values: new Set(), array: false };
        if (intentSchema) describe(intentSchema, intentShape);
        for (const intent of intentSchema ? intentShape.values : [""]) {
          const fields = byIntent.get(intent) ?? new Map<string, FieldShape>();
          byIntent.set(intent, fields);
          for (const [key, fieldSchema] of entries) {
            if (key === "intent") continue;
            const shape = fields.get(key) ?? { kinds: new Set(), values: new Set(), array: false };
            describe(fieldSchema, shape);
            fields.set(key, shape);
          }
        }
      }
    }
  }
  return byIntent;
}
