import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { generateNKeysBetween } from "fractional-indexing";
import type { Insertable, Kysely } from "kysely";
import { openDatabase } from "../app/utils/db.server";
import { readEnv } from "../app/utils/env.server";
import { migrateToLatest } from "../app/utils/migrate.server";
import { DEMO_PASSWORD } from "../app/models/demo.server";
import { hashPassword } from "../app/utils/password.server";
import { adoptPlan, loadAdoptionChoices, setOffers } from "../app/models/adoption.server";
import { createAssignment, moveAssignment } from "../app/models/assignment.server";
import { selectActors, toActor } from "../app/models/person.server";
import { createIndicator, linkIndicator, recordValue } from "../app/models/indicator.server";
import { demoId } from "./demo-id";
import type { Database, EventChanges, EventField, PersonRole } from "./schema";
import { seedCityPlan } from "./seed-city-plan";

// Demo data for a fictitious municipality (see /work/shared/DOMAIN.md): five action plans of a
// labour-market administration, their working groups and six months of board history, plus a
// small second organisation so that scoping by organisation can be seen.
//
// Re-running is harmless: every row has an id derived from a stable key and every insert skips
// conflicts. History rows have database-generated ids, so they are written only for assignments
// inserted by this run. Randomness comes from a seeded PRNG, so every run builds the same data.

const DAY = 24 * 60 * 60 * 1000;

