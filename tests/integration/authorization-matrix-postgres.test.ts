import { describeAuthorization } from "./support/authorization-matrix";

describeAuthorization("postgres");
