import { z } from "zod";

/** The upload form: one file, checked for size by the server before it is read. */
export const importUploadSchema = z.object({
  intent: z.literal("upload"),
  file: z.instanceof(File, { error: "import.errors.noFile" }).refine((file) => file.size > 0, { error: "import.errors.noFile" }),
});

const trelloId = z.string().max(64);

/** How an uploaded board comes over: sent to refresh the preview, or to import. */
export const importMappingSchema = z.object({
  intent: z.enum(["preview", "import"]),
  closedLists: z.enum(["columns", "archive"]),
  focusAreas: z.enum(["labels", "single"]),
  done: z.array(trelloId).max(1000).default([]),
  // A member's person, or "" to keep the member as a name only (conform leaves "" as it is inside a record).
  person: z
    .record(trelloId, z.union([z.uuid({ error: "errors.choose" }), z.literal("")]).transform((personId) => personId || undefined))
    .default({}),
  importAgain: z.literal("yes").optional(),
});

export type ImportMappingForm = z.infer<typeof importMappingSchema>;
