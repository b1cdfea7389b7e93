const sv = {
  app: {
    name: "Planboard",
    skipToContent: "Hoppa till innehållet",
    mainNavigation: "Huvudmeny",
    language: "Språk",
    changeLanguage: "Byt språk",
    languages: { sv: "Svenska", en: "English" },
  },
  plans: {
    title: "Handlingsplaner",
    intro: "Alla handlingsplaner och hur långt arbetet har kommit.",
    empty: "Det finns inga handlingsplaner ännu.",
    progress: "Uppdrag per kolumn",
    cardCount_one: "{{count}} uppdrag",
    cardCount_other: "{{count}} uppdrag",
    doneShare: "{{done}} av {{total}} klara",
    period: "{{from}} – {{to}}",
    openBoard: "Öppna tavlan för {{title}}",
  },
  board: {
    title: "Tavla: {{title}}",
    backToPlans: "Alla handlingsplaner",
    columns: "Kolumner",
    cell: "{{column}}, {{focusArea}}",
    emptyCell: "Inga uppdrag",
    focusAreaCount_one: "{{count}} uppdrag",
    focusAreaCount_other: "{{count}} uppdrag",
    wipLimit: "Gräns: {{limit}}",
    wipExceeded: "Över gränsen",
    done: "Klar-kolumn",
    notFound: "Handlingsplanen finns inte.",
  },
  card: {
    group: "Arbetsgrupp",
    noGroup: "Ingen arbetsgrupp",
    responsible: "Ansvariga",
    daysInColumn_one: "{{count}} dag i kolumnen",
    daysInColumn_other: "{{count}} dagar i kolumnen",
    due: "Klart senast {{date}}",
  },
  errors: {
    notFoundTitle: "Sidan finns inte",
    notFound: "Det du letade efter finns inte, eller så saknar du behörighet att se det.",
    genericTitle: "Något gick fel",
    generic: "Ett oväntat fel inträffade. Försök igen om en stund.",
  },
};

export default sv;
export type Resources = typeof sv;
