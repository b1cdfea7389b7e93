import { describeInputFuzz } from "./support/input-fuzz";

describeInputFuzz("postgres");
