export type RefusalStatus = 400 | 403 | 404 | 409;

/**
 * The base of each model's refusal (`BoardError`, `PlanError`, …): a code the person can act on
 * and the HTTP status a route answers it with, from the model's own table of codes.
 */
export function refusalOf<Code extends string>(statuses: Record<Code, RefusalStatus>) {
  return class Refusal extends Error {
    readonly status: RefusalStatus;
    constructor(readonly code: Code) {
      super(code);
      this.status = statuses[code];
    }
  };
}
