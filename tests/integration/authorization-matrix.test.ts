// The matrix on PostgreSQL has a file of its own (authorization-matrix-postgres.test.ts): files run in parallel.
import { describeAuthorization, describeMatrixCompleteness } from "./support/authorization-matrix";

describeMatrixCompleteness();
describeAuthorization("pglite");
