import type { ColumnType, Generated, Insertable, Selectable } from "kysely";

/** A `date` column: always the ISO string `YYYY-MM-DD` (both drivers are told not to parse it). */
type DateString = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;

export type UnitKind = "administration" | "unit" | "district";
export type PersonRole = "strategic_developer" | "staff";
export type Recruitment = "invited" | "open_application";
export type MembershipRole = "convener" | "member";
export type ApplicationStatus = "submitted" | "withdrawn" | "selected" | "declined";
/** Every kind of history event: the same list as the check on `assignment_events.kind`. */
export const EVENT_KINDS = ["created", "moved", "edited", "archived", "restored"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  slug: string;
  created_at: CreatedAt;
}

export interface UnitTable {
  id: Generated<string>;
  organisation_id: string;
  parent_id: string | null;
  name: string;
  kind: UnitKind;
}

export interface PersonTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  name: string;
  email: string;
  role: ColumnType<PersonRole, PersonRole | undefined, PersonRole>;
  is_admin: ColumnType<boolean, boolean | undefined, boolean>;
  password_hash: string | null;
  locale: string | null;
  deactivated_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface CompetenceTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
}

export interface ActionPlanTable {
  id: Generated<string>;
  organisation_id: string;
  unit_id: string | null;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  starts_on: DateString | null;
  ends_on: DateString | null;
  archived_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
  /** Where an imported plan came from (`trello:<board id>`); null for one made here. */
  source: ColumnType<string | null, string | null | undefined, string | null>;
  /** The central plan a unit's own board was adopted from. */
  central_plan_id: ColumnType<string | null, string | null | undefined, never>;
}

/** A central plan offered to a unit for adoption. */
export interface PlanOfferTable {
  plan_id: string;
  unit_id: string;
  offered_by: string | null;
  offered_at: CreatedAt;
}

/** A focus area or assignment of a central plan that an adopting unit chose not to take. */
export interface AdoptionDeclineTable {
  plan_id: string;
  origin_focus_area_id: string | null;
  origin_assignment_id: string | null;
  declined_by: string | null;
  declined_at: CreatedAt;
}

