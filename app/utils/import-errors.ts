import type { TrelloReadError } from "~/models/trello-import.server";

/** A translation key and its values: what the page says about a file it could not read. */
export interface ImportErrorMessage {
  key: string;
  values?: Record<string, string | number>;
}

export function importErrorMessage(error: TrelloReadError): ImportErrorMessage {
  switch (error.code) {
    case "not-json":
      return error.line === null ? { key: "import.errors.notJsonNoPlace" } : { key: "import.errors.notJson", values: { line: error.line, column: error.column ?? 1 } };
    case "truncated":
      return { key: "import.errors.truncated" };
    case "other-shape":
      return { key: `import.errors.${error.shape}` };
    case "invalid":
      return { key: `import.errors.${error.problem}`, values: { path: error.path } };
  }
}