/** mulberry32, seeded from `key`: an independent, repeatable stream per part of the data. */
function prng(key: string): () => number {
  let state = createHash("sha1").update(`planboard-demo-seed:${key}`).digest().readUInt32LE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

function shuffled<T>(rand: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

function asciiFold(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// The story

type UnitKey = "forvaltning" | "bistand" | "jobbtorget" | "vuxenutbildning" | "mottagning" | "norr" | "soder";

const units: { key: UnitKey; name: string; kind: "administration" | "unit" | "district" }[] = [
  { key: "forvaltning", name: "Arbetsmarknadsförvaltningen", kind: "administration" },
  { key: "bistand", name: "Ekonomiskt bistånd", kind: "unit" },
  { key: "jobbtorget", name: "Jobbtorget", kind: "unit" },
  { key: "vuxenutbildning", name: "Vuxenutbildning", kind: "unit" },
  { key: "mottagning", name: "Mottagningsenheten", kind: "unit" },
  { key: "norr", name: "Stadsdel Norr", kind: "district" },
  { key: "soder", name: "Stadsdel Söder", kind: "district" },
];

/** Where staff work, in the proportions of a real administration (financial assistance is the largest). */
const staffUnits: UnitKey[] = ["bistand", "jobbtorget", "vuxenutbildning", "bistand", "mottagning", "norr", "soder"];

const competenceNames = [
  "Arbetsrätt",
  "Motiverande samtal",
  "Processledning",
  "Digitalisering",
  "Ekonomi",
  "Handledning",
  "Juridik",
  "Statistik och analys",
  "Brukarinflytande",
  "Arbetsmiljö",
];

interface PersonSpec {
  email: string;
  name: string;
  role: PersonRole;
  isAdmin?: boolean;
  unit: UnitKey;
}

const strategicDevelopers: PersonSpec[] = [
  { email: "strateg@exempelby.test", name: "Sara Strand", role: "strategic_developer", isAdmin: true, unit: "forvaltning" },
  { email: "johan.ekberg@exempelby.test", name: "Johan Ekberg", role: "strategic_developer", unit: "forvaltning" },
  { email: "maria.lindholm@exempelby.test", name: "Maria Lindholm", role: "strategic_developer", unit: "forvaltning" },
  { email: "amir.haddad@exempelby.test", name: "Amir Haddad", role: "strategic_developer", unit: "forvaltning" },
];
const groupMemberAccount: PersonSpec = { email: "grupp@exempelby.test", name: "Greta Granlund", role: "staff", unit: "jobbtorget" };
const followerAccount: PersonSpec = { email: "personal@exempelby.test", name: "Oskar Palm", role: "staff", unit: "bistand" };
/** A district's own strategic developer: adopts the central plan there and answers its changes. */
const districtAccount: PersonSpec = { email: "norr@exempelby.test", name: "Lina Lund", role: "strategic_developer", unit: "norr" };

const firstNames = [
  "Anna", "Erik", "Karin", "Lars", "Eva", "Anders", "Kristina", "Per", "Lena", "Mikael",
  "Sofia", "Fredrik", "Emma", "Magnus", "Ingrid", "Henrik", "Elin", "Jonas", "Malin", "Mattias",
  "Fatima", "Daniel", "Helena", "Niklas", "Linnea", "Andreas", "Camilla", "Mohammed", "Hanna", "Peter",
  "Jenny", "Björn", "Åsa", "Stefan", "Ida", "Tobias", "Märta", "Göran", "Leyla",
];
const lastNames = [
  "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
  "Gustafsson", "Pettersson", "Jonsson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson",
  "Magnusson", "Olofsson", "Lindström", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström",
  "Lundberg", "Ali", "Lundgren", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Forsberg", "Sjöberg",
  "Wallin", "Engström", "Eklund", "Håkansson", "Åberg", "Yilmaz", "Sundberg",
];

/** 39 staff with fictitious first/last-name combinations, spread over the units. */
function generatedStaff(): PersonSpec[] {
  return firstNames.map((first, i) => {
    const last = lastNames[(i * 7 + 3) % lastNames.length]!;
    return {
      email: `${asciiFold(first)}.${asciiFold(last)}@exempelby.test`,
      name: `${first} ${last}`,
      role: "staff",
      unit: staffUnits[i % staffUnits.length]!,
    };
  });
}

type GroupKey = "utveckling" | "multiteam" | "huvudhandlaggare" | "ingang";

interface GroupSpec {
  key: GroupKey;
  name: string;
  purpose: string;
  recruitment: "invited" | "open_application";
  createdDaysAgo: number;
  startsDaysAgo: number;
  /** Negative: in the future. */
  endsDaysAgo: number;
  ended: boolean;
  size: number;
}

const groups: GroupSpec[] = [
  {
    key: "utveckling",
    name: "Utvecklingsgruppen",
    purpose:
      "Driver förvaltningens utvecklingsarbete tvärs över enheterna. Medlemmarna är valda för största möjliga bredd i kompetens, erfarenhet och vilken del av organisationen de arbetar eller har arbetat i.",
    recruitment: "open_application",
    createdDaysAgo: 215,
    startsDaysAgo: 180,
    endsDaysAgo: -150,
    ended: false,
    size: 8,
  },
  {
    key: "multiteam",
    name: "Multiteamgruppen",
    purpose:
      "Ett multiteam med handläggare från ekonomiskt bistånd, Jobbtorget och vuxenutbildningen som prövar gemensam planering och överlämning runt invånaren.",
    recruitment: "invited",
    createdDaysAgo: 200,
    startsDaysAgo: 195,
    endsDaysAgo: -120,
    ended: false,
    size: 5,
  },
  {
    key: "huvudhandlaggare",
    name: "Val av huvudhandläggare",
    purpose:
      "Tar fram kriterier och rollbeskrivning för huvudhandläggare och lämnar förslag till strategiska ledningsgruppen. Inbjudna för sin erfarenhet av ärendefördelning.",
    recruitment: "invited",
    createdDaysAgo: 205,
    startsDaysAgo: 200,
    endsDaysAgo: 30,
    ended: true,
    size: 5,
  },
  {
    key: "ingang",
    name: "Gemensam ingång",
    purpose:
      "Utformar en gemensam ingång för invånare som söker stöd, från första kontakt i mottagningen till rätt enhet, med fokus på bemötande och arbetsmiljö.",
    recruitment: "invited",
    createdDaysAgo: 150,
    startsDaysAgo: 145,
    endsDaysAgo: -200,
    ended: false,
    size: 5,
  },
];

const applicationPrompt =
  "Berätta kort varför du vill vara med i Utvecklingsgruppen, vilka kompetenser och erfarenheter du tar med dig och vilka delar av förvaltningen du arbetar eller har arbetat i.";
const applicationsCloseDaysAgo = 190;
const selectionDaysAgo = 186;

const motivationOpenings = [
  (years: number, unit: string) => `Jag har arbetat ${years} år i kommunen, de senaste på ${unit}, och vill vara med och forma hur vi arbetar framåt.`,
  (_years: number, unit: string) => `Jag vill bidra med mina erfarenheter från ${unit}, där vi redan har prövat en del nya arbetssätt.`,
  (years: number) => `Efter ${years} år som handläggare ser jag många saker vi kan göra enklare för både invånare och kollegor.`,
  (_years: number, unit: string) => `På ${unit} märker vi varje dag hur mycket som faller mellan stolarna mellan enheterna, och det vill jag ändra på.`,
];
const motivationMiddles = [
  "Jag är särskilt intresserad av hur vi kan samverka bättre mellan enheterna.",
  "Jag har hållit i flera arbetsplatsträffar och tycker om att hålla ihop ett förändringsarbete.",
  "Jag brinner för brukarinflytande och vill att invånarens röst ska synas i våra planer.",
  "Jag har gått en utbildning i processledning och vill använda den i praktiken.",
  "Arbetsmiljön ligger mig varmt om hjärtat, inte minst frågan om arbetsbelastning.",
  "Jag har arbetat med statistik och uppföljning och kan bidra till att vi mäter rätt saker.",
  "Jag har varit mentor för flera nyanställda och vet hur mycket en bra introduktion betyder.",
];
const motivationClosings = [
  "Jag kan avsätta tid varannan vecka och har stöd från min chef.",
  "Min chef är positiv till att jag deltar.",
  "Jag ser fram emot att arbeta med kollegor från andra delar av organisationen.",
  "",
];

interface Edit {
  /** Named as the app names it in an event's `changes`. */
  field: Extract<EventField, "dueOn" | "title" | "description">;
  /** For dueOn: days from now, or null. */
  from: string | number | null;
  to: string | number | null;
}

interface AssignmentSpec {
  key: string;
  title: string;
  description: string;
  focus: string;
  /** The focus area the card was created in, when it has since been moved across swimlanes. */
  startFocus?: string;
  /** Column indexes visited, starting in the first column; one step at a time. */
  path: number[];
  group?: GroupKey;
  responsibles?: string[];
  createdDaysAgo: number;
  /** When the last event after `created` happened. */
  lastDaysAgo?: number;
  /** Days from now (negative: in the past). */
  dueIn?: number;
  edits?: Edit[];
  archived?: boolean;
}

interface PlanSpec {
  key: string;
  organisation: "exempelby" | "annanstad";
  unit: UnitKey | "annanstad";
  title: string;
  description: string;
  createdBy: string;
  createdDaysAgo: number;
  startsDaysAgo: number;
  endsInDays: number;
  columns: { name: string; isDone?: boolean; wipLimit?: number }[];
  focusAreas: { name: string; description: string }[];
  assignments: AssignmentSpec[];
}

const standardColumns = (wipLimit?: number) => [
  { name: "Planerad" },
  { name: "Pågår", wipLimit },
  { name: "Uppföljning" },
  { name: "Klart", isDone: true },
];

const focusAreaDescriptions: Record<string, string> = {
  Samverkan: "Hur enheterna och våra externa parter arbetar tillsammans runt invånaren.",
  Arbetsfördelning: "Hur ärenden och uppgifter fördelas så att arbetsbelastningen blir rimlig.",
  Arbetsorganisation: "Roller, flöden och ansvar i den nya organisationen.",
  Brukarmedverkan: "Invånarens erfarenheter och synpunkter tas till vara i utvecklingen av verksamheten.",
  "Introduktion och mentorskap": "Nyanställda får en strukturerad introduktion och en mentor bland kollegorna.",
  Arbetssituation: "Stress, arbetsbelastning och trivsel i vardagen.",
  Kompetensutveckling: "Utbildning och handledning som behövs för de nya arbetssätten.",
  "Hot och våld": "Rutiner, utbildning och lokaler som minskar risken för hot och våld.",
  "Administrativt stöd till chefer": "Stöd som frigör chefernas tid till ledarskap och verksamhet.",
};

function focusAreas(...names: string[]) {
  return names.map((name) => ({ name, description: focusAreaDescriptions[name] ?? "" }));
}

const plans: PlanSpec[] = [
  {
    key: "processorganisation",
    organisation: "exempelby",
    unit: "forvaltning",
    title: "Bli en processorganisation",
    description:
      "Förvaltningen ska gå från en organisation som utgår från enheternas gränser till en som utgår från invånarens väg genom våra processer. Planen samlar de uppdrag som behövs för att arbetet ska flyta mellan enheterna, med tydliga processägare och gemensamma rutiner.",
    createdBy: "strateg@exempelby.test",
    createdDaysAgo: 232,
    startsDaysAgo: 225,
    endsInDays: 330,
    columns: standardColumns(5),
    focusAreas: focusAreas("Samverkan", "Arbetsfördelning", "Arbetsorganisation"),
    assignments: [
      {
        key: "kartlagga-invanarens-vag",
        title: "Kartlägga invånarens väg från första kontakt till egen försörjning",
        description:
          "Processkartläggning i workshoppar med medarbetare från alla enheter. Resultatet blir underlag för de nya arbetsflödena och för vilka processer som behöver en ägare.",
        focus: "Arbetsorganisation",
        path: [0, 1, 2, 3],
        group: "utveckling",
        createdDaysAgo: 176,
        lastDaysAgo: 120,
        dueIn: -115,
      },
      {
        key: "overlamningsrutiner",
        title: "Gemensamma rutiner för överlämning mellan enheterna",
        description:
          "När en invånare går från ekonomiskt bistånd till Jobbtorget ska ingen behöva berätta sin historia igen. Multiteamet prövar en gemensam checklista och ett trepartssamtal vid överlämning.",
        focus: "Samverkan",
        path: [0, 1, 2, 1, 2],
        group: "multiteam",
        responsibles: ["grupp@exempelby.test"],
        createdDaysAgo: 160,
        lastDaysAgo: 12,
      },
      {
        key: "goteborgsmodellen",
        title: "Mäta arbetsbelastningen enligt Göteborgsmodellen",
        description:
          "Alla handläggare registrerar ärenden och tidsåtgång under fyra veckor enligt Göteborgsmodellen. Mätningen visade att enheten behöver gå från 10 till 13 tjänster, vilket ledningen har beslutat om.",
        focus: "Arbetsfördelning",
        path: [0, 1, 2, 3],
        group: "utveckling",
        createdDaysAgo: 170,
        lastDaysAgo: 62,
        edits: [
          {
            field: "description",
            from: "Alla handläggare registrerar ärenden och tidsåtgång under fyra veckor enligt Göteborgsmodellen.",
            to: "Alla handläggare registrerar ärenden och tidsåtgång under fyra veckor enligt Göteborgsmodellen. Mätningen visade att enheten behöver gå från 10 till 13 tjänster, vilket ledningen har beslutat om.",
          },
        ],
      },
      {
        key: "veckovis-arendefordelning",
        title: "Veckovis genomgång av ärendefördelningen",
        description:
          "En kort stående genomgång varje måndag där teamet ser över nya ärenden och fördelar dem efter arbetsbelastning i stället för efter tur.",
        focus: "Arbetsfördelning",
        startFocus: "Arbetsorganisation",
        path: [0, 1],
        group: "multiteam",
        responsibles: ["grupp@exempelby.test"],
        createdDaysAgo: 95,
        lastDaysAgo: 20,
        dueIn: 45,
        edits: [{ field: "dueOn", from: null, to: 45 }],
      },
      {
        key: "processagare",
        title: "Utse processägare för varje huvudprocess",
        description:
          "Varje huvudprocess ska ha en utsedd ägare med mandat att ändra rutiner över enhetsgränserna. Väntar på beslut i förvaltningens ledningsgrupp.",
        focus: "Arbetsorganisation",
        path: [0, 1],
        group: "utveckling",
        createdDaysAgo: 130,
        lastDaysAgo: 41,
      },
      {
        key: "samverkansdag",
        title: "Samverkansdag med Arbetsförmedlingen och Försäkringskassan",
        description:
          "En gemensam dag för handläggare från alla tre myndigheter om hur vi tillsammans planerar för invånare som har kontakt med flera av oss.",
        focus: "Samverkan",
        path: [0],
        group: "multiteam",
        createdDaysAgo: 25,
        dueIn: 60,
      },
      {
        key: "processindikatorer",
        title: "Processindikatorer till förvaltningens ledningsgrupp",
        description:
          "Ta fram ett fåtal indikatorer per process, till exempel ledtid från ansökan till beslut, som ledningsgruppen följer varje månad.",
        focus: "Arbetsorganisation",
        path: [0],
        createdDaysAgo: 8,
      },
    ],
  },
  {
    key: "medskapare",
    organisation: "exempelby",
    unit: "forvaltning",
    title: "Invånaren som medskapare",
    description:
      "Invånarna ska vara med och utforma de tjänster de använder. Planen samlar uppdrag om brukarråd, återkoppling och gemensam planering där invånarens egna mål styr.",
    createdBy: "maria.lindholm@exempelby.test",
    createdDaysAgo: 214,
    startsDaysAgo: 207,
    endsInDays: 240,
    columns: standardColumns(),
    focusAreas: focusAreas("Brukarmedverkan", "Samverkan"),
    assignments: [
      {
        key: "brukarrad",
        title: "Brukarråd med deltagare från Jobbtorget",
        description:
          "Ett brukarråd som träffas en gång i månaden och ger synpunkter på våra rutiner, blanketter och lokaler. Deltagarna får ersättning för sin tid.",
        focus: "Brukarmedverkan",
        path: [0, 1],
        group: "utveckling",
        createdDaysAgo: 150,
        lastDaysAgo: 16,
      },
      {
        key: "enkat-bemotande",
        title: "Enkät om bemötande i mottagningen",
        description:
          "En kort enkät till alla som besöker mottagningen under två veckor. Resultatet redovisas på arbetsplatsträffen.",
        focus: "Brukarmedverkan",
        path: [0, 1, 2],
        group: "ingang",
        createdDaysAgo: 140,
        lastDaysAgo: 9,
        dueIn: 14,
      },
      {
        key: "klarsprak",
        title: "Klarspråk i beslut och brev",
        description:
          "Gå igenom de tio vanligaste breven och besluten tillsammans med brukarrådet och skriv om dem så att de går att förstå vid första läsningen.",
        focus: "Brukarmedverkan",
        path: [0, 1, 2, 3],
        group: "utveckling",
        createdDaysAgo: 165,
        lastDaysAgo: 84,
        edits: [{ field: "title", from: "Enklare språk i våra brev", to: "Klarspråk i beslut och brev" }],
      },
      {
        key: "gemensam-planering",
        title: "Gemensam planering tillsammans med invånaren",
        description:
          "Invånaren och alla inblandade handläggare gör en gemensam plan vid ett och samma möte, utifrån invånarens egna mål.",
        focus: "Samverkan",
        path: [0, 1],
        group: "multiteam",
        responsibles: ["grupp@exempelby.test"],
        createdDaysAgo: 100,
        lastDaysAgo: 27,
      },
      {
        key: "aterkoppling",
        title: "Återkoppling till invånarna om vad synpunkterna ledde till",
        description: "En gång per kvartal berättar vi på webben och i väntrummet vad invånarnas synpunkter har lett till.",
        focus: "Brukarmedverkan",
        path: [0],
        createdDaysAgo: 14,
      },
      {
        key: "civilsamhallet",
        title: "Samverkan med civilsamhället om praktikplatser",
        description:
          "Kartlägga föreningar och idéburna organisationer som kan erbjuda praktik och bjuda in dem till ett första möte.",
        focus: "Samverkan",
        path: [0],
        group: "ingang",
        createdDaysAgo: 52,
      },
    ],
  },
  {
    key: "beslut-och-planering",
    organisation: "exempelby",
    unit: "forvaltning",
    title: "Skilja beslut från planering",
    description:
      "Handläggare som fattar beslut om ekonomiskt bistånd ska inte samtidigt bära planeringen med invånaren. Genom att dela rollerna får båda uppgifterna mer tid och beslutsfattandet blir mer enhetligt.",
    createdBy: "johan.ekberg@exempelby.test",
    createdDaysAgo: 205,
    startsDaysAgo: 198,
    endsInDays: 200,
    columns: standardColumns(),
    focusAreas: focusAreas("Arbetsorganisation", "Arbetssituation", "Administrativt stöd till chefer"),
    assignments: [
      {
        key: "delegationsordning",
        title: "Ny delegationsordning för beslut om ekonomiskt bistånd",
        description:
          "Revidera delegationsordningen så att beslut kan fattas av särskilda beslutshandläggare. Antagen av nämnden.",
        focus: "Administrativt stöd till chefer",
        path: [0, 1, 2, 3],
        group: "multiteam",
        createdDaysAgo: 172,
        lastDaysAgo: 100,
        dueIn: -95,
      },
      {
        key: "separata-roller",
        title: "Separata roller för beslutsfattare och planerare",
        description:
          "Rollbeskrivningar för beslutshandläggare och planerande handläggare, prövade i två team under tre månader.",
        focus: "Arbetsorganisation",
        path: [0, 1, 2],
        createdDaysAgo: 145,
        lastDaysAgo: 33,
      },
      {
        key: "telefonsystem",
        title: "Telefonsystem med återuppringning för att minska stressen",
        description:
          "Invånaren bokar en tid för återuppringning i stället för att vänta i kö. Handläggarna får sammanhållen tid för ärenden och färre avbrott.",
        focus: "Arbetssituation",
        path: [0, 1, 2, 3],
        group: "ingang",
        createdDaysAgo: 158,
        lastDaysAgo: 45,
      },
      {
        key: "mallar-beslutsunderlag",
        title: "Mallar för beslutsunderlag",
        description:
          "Gemensamma mallar så att den som planerar lämnar ett komplett underlag till den som beslutar, och färre ärenden behöver kompletteras.",
        focus: "Administrativt stöd till chefer",
        path: [0, 1],
        group: "utveckling",
        createdDaysAgo: 75,
        lastDaysAgo: 18,
        dueIn: 40,
        edits: [{ field: "dueOn", from: 20, to: 40 }],
      },
      {
        key: "avlastning-chefer",
        title: "Avlastning av chefer i personaladministrationen",
        description:
          "Se över vilka administrativa uppgifter som kan flyttas från enhetscheferna till en gemensam administratör.",
        focus: "Administrativt stöd till chefer",
        path: [0],
        createdDaysAgo: 60,
        dueIn: -5,
      },
      {
        key: "arendetid",
        title: "Schemalagd ärendetid utan telefon",
        description:
          "Varje handläggare får två förmiddagar i veckan utan telefon och besök för att arbeta ostört med sina ärenden.",
        focus: "Arbetssituation",
        startFocus: "Arbetsorganisation",
        path: [0, 1],
        group: "ingang",
        createdDaysAgo: 88,
        lastDaysAgo: 6,
      },
      {
        key: "extern-utredning",
        title: "Extern utredning av beslutsprocessen",
        description:
          "Låta en extern konsult utreda beslutsprocessen. Ersatt av uppdraget om separata roller, som görs med egna medarbetare.",
        focus: "Arbetsorganisation",
        path: [0],
        createdDaysAgo: 150,
        lastDaysAgo: 110,
        archived: true,
      },
    ],
  },
  {
    key: "huvudhandlaggare",
    organisation: "exempelby",
    unit: "forvaltning",
    title: "Införa huvudhandläggare",
    description:
      "Varje invånare ska ha en huvudhandläggare som håller ihop kontakterna med förvaltningen. Planen omfattar val av huvudhandläggare, introduktion och den kompetensutveckling rollen kräver.",
    createdBy: "strateg@exempelby.test",
    createdDaysAgo: 222,
    startsDaysAgo: 215,
    endsInDays: 280,
    columns: standardColumns(),
    focusAreas: focusAreas("Arbetsfördelning", "Introduktion och mentorskap", "Kompetensutveckling"),
    assignments: [
      {
        key: "kriterier",
        title: "Kriterier för val av huvudhandläggare",
        description:
          "Vilka ärenden ska ha en huvudhandläggare och hur väljs den? Förslaget har tagits fram av arbetsgruppen och godkänts av strategiska ledningsgruppen.",
        focus: "Arbetsfördelning",
        path: [0, 1, 2, 3],
        group: "huvudhandlaggare",
        createdDaysAgo: 178,
        lastDaysAgo: 115,
        dueIn: -110,
      },
      {
        key: "rollbeskrivning",
        title: "Rollbeskrivning för huvudhandläggare",
        description: "En rollbeskrivning som förklarar vad huvudhandläggaren ansvarar för och vad de andra handläggarna gör.",
        focus: "Arbetsfördelning",
        path: [0, 1, 2, 3],
        group: "huvudhandlaggare",
        createdDaysAgo: 168,
        lastDaysAgo: 22,
        archived: true,
      },
      {
        key: "introduktionsprogram",
        title: "Introduktionsprogram med mentor för nyanställda",
        description:
          "Varje nyanställd får en mentor bland de erfarna handläggarna och ett program för de första tolv veckorna med auskultation på alla enheter.",
        focus: "Introduktion och mentorskap",
        path: [0, 1, 2],
        group: "utveckling",
        createdDaysAgo: 135,
        lastDaysAgo: 38,
        edits: [
          {
            field: "description",
            from: "Ett program för nyanställdas första veckor.",
            to: "Varje nyanställd får en mentor bland de erfarna handläggarna och ett program för de första tolv veckorna med auskultation på alla enheter.",
          },
        ],
      },
      {
        key: "motiverande-samtal",
        title: "Utbildning i motiverande samtal för huvudhandläggare",
        description:
          "Tre utbildningsdagar i motiverande samtal med uppföljande handledning. Flyttad tillbaka till Pågår eftersom den andra omgången fick skjutas upp.",
        focus: "Kompetensutveckling",
        path: [0, 1, 2, 1],
        group: "utveckling",
        createdDaysAgo: 110,
        lastDaysAgo: 4,
        dueIn: 30,
      },
      {
        key: "handledning",
        title: "Handledning i grupp för huvudhandläggare",
        description: "Extern handledning en gång i månaden för huvudhandläggarna, med fokus på svåra ärenden.",
        focus: "Kompetensutveckling",
        path: [0],
        createdDaysAgo: 30,
      },
      {
        key: "studentplatser",
        title: "Fler platser för verksamhetsförlagd utbildning",
        description:
          "Ta emot fler socionomstudenter på praktik och ge huvudhandläggarna tid att vara handledare.",
        focus: "Introduktion och mentorskap",
        path: [0],
        group: "utveckling",
        createdDaysAgo: 11,
      },
      {
        key: "uppfoljning-fordelning",
        title: "Följa upp ärendefördelningen efter införandet",
        description:
          "Jämför antalet ärenden per handläggare före och efter införandet och stäm av upplevd arbetsbelastning i teamen.",
        focus: "Arbetsfördelning",
        path: [0, 1, 2],
        group: "multiteam",
        createdDaysAgo: 80,
        lastDaysAgo: 2,
      },
    ],
  },
  {
    key: "behovsanalys",
    organisation: "exempelby",
    unit: "forvaltning",
    title: "Kvalitativ behovs- och målgruppsanalys",
    description:
      "Vilka är våra målgrupper, vad behöver de och vad behöver medarbetarna för att kunna möta dem? Analysen bygger på intervjuer med invånare och personal och följs upp med sjukfrånvaro, personalomsättning och nöjd medarbetare.",
    createdBy: "amir.haddad@exempelby.test",
    createdDaysAgo: 198,
    startsDaysAgo: 191,
    endsInDays: 190,
    columns: standardColumns(5),
    focusAreas: focusAreas("Arbetssituation", "Hot och våld", "Brukarmedverkan"),
    assignments: [
      {
        key: "fordjupade-intervjuer",
        title: "Fördjupade intervjuer med all personal via företagshälsovården",
        description:
          "Företagshälsovården intervjuar alla medarbetare om arbetssituationen. Sammanställningen redovisades på en extra arbetsplatsträff.",
        focus: "Arbetssituation",
        path: [0, 1, 2, 3],
        group: "utveckling",
        createdDaysAgo: 174,
        lastDaysAgo: 75,
      },
      {
        key: "medarbetarsamtal",
        title: "Regelbundna samtal mellan chef och medarbetare om arbetssituationen",
        description:
          "Varje medarbetare har ett kort samtal med sin chef varannan månad om arbetsbelastning och hur det går, utöver det årliga medarbetarsamtalet.",
        focus: "Arbetssituation",
        path: [0, 1],
        createdDaysAgo: 120,
        lastDaysAgo: 15,
        dueIn: 90,
        edits: [{ field: "dueOn", from: null, to: 90 }],
      },
      {
        key: "det-som-gatt-bra",
        title: "Stående punkt på veckomötet: det som gått bra",
        description:
          "Varje veckomöte börjar med fem minuter där vi berättar om något som har gått bra i ett ärende eller i samarbetet.",
        focus: "Arbetssituation",
        path: [0, 1, 2, 3],
        group: "utveckling",
        createdDaysAgo: 155,
        lastDaysAgo: 52,
      },
      {
        key: "trivselgrupp",
        title: "Trivselgrupp för fredagsfika och afterwork",
        description:
          "En trivselgrupp med en representant från varje enhet ordnar fredagsfika varannan vecka och en afterwork per kvartal.",
        focus: "Arbetssituation",
        path: [0, 1, 2],
        group: "multiteam",
        createdDaysAgo: 125,
        lastDaysAgo: 24,
      },
      {
        key: "unga-vuxna",
        title: "Analys av målgruppen unga vuxna utan gymnasieexamen",
        description:
          "Intervjuer med unga vuxna och med deras handläggare om vad som hjälper och vad som står i vägen för studier eller arbete.",
        focus: "Brukarmedverkan",
        path: [0, 1],
        group: "ingang",
        createdDaysAgo: 90,
        lastDaysAgo: 10,
      },
      {
        key: "hot-och-vald",
        title: "Rutin och utbildning vid hot och våld i mottagningen",
        description:
          "Uppdaterad rutin, larmövning och en halvdags utbildning för all personal i mottagningen. Väntar på att lokalerna byggs om.",
        focus: "Hot och våld",
        startFocus: "Arbetssituation",
        path: [0, 1],
        group: "ingang",
        createdDaysAgo: 115,
        lastDaysAgo: 36,
      },
      {
        key: "sjukfranvaro",
        title: "Statistik över sjukfrånvaro och personalomsättning",
        description:
          "Ta fram korttidssjukfrånvaro, personalomsättning och antal inhyrda konsulter per kvartal som indikatorer för planen.",
        focus: "Arbetssituation",
        path: [0],
        createdDaysAgo: 5,
      },
    ],
  },
  {
    key: "annanstad-arbetssituation",
    organisation: "annanstad",
    unit: "annanstad",
    title: "Hållbar arbetssituation i socialtjänsten",
    description: "Socialförvaltningens plan för en hållbar arbetssituation och en bättre introduktion för nya socialsekreterare.",
    createdBy: "annan@annanstad.test",
    createdDaysAgo: 150,
    startsDaysAgo: 140,
    endsInDays: 220,
    columns: [{ name: "Att göra" }, { name: "Pågår" }, { name: "Klart", isDone: true }],
    focusAreas: focusAreas("Arbetssituation", "Introduktion och mentorskap"),
    assignments: [
      {
        key: "mentorskap",
        title: "Mentorskap för nya socialsekreterare",
        description: "Nya socialsekreterare får en mentor under sitt första år.",
        focus: "Introduktion och mentorskap",
        path: [0, 1, 2],
        createdDaysAgo: 120,
        lastDaysAgo: 40,
      },
      {
        key: "arbetsbelastning",
        title: "Mätning av arbetsbelastning",
        description: "Mäta antal ärenden per socialsekreterare under en månad.",
        focus: "Arbetssituation",
        path: [0, 1],
        createdDaysAgo: 90,
        lastDaysAgo: 20,
      },
      {
        key: "arendedragning",
        title: "Gemensam ärendedragning varje vecka",
        description: "En timme i veckan där teamet drar svåra ärenden för varandra.",
        focus: "Arbetssituation",
        path: [0],
        createdDaysAgo: 30,
      },
    ],
  },
];

// ---------------------------------------------------------------------------------------------
// Building the rows

type Row<T extends keyof Database> = Insertable<Database[T]>;

interface Actor {
  id: string;
  name: string;
}

interface Membership {
  person: Actor;
  joinedAt: Date;
}

interface DemoRows {
  organisations: Row<"organisations">[];
  units: Row<"units">[];
  people: Row<"people">[];
  competences: Row<"competences">[];
  workingGroups: Row<"working_groups">[];
  memberships: Row<"group_memberships">[];
  applications: Row<"group_applications">[];
  plans: Row<"action_plans">[];
  focusAreas: Row<"focus_areas">[];
  columns: Row<"board_columns">[];
  assignments: Row<"assignments">[];
  responsibles: Row<"assignment_responsibles">[];
  events: Row<"assignment_events">[];
}

function buildDemoRows(now: Date): DemoRows {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
  const dateIn = (days: number) => isoDate(new Date(now.getTime() + days * DAY));
  /** A moment during office hours (08–17 Swedish time) on the day `days` ago. */
  const workTime = (days: number, rand: () => number) => {
    const day = daysAgo(days);
    const minutes = 7 * 60 + Math.floor(rand() * 8 * 60);
    return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, minutes));
  };

  const rows: DemoRows = {
    organisations: [],
    units: [],
    people: [],
    competences: [],
    workingGroups: [],
    memberships: [],
    applications: [],
    plans: [],
    focusAreas: [],
    columns: [],
    assignments: [],
    responsibles: [],
    events: [],
  };

  const exempelby = demoId("organisation:exempelby");
  const annanstad = demoId("organisation:annanstad");
  rows.organisations.push(
    { id: exempelby, name: "Exempelby kommun", slug: "exempelby", created_at: daysAgo(240) },
    { id: annanstad, name: "Annanstad kommun", slug: "annanstad", created_at: daysAgo(240) },
  );

  const unitId = (key: UnitKey | "annanstad") => demoId(`unit:${key}`);
  const unitName = new Map(units.map((unit) => [unit.key, unit.name]));
  for (const unit of units) {
    rows.units.push({
      id: unitId(unit.key),
      organisation_id: exempelby,
      parent_id: unit.kind === "administration" ? null : unitId("forvaltning"),
      name: unit.name,
      kind: unit.kind,
    });
  }
  rows.units.push({
    id: unitId("annanstad"),
    organisation_id: annanstad,
    parent_id: null,
    name: "Socialförvaltningen",
    kind: "administration",
  });

  const personRand = prng("people");
  const people = new Map<string, Actor & { unit: UnitKey | "annanstad" }>();
  const addPerson = (spec: PersonSpec | (Omit<PersonSpec, "unit"> & { unit: "annanstad" }), organisationId: string) => {
    const id = demoId(`person:${spec.email}`);
    people.set(spec.email, { id, name: spec.name, unit: spec.unit });
    rows.people.push({
      id,
      organisation_id: organisationId,
      unit_id: unitId(spec.unit),
      name: spec.name,
      email: spec.email,
      role: spec.role,
      is_admin: spec.isAdmin ?? false,
      password_hash: null,
      created_at: workTime(238 - Math.floor(personRand() * 6), personRand),
    });
  };
  const staff = generatedStaff();
  for (const spec of [...strategicDevelopers, groupMemberAccount, followerAccount, ...staff]) addPerson(spec, exempelby);
  addPerson(
    { email: "annan@annanstad.test", name: "Alva Annansson", role: "strategic_developer", unit: "annanstad" },
    annanstad,
  );
  addPerson(districtAccount, exempelby);
  const person = (email: string) => {
    const found = people.get(email);
    if (!found) throw new Error(`Unknown demo person ${email}`);
    return found;
  };
  const strategic = strategicDevelopers.map((spec) => person(spec.email));
  const strateg = person("strateg@exempelby.test");

  for (const name of competenceNames) {
    rows.competences.push({ id: demoId(`competence:exempelby:${name}`), organisation_id: exempelby, name });
  }

  // Working groups: Utvecklingsgruppen is picked from 25 applications for breadth over units;
  // the invited groups get the remaining staff, each person in at most one group.
  const groupRand = prng("groups");
  const applicants = shuffled(groupRand, staff).slice(0, 25);
  const selected: PersonSpec[] = [];
  for (let round = 0; selected.length < 8; round++) {
    for (const unit of new Set(staffUnits)) {
      const candidates = applicants.filter((spec) => spec.unit === unit && !selected.includes(spec));
      const candidate = candidates[0];
      if (candidate && selected.length < 8) selected.push(candidate);
    }
    if (round > applicants.length) throw new Error("Not enough applicants");
  }
  const invitable = shuffled(
    groupRand,
    staff.filter((spec) => !selected.includes(spec)),
  );

  const memberships = new Map<GroupKey, { members: Membership[]; endedAt: Date | null }>();
  for (const group of groups) {
    const id = demoId(`group:${group.key}`);
    const createdAt = workTime(group.createdDaysAgo, groupRand);
    const endedAt = group.ended ? workTime(group.endsDaysAgo, groupRand) : null;
    const openApplication = group.recruitment === "open_application";
    rows.workingGroups.push({
      id,
      organisation_id: exempelby,
      name: group.name,
      purpose: group.purpose,
      starts_on: isoDate(daysAgo(group.startsDaysAgo)),
      ends_on: isoDate(daysAgo(group.endsDaysAgo)),
      ended_at: endedAt,
      recruitment: group.recruitment,
      seats: openApplication ? group.size : null,
      applications_close_on: openApplication ? isoDate(daysAgo(applicationsCloseDaysAgo)) : null,
      application_prompt: openApplication ? applicationPrompt : null,
      created_by: strateg.id,
      created_at: createdAt,
    });

    let members: PersonSpec[];
    let joinedAt: Date;
    if (openApplication) {
      members = selected;
      joinedAt = workTime(selectionDaysAgo, groupRand);
      for (const applicant of applicants) {
        const rand = prng(`application:${applicant.email}`);
        const years = 1 + Math.floor(rand() * 30);
        const otherUnits = shuffled(
          rand,
          units.filter((unit) => unit.key !== applicant.unit),
        ).slice(0, Math.floor(rand() * 3));
        const motivation = [
          pick(rand, motivationOpenings)(years, unitName.get(applicant.unit) ?? ""),
          pick(rand, motivationMiddles),
          pick(rand, motivationClosings),
        ]
          .filter(Boolean)
          .join(" ");
        const isSelected = selected.includes(applicant);
        rows.applications.push({
          id: demoId(`application:${group.key}:${applicant.email}`),
          group_id: id,
          person_id: person(applicant.email).id,
          motivation,
          competences: JSON.stringify(shuffled(rand, competenceNames).slice(0, 1 + Math.floor(rand() * 3))),
          experience_years: years,
          unit_ids: JSON.stringify([applicant.unit, ...otherUnits.map((unit) => unit.key)].map(unitId)),
          status: isSelected ? "selected" : "declined",
          submitted_at: workTime(group.createdDaysAgo - 2 - Math.floor(rand() * 22), rand),
          updated_at: joinedAt,
          decided_at: joinedAt,
          decided_by: strateg.id,
        });
      }
    } else {
      members = invitable.splice(0, group.size);
      if (group.key === "multiteam") members.push(groupMemberAccount);
      joinedAt = workTime(group.startsDaysAgo, groupRand);
    }

    const groupMembers: Membership[] = [];
    members.forEach((spec, index) => {
      const member = person(spec.email);
      groupMembers.push({ person: member, joinedAt });
      rows.memberships.push({
        group_id: id,
        person_id: member.id,
        role: index === 0 ? "convener" : "member",
        joined_at: joinedAt,
      });
    });
    memberships.set(group.key, { members: groupMembers, endedAt });
  }

  /** Who did something on a card: a member of its group while the group was active, else a strategic developer. */
  const actorAt = (group: GroupKey | undefined, at: Date, fallback: Actor, rand: () => number): Actor => {
    const carrying = group ? memberships.get(group) : undefined;
    const active = (carrying?.members ?? []).filter(
      (member) => member.joinedAt <= at && (!carrying?.endedAt || at <= carrying.endedAt),
    );
    return active.length ? pick(rand, active).person : fallback;
  };

  for (const plan of plans) {
    const planRand = prng(`plan:${plan.key}`);
    const planId = demoId(`plan:${plan.key}`);
    const creator = person(plan.createdBy);
    const organisationId = plan.organisation === "exempelby" ? exempelby : annanstad;
    const planCreatedAt = workTime(plan.createdDaysAgo, planRand);
    rows.plans.push({
      id: planId,
      organisation_id: organisationId,
      unit_id: unitId(plan.unit),
      title: plan.title,
      description: plan.description,
      starts_on: isoDate(daysAgo(plan.startsDaysAgo)),
      ends_on: dateIn(plan.endsInDays),
      archived_at: null,
      created_by: creator.id,
      created_at: planCreatedAt,
    });

    const columns = plan.columns.map((column, index) => ({ ...column, id: demoId(`column:${plan.key}:${column.name}`), index }));
    generateNKeysBetween(null, null, columns.length).forEach((position, index) => {
      const column = columns[index]!;
      rows.columns.push({
        id: column.id,
        plan_id: planId,
        name: column.name,
        position,
        is_done: column.isDone ?? false,
        wip_limit: column.wipLimit ?? null,
      });
    });
    const focusIds = new Map(plan.focusAreas.map((area) => [area.name, demoId(`focus-area:${plan.key}:${area.name}`)]));
    generateNKeysBetween(null, null, plan.focusAreas.length).forEach((position, index) => {
      const area = plan.focusAreas[index]!;
      rows.focusAreas.push({
        id: focusIds.get(area.name)!,
        plan_id: planId,
        name: area.name,
        description: area.description,
        position,
      });
    });
    const column = (index: number) => {
      const found = columns[index];
      if (!found) throw new Error(`${plan.key}: no column ${index}`);
      return found;
    };
    const focus = (name: string) => {
      const id = focusIds.get(name);
      if (!id) throw new Error(`${plan.key}: no focus area ${name}`);
      return { id, name };
    };

    const cells = new Map<string, Row<"assignments">[]>();
    for (const spec of plan.assignments) {
      const rand = prng(`assignment:${plan.key}:${spec.key}`);
      const id = demoId(`assignment:${plan.key}:${spec.key}`);
      if (spec.createdDaysAgo >= plan.createdDaysAgo) throw new Error(`${spec.key} is older than its plan`);
      for (let i = 1; i < spec.path.length; i++) {
        if (Math.abs(spec.path[i]! - spec.path[i - 1]!) !== 1) throw new Error(`${spec.key}: moves one column at a time`);
      }
      if (spec.startFocus && spec.path.length < 2) throw new Error(`${spec.key}: a swimlane change needs a move`);
      const finalEdit = (field: Edit["field"]) => spec.edits?.filter((edit) => edit.field === field).at(-1)?.to;
      const finalValues = { title: spec.title, description: spec.description, dueOn: spec.dueIn ?? null };
      for (const field of ["title", "description", "dueOn"] as const) {
        const to = finalEdit(field);
        if (to !== undefined && to !== finalValues[field]) throw new Error(`${spec.key}: last ${field} edit disagrees with the card`);
      }

      type Step =
        | { kind: "moved"; from: number; to: number; fromFocus: string; toFocus: string }
        | { kind: "edited"; changes: EventChanges }
        | { kind: "archived" };
      const steps: Step[] = [];
      let laneNow = spec.startFocus ?? spec.focus;
      for (let i = 1; i < spec.path.length; i++) {
        steps.push({ kind: "moved", from: spec.path[i - 1]!, to: spec.path[i]!, fromFocus: laneNow, toFocus: spec.focus });
        laneNow = spec.focus;
      }
      for (const edit of spec.edits ?? []) {
        const value = (v: string | number | null) => (edit.field === "dueOn" && typeof v === "number" ? dateIn(v) : v);
        const at = Math.floor(rand() * (steps.length + 1));
        steps.splice(at, 0, { kind: "edited", changes: { [edit.field]: { from: value(edit.from), to: value(edit.to) } } });
      }
      if (spec.archived) steps.push({ kind: "archived" });

      // Spread the steps between creation and the last event, in office hours, strictly increasing.
      const createdAt = workTime(spec.createdDaysAgo, rand);
      const times: Date[] = [];
      if (steps.length) {
        if (spec.lastDaysAgo === undefined || spec.lastDaysAgo < 1 || spec.lastDaysAgo >= spec.createdDaysAgo) {
          throw new Error(`${spec.key}: lastDaysAgo must lie between its creation and yesterday`);
        }
        const weights = steps.map(() => 0.5 + rand());
        const total = weights.reduce((sum, weight) => sum + weight, 0);
        const span = spec.createdDaysAgo - spec.lastDaysAgo;
        let cumulative = 0;
        let previous = createdAt;
        for (const weight of weights) {
          cumulative += weight;
          const day = Math.round(spec.createdDaysAgo - (span * cumulative) / total);
          let at = workTime(day, rand);
          if (at <= previous) at = new Date(previous.getTime() + (20 + Math.floor(rand() * 90)) * 60 * 1000);
          times.push(at);
          previous = at;
        }
        if (previous >= now) throw new Error(`${spec.key}: history runs into the future`);
      }

      const row: Row<"assignments"> = {
        id,
        plan_id: planId,
        focus_area_id: focus(spec.focus).id,
        column_id: column(spec.path.at(-1)!).id,
        position: "",
        title: spec.title,
        description: spec.description,
        working_group_id: spec.group ? demoId(`group:${spec.group}`) : null,
        due_on: spec.dueIn === undefined ? null : dateIn(spec.dueIn),
        archived_at: null,
        version: 1 + steps.length,
        column_entered_at: createdAt,
        created_by: creator.id,
        created_at: createdAt,
        updated_at: times.at(-1) ?? createdAt,
      };

      const startLane = focus(spec.startFocus ?? spec.focus);
      const first = column(spec.path[0]!);
      rows.events.push({
        assignment_id: id,
        plan_id: planId,
        actor_id: creator.id,
        actor_name: creator.name,
        kind: "created",
        from_column_id: null,
        from_column_name: null,
        to_column_id: first.id,
        to_column_name: first.name,
        from_focus_area_id: null,
        from_focus_area_name: null,
        to_focus_area_id: startLane.id,
        to_focus_area_name: startLane.name,
        changes: null,
        version: 1,
        occurred_at: createdAt,
      });
      steps.forEach((step, index) => {
        const at = times[index]!;
        const base = { assignment_id: id, plan_id: planId, version: index + 2, occurred_at: at };
        if (step.kind === "moved") {
          const actor = actorAt(spec.group, at, plan.organisation === "exempelby" ? pick(rand, strategic) : creator, rand);
          const from = column(step.from);
          const to = column(step.to);
          const fromLane = focus(step.fromFocus);
          const toLane = focus(step.toFocus);
          row.column_entered_at = at;
          rows.events.push({
            ...base,
            actor_id: actor.id,
            actor_name: actor.name,
            kind: "moved",
            from_column_id: from.id,
            from_column_name: from.name,
            to_column_id: to.id,
            to_column_name: to.name,
            from_focus_area_id: fromLane.id,
            from_focus_area_name: fromLane.name,
            to_focus_area_id: toLane.id,
            to_focus_area_name: toLane.name,
            changes: null,
          });
        } else if (step.kind === "edited") {
          const actor = actorAt(spec.group, at, creator, rand);
          rows.events.push({
            ...base,
            actor_id: actor.id,
            actor_name: actor.name,
            kind: "edited",
            changes: JSON.stringify(step.changes),
          });
        } else {
          const current = column(spec.path.at(-1)!);
          const lane = focus(spec.focus);
          row.archived_at = at;
          rows.events.push({
            ...base,
            actor_id: creator.id,
            actor_name: creator.name,
            kind: "archived",
            from_column_id: current.id,
            from_column_name: current.name,
            from_focus_area_id: lane.id,
            from_focus_area_name: lane.name,
          });
        }
      });

      const responsibles =
        spec.responsibles?.map(person) ??
        (() => {
          const pool = spec.group
            ? (memberships.get(spec.group)?.members ?? []).map((member) => member.person)
            : plan.organisation === "exempelby"
              ? strategic
              : [creator];
          const count = Math.min(pool.length, pick(rand, [0, 1, 1, 1, 2, 2]));
          return shuffled(rand, pool).slice(0, count);
        })();
      for (const responsible of responsibles) rows.responsibles.push({ assignment_id: id, person_id: responsible.id });

      const cell = `${row.column_id}:${row.focus_area_id}`;
      cells.set(cell, [...(cells.get(cell) ?? []), row]);
      rows.assignments.push(row);
    }
    for (const cardsInCell of cells.values()) {
      generateNKeysBetween(null, null, cardsInCell.length).forEach((position, index) => {
        cardsInCell[index]!.position = position;
      });
    }
  }

  // An open call that runs now, so that applying and selecting can be tried in the browser:
  // Arbetsmiljögruppen takes applications until two weeks after seeding and has ten already.
  // No demo account has applied, so personal@exempelby.test can.
  const openCallId = demoId("group:arbetsmiljo");
  const openCallRand = prng("open-call:arbetsmiljo");
  rows.workingGroups.push({
    id: openCallId,
    organisation_id: exempelby,
    name: "Arbetsmiljögruppen",
    purpose:
      "Tar fram och följer upp åtgärder för en bättre arbetssituation: arbetsbelastning, hot och våld, introduktion av nya kollegor och återhämtning. Medlemmarna väljs bland de sökande för största möjliga bredd i kompetens, erfarenhet och vilken del av förvaltningen de arbetar eller har arbetat i.",
    starts_on: dateIn(28),
    ends_on: dateIn(28 + 365),
    ended_at: null,
    recruitment: "open_application",
    seats: 6,
    applications_close_on: dateIn(14),
    application_prompt:
      "Berätta varför du vill vara med i Arbetsmiljögruppen, vilka kompetenser och erfarenheter du tar med dig och vilka delar av förvaltningen du arbetar eller har arbetat i.",
    created_by: strateg.id,
    created_at: workTime(7, openCallRand),
  });
  const workEnvironmentOpenings = [
    (years: number, unit: string) => `Jag har arbetat ${years} år i förvaltningen, de senaste på ${unit}, och vill vara med och förbättra vår arbetsmiljö.`,
    (_years: number, unit: string) => `På ${unit} är arbetsbelastningen det kollegor oftast pratar om, och jag vill bidra till att vi tar den på allvar.`,
    (years: number) => `Efter ${years} år som handläggare har jag sett både vad som fungerar och vad som sliter på oss.`,
  ];
  const workEnvironmentMiddles = [
    "Jag är skyddsombud och har gått utbildningen i systematiskt arbetsmiljöarbete.",
    "Jag var med och tog fram rutinerna för hot och våld i mottagningen.",
    "Jag har arbetat med medarbetarenkäten och kan bidra med analys av resultaten.",
    "Jag vill särskilt arbeta med introduktionen av nya kollegor, som betyder mycket för arbetsmiljön.",
    "Jag har lett samtal om stress och återhämtning i min arbetsgrupp.",
  ];
  const freeTextCompetences = ["Skyddsombud", "Krishantering", "Ergonomi", ""];
  shuffled(openCallRand, staff)
    .slice(0, 10)
    .forEach((applicant, index) => {
      const rand = prng(`open-call-application:arbetsmiljo:${applicant.email}`);
      const years = 1 + Math.floor(rand() * 32);
      const otherUnits = shuffled(
        rand,
        units.filter((unit) => unit.key !== applicant.unit),
      ).slice(0, Math.floor(rand() * 3));
      const competences = [...shuffled(rand, competenceNames).slice(0, 1 + Math.floor(rand() * 3)), pick(rand, freeTextCompetences)].filter(
        Boolean,
      );
      const submittedAt = workTime(6 - Math.floor(index / 2), rand);
      rows.applications.push({
        id: demoId(`application:arbetsmiljo:${applicant.email}`),
        group_id: openCallId,
        person_id: person(applicant.email).id,
        motivation: [
          pick(rand, workEnvironmentOpenings)(years, unitName.get(applicant.unit) ?? ""),
          pick(rand, workEnvironmentMiddles),
          pick(rand, motivationClosings),
        ]
          .filter(Boolean)
          .join(" "),
        competences: JSON.stringify(competences),
        experience_years: years,
        unit_ids: JSON.stringify([applicant.unit, ...otherUnits.map((unit) => unit.key)].map(unitId)),
        status: "submitted",
        submitted_at: submittedAt,
        updated_at: submittedAt,
        decided_at: null,
        decided_by: null,
      });
    });

  return rows;
}

// ---------------------------------------------------------------------------------------------

export async function seedDemoData(db: Kysely<Database>, options: { now?: Date } = {}): Promise<void> {
  const rows = buildDemoRows(options.now ?? new Date());
  // Every demo person signs in with the same published password; one hash serves them all.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const people = rows.people.map((person) => ({ ...person, password_hash: passwordHash }));

  await db.transaction().execute(async (trx) => {
    await trx.insertInto("organisations").values(rows.organisations).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto("units").values(rows.units).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto("people").values(people).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto("competences").values(rows.competences).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto("working_groups").values(rows.workingGroups).onConflict((oc) => oc.doNothing()).execute();
    await trx
      .insertInto("group_memberships")
      .values(rows.memberships)
      .onConflict((oc) => oc.columns(["group_id", "person_id"]).doNothing())
      .execute();
    await trx.insertInto("group_applications").values(rows.applications).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto("action_plans").values(rows.plans).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto("board_columns").values(rows.columns).onConflict((oc) => oc.doNothing()).execute();
    await trx.insertInto("focus_areas").values(rows.focusAreas).onConflict((oc) => oc.doNothing()).execute();
    const inserted = await trx
      .insertInto("assignments")
      .values(rows.assignments)
      .onConflict((oc) => oc.doNothing())
      .returning("id")
      .execute();
    await trx
      .insertInto("assignment_responsibles")
      .values(rows.responsibles)
      .onConflict((oc) => oc.columns(["assignment_id", "person_id"]).doNothing())
      .execute();

    // Event ids come from an identity column and never conflict: history is written only for
    // the assignments this run created, so a second run adds none.
    const fresh = new Set(inserted.map((row) => row.id));
    const events = rows.events.filter((event) => fresh.has(event.assignment_id));
    if (events.length) {
      await trx.insertInto("assignment_events").values(events).onConflict((oc) => oc.doNothing()).execute();
    }
  });
  await seedLocalAdoption(db);
  await seedIndicators(db, options.now ?? new Date());
}

/**
 * Three indicators the administration follows, linked to "Invånaren som medskapare", with
 * values for the three units it is offered to: short-term sick leave by month for eight months,
 * staff turnover and satisfaction by quarter for four quarters. Written once, like the adoption.
 */
async function seedIndicators(db: Kysely<Database>, now: Date) {
  const exempelby = demoId("organisation:exempelby");
  const existing = await db.selectFrom("indicators").select("id").where("organisation_id", "=", exempelby).executeTakeFirst();
  if (existing) return;
  const administration = toActor(await selectActors(db).where("p.email", "=", "maria.lindholm@exempelby.test").executeTakeFirstOrThrow());
  const centralId = demoId("plan:medskapare");
  const units = [
    { id: demoId("unit:norr"), base: 0 },
    { id: demoId("unit:soder"), base: 1 },
    { id: demoId("unit:jobbtorget"), base: 2 },
  ];
  const rand = prng("indicators");
  const month = (back: number) => {
    const date = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    return date.toISOString().slice(0, 7);
  };
  const quarter = (back: number) => {
    const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - back;
    return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
  };
  const round = (value: number) => Math.round(value * 10) / 10;
  const specs = [
    { name: "Korttidsfrånvaro", unitOfMeasure: "%", higherIsBetter: false, period: "month" as const, target: 4, periods: [8, 7, 6, 5, 4, 3, 2, 1].map(month), start: 6.2, step: -0.2 },
    { name: "Personalomsättning", unitOfMeasure: "%", higherIsBetter: false, period: "quarter" as const, target: null, periods: [4, 3, 2, 1].map(quarter), start: 14, step: -1 },
    { name: "Medarbetarnöjdhet", unitOfMeasure: "index", higherIsBetter: true, period: "quarter" as const, target: 75, periods: [4, 3, 2, 1].map(quarter), start: 64, step: 2 },
  ];
  for (const spec of specs) {
    const { periods, start, step, ...fields } = spec;
    const indicator = await createIndicator(db, administration, fields);
    await linkIndicator(db, administration, indicator.id, { planId: centralId });
    for (const unit of units) {
      for (const [index, period] of periods.entries()) {
        const value = round(start + unit.base * 0.8 + step * index + (rand() - 0.5) * Math.abs(step) * 2);
        await recordValue(db, administration, indicator.id, { unitId: unit.id, period, value });
      }
    }
  }
}

/**
 * "Invånaren som medskapare" is offered to both districts and Jobbtorget; Stadsdel Norr has
 * adopted it, taken all but one assignment, moved a few cards and added one of its own, and the
 * administration has since added an assignment that Norr has yet to answer. Done through the
 * app's own functions, once: a second run finds the adoption and adds nothing.
 */
async function seedLocalAdoption(db: Kysely<Database>) {
  const centralId = demoId("plan:medskapare");
  const norr = demoId("unit:norr");
  const done = await db.selectFrom("action_plans").select("id").where("central_plan_id", "=", centralId).where("unit_id", "=", norr).executeTakeFirst();
  if (done) return;
  const actor = async (email: string) => toActor(await selectActors(db).where("p.email", "=", email).executeTakeFirstOrThrow());
  const [administration, district] = await Promise.all([actor("maria.lindholm@exempelby.test"), actor(districtAccount.email)]);
  await setOffers(db, administration, centralId, [norr, demoId("unit:soder"), demoId("unit:jobbtorget")]);
  const choices = await loadAdoptionChoices(db, centralId);
  const cards = choices.flatMap((area) => area.assignments);
  const adopted = await adoptPlan(db, district, centralId, norr, {
    title: "Invånaren som medskapare – Stadsdel Norr",
    focusAreaIds: choices.map((area) => area.id),
    assignmentIds: cards.slice(0, -1).map((card) => card.id),
  });
  const board = await db.selectFrom("board_columns").select(["id", "position"]).where("plan_id", "=", adopted.id).orderBy("position").execute();
  const local = await db.selectFrom("assignments").select(["id", "version", "focus_area_id"]).where("plan_id", "=", adopted.id).orderBy("position").execute();
  for (const [index, card] of local.slice(0, 3).entries()) {
    await moveAssignment(db, district, { planId: adopted.id, assignmentId: card.id, version: card.version, toColumnId: board[index === 0 ? 3 : 1]!.id, toFocusAreaId: card.focus_area_id, placement: { afterId: null } });
  }
  await createAssignment(db, district, adopted.id, {
    title: "Medborgardialog i Norrs bibliotek",
    description: "Vår egen tillämpning: två kvällar om året där invånarna i stadsdelen berättar vad som fungerar.",
    focusAreaId: local[0]!.focus_area_id,
    workingGroupId: null,
    responsibleIds: [district.id],
    dueOn: null,
  });
  await createAssignment(db, administration, centralId, {
    title: "Gemensam mall för återkoppling till brukarråden",
    description: "",
    focusAreaId: choices[0]!.id,
    workingGroupId: null,
    responsibleIds: [],
    dueOn: null,
  });
}

/** `--city-plan N`: add the city-wide plan with N assignments (1 to 20,000). */
function cityPlanSize(args: string[]): number | null {
  const index = args.indexOf("--city-plan");
  if (index < 0) return null;
  const size = Number(args[index + 1]);
  if (!Number.isInteger(size) || size < 1 || size > 20_000) throw new Error("--city-plan takes a number of assignments from 1 to 20,000");
  return size;
}

async function main() {
  const env = readEnv();
  if (env.mode === "production") {
    throw new Error("Refusing to seed demo accounts in production mode (NODE_ENV=production without PLANBOARD_DEMO=1).");
  }
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
  try {
    await migrateToLatest(db);
    await seedDemoData(db);
    const cityPlanCards = cityPlanSize(process.argv.slice(2));
    if (cityPlanCards) await seedCityPlan(db, cityPlanCards);
    const count = async (table: "action_plans" | "assignments" | "assignment_events") => {
      const { n } = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow();
      return Number(n);
    };
    const [plansCount, assignmentsCount, eventsCount] = [
      await count("action_plans"),
      await count("assignments"),
      await count("assignment_events"),
    ];
    console.log(`Demo data: ${plansCount} plans, ${assignmentsCount} assignments, ${eventsCount} events.`);
  } finally {
    await db.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main();
}