export interface FocusAreaTable {
  id: Generated<string>;
  plan_id: string;
  name: string;
  description: ColumnType<string, string | undefined, string>;
  position: string;
  /** The central plan's focus area this one was taken from, and its name when last taken or answered. */
  origin_id: ColumnType<string | null, string | null | undefined, string | null>;
  origin_name: ColumnType<string | null, string | null | undefined, string | null>;
  /** The unit's priority rank among the plan's focus areas (1 first), as its vote adopted it. */
  priority: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface BoardColumnTable {
  id: Generated<string>;
  plan_id: string;
  name: string;
  position: string;
  is_done: ColumnType<boolean, boolean | undefined, boolean>;
  wip_limit: number | null;
  /** The central plan's column an adopted board's column was copied from. */
  origin_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface WorkingGroupTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  purpose: ColumnType<string, string | undefined, string>;
  starts_on: DateString;
  ends_on: DateString;
  ended_at: Timestamp | null;
  recruitment: ColumnType<Recruitment, Recruitment | undefined, Recruitment>;
  seats: number | null;
  applications_close_on: DateString | null;
  application_prompt: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface GroupMembershipTable {
  group_id: string;
  person_id: string;
  role: ColumnType<MembershipRole, MembershipRole | undefined, MembershipRole>;
  joined_at: ColumnType<Date, Date | string | undefined, never>;
}

export interface GroupApplicationTable {
  id: Generated<string>;
  group_id: string;
  person_id: string;
  motivation: string;
  competences: Json<string[]>;
  experience_years: number;
  unit_ids: Json<string[]>;
  status: ColumnType<ApplicationStatus, ApplicationStatus | undefined, ApplicationStatus>;
  submitted_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  decided_at: Timestamp | null;
  decided_by: string | null;
}

export interface AssignmentTable {
  id: Generated<string>;
  plan_id: string;
  focus_area_id: string;
  column_id: string;
  position: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  working_group_id: string | null;
  due_on: DateString | null;
  archived_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
  column_entered_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  /** The central plan's assignment this one was taken from, and its title when last taken or answered. */
  origin_id: ColumnType<string | null, string | null | undefined, string | null>;
  origin_title: ColumnType<string | null, string | null | undefined, string | null>;
  /** The unit's priority rank among the plan's assignments (1 first), as its vote adopted it. */
  priority: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface AssignmentResponsibleTable {
  assignment_id: string;
  person_id: string;
}

export interface CommentTable {
  id: Generated<string>;
  assignment_id: string;
  author_id: string | null;
  /** An imported comment's author as the source named them, when they are no person here. */
  author_name: ColumnType<string | null, string | null | undefined, string | null>;
  body: string;
  created_at: CreatedAt;
  edited_at: Timestamp | null;
}

/** The fields an `edited` event can name, as stored in its `changes`. */
export const EVENT_FIELDS = ["title", "description", "dueOn", "workingGroup", "focusArea", "responsibles"] as const;
export type EventField = (typeof EVENT_FIELDS)[number];
/** What an `edited` event changed: field → before and after. */
export type EventChanges = Partial<Record<EventField, { from: unknown; to: unknown }>>;

export interface ImportUploadTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  file_name: string;
  body: string;
  created_at: CreatedAt;
}

export interface AssignmentEventTable {
  id: ColumnType<number, never, never>;
  assignment_id: string;
  plan_id: string;
  actor_id: string | null;
  actor_name: string | null;
  kind: EventKind;
  from_column_id: string | null;
  from_column_name: string | null;
  to_column_id: string | null;
  to_column_name: string | null;
  from_focus_area_id: string | null;
  from_focus_area_name: string | null;
  to_focus_area_id: string | null;
  to_focus_area_name: string | null;
  changes: Json<EventChanges> | null;
  version: number | null;
  occurred_at: ColumnType<Date, Date | string | undefined, never>;
}

export type AuthMethod = "password" | "demo" | "oidc";

export interface SessionTable {
  id_hash: string;
  person_id: string;
  auth_method: AuthMethod;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

/** One counted request (a wrong password, an export), by what it counts against. */
export interface RateLimitHitTable {
  id: ColumnType<number, never, never>;
  bucket: string;
  key: string;
  hit_at: CreatedAt;
}

export interface PasswordSetupTokenTable {
  token_hash: string;
  person_id: string;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface ShareLinkTable {
  id: Generated<string>;
  plan_id: string;
  token_hash: string;
  label: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A person's private token for reading their Atom feeds without a session; at most one each. */
export interface FeedTokenTable {
  person_id: string;
  token_hash: string;
  locale: "sv" | "en";
  /** When this token was issued: a replacement sets it anew. */
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** What a person follows: exactly one of a plan, a focus area or a working group. */
export interface FollowTable {
  id: Generated<string>;
  person_id: string;
  plan_id: string | null;
  focus_area_id: string | null;
  group_id: string | null;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  created_at: CreatedAt;
}

export type NotificationKind = "application_selected" | "application_declined" | "member_added";

export interface NotificationTable {
  id: Generated<string>;
  person_id: string;
  kind: NotificationKind;
  group_id: string | null;
  read_at: Timestamp | null;
  created_at: CreatedAt;
}

export type VotePointKind = "focus_area" | "assignment";

/** A unit's priority vote on the points of one of its plans. */
export interface VoteTable {
  id: Generated<string>;
  plan_id: string;
  unit_id: string;
  title: string;
  point_kind: VotePointKind;
  max_choices: number;
  closes_at: Timestamp;
  closed_early_at: Timestamp | null;
  priorities_adopted_at: Timestamp | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface VotePointTable {
  id: Generated<string>;
  vote_id: string;
  focus_area_id: string | null;
  assignment_id: string | null;
  label: string;
  position: number;
}

/** That a person has voted: turnout, never what. */
export interface VoteVoterTable {
  vote_id: string;
  person_id: string;
}

/** A secret ballot: reached only through a keyed hash of vote and person. */
export interface BallotTable {
  id: Generated<string>;
  vote_id: string;
  ballot_key: string;
}

export interface BallotChoiceTable {
  ballot_id: string;
  point_id: string;
}

export type IndicatorPeriod = "month" | "quarter";
/** `numeric`: both drivers hand it over as a string, so no precision is lost on the way. */
type Numeric = ColumnType<string, string | number, string | number>;

/** Something an organisation measures to see whether the work helps (staff turnover, sick leave…). */
export interface IndicatorTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  unit_of_measure: ColumnType<string, string | undefined, string>;
  higher_is_better: boolean;
  period: IndicatorPeriod;
  target: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface IndicatorLinkTable {
  id: Generated<string>;
  indicator_id: string;
  plan_id: string | null;
  focus_area_id: string | null;
}

export interface IndicatorValueTable {
  indicator_id: string;
  unit_id: string;
  /** `2026-03` (month) or `2026-Q1` (quarter). */
  period: string;
  value: Numeric;
  recorded_by: string | null;
  recorded_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export type IdentityConfiguredBy = "administrator" | "environment";

/** An organisation's OpenID Connect provider (Entra ID, Keycloak, Okta…). */
export interface IdentityProviderTable {
  id: Generated<string>;
  organisation_id: string;
  display_name: string;
  issuer: string;
  client_id: string;
  client_secret: ColumnType<string, string | undefined, string>;
  /** Lower-case domains an e-mail claim must end in; empty: any. */
  allowed_domains: Json<string[]>;
  email_claim: ColumnType<string, string | undefined, string>;
  groups_claim: string | null;
  /** Whether an unknown person of an allowed domain is created, as staff, at their first sign-in. */
  create_unknown: ColumnType<boolean, boolean | undefined, boolean>;
  /** Whether the organisation's people may still sign in with a password. */
  password_sign_in: ColumnType<boolean, boolean | undefined, boolean>;
  configured_by: IdentityConfiguredBy;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IdentityRoleMappingTable {
  provider_id: string;
  group_value: string;
  role: PersonRole;
}

export interface IdentityTable {
  provider_id: string;
  subject: string;
  person_id: string;
  created_at: CreatedAt;
  last_signed_in_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OidcSignInAttemptTable {
  state_hash: string;
  browser_hash: string;
  provider_id: string;
  code_verifier: string;
  nonce: string;
  redirect_to: string;
  expires_at: Timestamp;
}

export interface Database {
  organisations: OrganisationTable;
  units: UnitTable;
  people: PersonTable;
  competences: CompetenceTable;
  action_plans: ActionPlanTable;
  plan_offers: PlanOfferTable;
  adoption_declines: AdoptionDeclineTable;
  votes: VoteTable;
  vote_points: VotePointTable;
  vote_voters: VoteVoterTable;
  ballots: BallotTable;
  ballot_choices: BallotChoiceTable;
  indicators: IndicatorTable;
  indicator_links: IndicatorLinkTable;
  indicator_values: IndicatorValueTable;
  focus_areas: FocusAreaTable;
  board_columns: BoardColumnTable;
  working_groups: WorkingGroupTable;
  group_memberships: GroupMembershipTable;
  group_applications: GroupApplicationTable;
  assignments: AssignmentTable;
  assignment_responsibles: AssignmentResponsibleTable;
  comments: CommentTable;
  assignment_events: AssignmentEventTable;
  import_uploads: ImportUploadTable;
  sessions: SessionTable;
  rate_limit_hits: RateLimitHitTable;
  password_setup_tokens: PasswordSetupTokenTable;
  notifications: NotificationTable;
  share_links: ShareLinkTable;
  feed_tokens: FeedTokenTable;
  follows: FollowTable;
  identity_providers: IdentityProviderTable;
  identity_role_mappings: IdentityRoleMappingTable;
  identities: IdentityTable;
  oidc_sign_in_attempts: OidcSignInAttemptTable;
}

export type Person = Selectable<PersonTable>;
export type ActionPlan = Selectable<ActionPlanTable>;
export type BoardColumn = Selectable<BoardColumnTable>;
export type FocusArea = Selectable<FocusAreaTable>;
export type Assignment = Selectable<AssignmentTable>;
export type NewAssignmentEvent = Insertable<AssignmentEventTable>;
