// The generated requests on PostgreSQL have a file of their own (input-fuzz-postgres.test.ts): files run in parallel.
import { describeInputFuzz } from "./support/input-fuzz";

describeInputFuzz("pglite");
