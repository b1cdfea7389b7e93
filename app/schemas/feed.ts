import { z } from "zod";

/** A feed's query: `token` names a reader by their private feed token instead of a session. */
export const feedQuerySchema = z.object({ token: z.string().optional() });
