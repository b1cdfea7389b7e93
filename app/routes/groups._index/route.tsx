import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { listGroups } from "~/models/group.server";
import { requireActor } from "~/utils/auth.server";
import { formatCalendarDate } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { resolveLocale } from "~/utils/locale.server";
import { can } from "~/utils/permissions";
import { Period, StatusBadge } from "./group-parts";
import groupStyles from "./groups.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: groupStyles }];

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const [groups, locale] = await Promise.all([
    listGroups(args.context.db, actor.organisationId, actor.id),
    resolveLocale(args.request),
  ]);
  return { groups, locale, managesGroups: can(actor, "group:manage", { organisationId: actor.organisationId, unitId: null }) };
}

/** A card lists a few carried assignments; the group's page lists them all. */
const SHOWN_ASSIGNMENTS = 3;

type Group = ReturnType<typeof useLoaderData<typeof loader>>["groups"][number];

export default function Groups() {
  const { groups, locale, managesGroups } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const current = groups.filter((group) => group.status !== "ended");
  const ended = groups.filter((group) => group.status === "ended");

  return (
    <div className="page">
      <h1>{t("groups.title")}</h1>
      <p className="lead">{t("groups.intro")}</p>
      {managesGroups ? (
        <p>
          <Link className="button primary" to="/groups/new">
            {t("groups.newGroup")}
          </Link>
        </p>
      ) : null}
      {groups.length === 0 ? <p>{t("groups.empty")}</p> : null}
      {current.length > 0 ? (
        <section aria-labelledby="current-groups">
          <h2 id="current-groups">{t("groups.sectionCurrent")}</h2>
          <ul className="group-list">
            {current.map((group) => (
              <GroupCard key={group.id} group={group} locale={locale} />
            ))}
          </ul>
        </section>
      ) : null}
      {ended.length > 0 ? (
        <section aria-labelledby="ended-groups" className="ended-groups">
          <h2 id="ended-groups">{t("groups.sectionEnded")}</h2>
          <ul className="group-list">
            {ended.map((group) => (
              <GroupCard key={group.id} group={group} locale={locale} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

function GroupCard({ group, locale }: { group: Group; locale: Locale }) {
  const { t } = useTranslation();
  const headingId = `group-${group.id}`;
  return (
    <li className="group-card" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <Link to={`/groups/${group.id}`}>{group.name}</Link>
      </h3>
      <p className="group-head">
        <StatusBadge status={group.status} />
        <span className="muted">
          <Period from={group.startsOn} to={group.endsOn} locale={locale} />
        </span>
      </p>
      {group.purpose ? <p className="purpose">{group.purpose}</p> : null}
      {group.callOpen && group.applicationsCloseOn ? (
        <p className="call-line">
          <Link to={`/groups/${group.id}`}>
            {t("groups.callOpen", { date: formatCalendarDate(group.applicationsCloseOn, locale), count: group.seats ?? 0 })}
          </Link>
        </p>
      ) : null}
      {group.myApplicationStatus ? <p>{t(`groups.myApplication.${group.myApplicationStatus}`)}</p> : null}
      <h4>{t("groups.memberCount", { count: group.members.length })}</h4>
      {group.members.length ? (
        <p className="member-names">
          {group.members.map((member, index) => (
            <span key={member.id}>
              {index > 0 ? ", " : null}
              {member.name}
              {member.role === "convener" ? ` (${t("groups.roles.convener").toLowerCase()})` : null}
            </span>
          ))}
        </p>
      ) : (
        <p className="muted">{t("groups.noMembers")}</p>
      )}
      <h4>{t("groups.assignmentCount", { count: group.assignments.length })}</h4>
      {group.assignments.length ? (
        <ul>
          {group.assignments.slice(0, SHOWN_ASSIGNMENTS).map((assignment) => (
            <li key={assignment.id}>
              <Link to={`/plans/${assignment.planId}/assignments/${assignment.id}`}>{assignment.title}</Link>{" "}
              <span className="muted">· {assignment.planTitle}</span>
            </li>
          ))}
          {group.assignments.length > SHOWN_ASSIGNMENTS ? (
            <li className="more">
              <Link to={`/groups/${group.id}`}>
                {t("groups.moreAssignments", { count: group.assignments.length - SHOWN_ASSIGNMENTS })}
                <span className="visually-hidden"> {t("groups.moreIn", { name: group.name })}</span>
              </Link>
            </li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}
