import type { Migration } from "kysely";
import * as initial from "./20261123000000_initial";
import * as signIn from "./20261123010000_sign_in";
import * as strictCardOrder from "./20261123020000_strict_card_order";
import * as followUp from "./20261123050000_follow_up";
import * as workingGroups from "./20261123040000_working_groups";
import * as rateLimits from "./20261205000000_rate_limits";
import * as eventFieldNames from "./20261210000000_event_field_names";
import * as feedTokens from "./20261210010000_feed_tokens";
import * as imports from "./20261212000000_imports";
import * as centralPlans from "./20261214000000_central_plans";
import * as votes from "./20261215000000_votes";
import * as indicators from "./20261216000000_indicators";
import * as identityProviders from "./20261217000000_identity_providers";
import * as actorChanges from "./20261218000000_actor_changes";

// Listed by hand (not read from disk) so the server bundle carries its migrations.
export const migrations: Record<string, Migration> = {
  "20261123000000_initial": initial,
  "20261123010000_sign_in": signIn,
  "20261123020000_strict_card_order": strictCardOrder,
  "20261123050000_follow_up": followUp,
  "20261123040000_working_groups": workingGroups,
  "20261205000000_rate_limits": rateLimits,
  "20261210000000_event_field_names": eventFieldNames,
  "20261210010000_feed_tokens": feedTokens,
  "20261212000000_imports": imports,
  "20261214000000_central_plans": centralPlans,
  "20261215000000_votes": votes,
  "20261216000000_indicators": indicators,
  "20261217000000_identity_providers": identityProviders,
  "20261218000000_actor_changes": actorChanges,
};
