import type { Resources } from "./sv";

const en: Resources = {
  app: {
    name: "Planboard",
    skipToContent: "Skip to content",
    mainNavigation: "Main menu",
    language: "Language",
    changeLanguage: "Change language",
    languages: { sv: "Svenska", en: "English" },
  },
  plans: {
    title: "Action plans",
    intro: "All action plans and how far the work has come.",
    empty: "There are no action plans yet.",
    progress: "Assignments per column",
    cardCount_one: "{{count}} assignment",
    cardCount_other: "{{count}} assignments",
    doneShare: "{{done}} of {{total}} done",
    period: "{{from}} – {{to}}",
    openBoard: "Open the board for {{title}}",
  },
  board: {
    title: "Board: {{title}}",
    backToPlans: "All action plans",
    columns: "Columns",
    cell: "{{column}}, {{focusArea}}",
    emptyCell: "No assignments",
    focusAreaCount_one: "{{count}} assignment",
    focusAreaCount_other: "{{count}} assignments",
    wipLimit: "Limit: {{limit}}",
    wipExceeded: "Over the limit",
    done: "Done column",
    notFound: "The action plan does not exist.",
  },
  card: {
    group: "Working group",
    noGroup: "No working group",
    responsible: "Responsible",
    daysInColumn_one: "{{count}} day in this column",
    daysInColumn_other: "{{count}} days in this column",
    due: "Due {{date}}",
  },
  errors: {
    notFoundTitle: "Page not found",
    notFound: "What you were looking for does not exist, or you may not see it.",
    genericTitle: "Something went wrong",
    generic: "An unexpected error occurred. Please try again shortly.",
  },
};

export default en;
