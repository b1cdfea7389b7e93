import { Form, Link } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { formatCalendarDate } from "~/utils/format";
import type { Locale } from "~/utils/i18n";
import { formatDay } from "../groups._index/group-parts";
import type { Group } from "./route";

export function Members({ group, editable, locale }: { group: Group; editable: boolean; locale: Locale }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">
        {t("groups.members")} <span className="muted">({group.members.length})</span>
      </h2>
      {group.members.length === 0 ? (
        <p className="muted">{t("groups.noMembers")}</p>
      ) : (
        <table
          className="data-table"
          // It scrolls sideways on a phone (styles.css); with no link in it, it takes focus so the keyboard can scroll it.
          tabIndex={editable ? undefined : 0}
        >
          <caption className="visually-hidden">{t("groups.members")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("groups.detail.name")}</th>
              <th scope="col">{t("groups.detail.role")}</th>
              <th scope="col">{t("groups.detail.unit")}</th>
              <th scope="col">{t("groups.detail.joined")}</th>
              {editable ? (
                <th scope="col">
                  <span className="visually-hidden">{t("groups.manage.remove")}</span>
                </th>
              ) : null}
            </tr>
          </thead>
          <tbody>
            {group.members.map((member) => (
              <tr key={member.id}>
                <th scope="row">{member.name}</th>
                <td>{t(`groups.roles.${member.role}`)}</td>
                <td>{member.unitName ?? "–"}</td>
                <td>{formatDay(member.joinedAt, locale)}</td>
                {editable ? (
                  <td>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="personId" value={member.id} />
                      <button type="submit" name="intent" value="remove-member">
                        {t("groups.manage.remove")}
                        <span className="visually-hidden">
                          {" "}
                          {member.name} {t("groups.manage.removeFrom")}
                        </span>
                      </button>
                    </Form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CarriedAssignments({ group }: { group: Group }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="carries-title">
      <h2 id="carries-title">{t("groups.carries")}</h2>
      {group.assignments.length === 0 ? (
        <p className="muted">{t("groups.noAssignments")}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t("groups.carries")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("groups.detail.assignment")}</th>
              <th scope="col">{t("groups.detail.plan")}</th>
              <th scope="col">{t("groups.detail.column")}</th>
            </tr>
          </thead>
          <tbody>
            {group.assignments.map((assignment) => (
              <tr key={assignment.id}>
                <th scope="row">
                  <Link to={`/plans/${assignment.planId}/assignments/${assignment.id}`}>{assignment.title}</Link>
                  {assignment.archived ? <span className="muted"> ({t("groups.detail.archived")})</span> : null}
                </th>
                <td>{assignment.planTitle}</td>
                <td>{assignment.columnName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function Call({ group, manages, locale }: { group: Group; manages: boolean; locale: Locale }) {
  const { t } = useTranslation();
  const closesOn = group.applicationsCloseOn ? formatCalendarDate(group.applicationsCloseOn, locale) : "–";
  return (
    <section className="panel notice" aria-labelledby="call-title">
      <h2 id="call-title">{t("groups.detail.callTitle")}</h2>
      <dl className="facts">
        <dt>{t("groups.detail.seats")}</dt>
        <dd>{group.seats ?? "–"}</dd>
        <dt>{t("groups.detail.closesOn")}</dt>
        <dd>{closesOn}</dd>
      </dl>
      {group.applicationPrompt ? (
        <>
          <h3>{t("groups.detail.prompt")}</h3>
          <p className="purpose-text">{group.applicationPrompt}</p>
        </>
      ) : null}
      <p>
        {group.callOpen
          ? t("groups.detail.callOpenNote", { date: closesOn })
          : group.callDecided
          ? t("groups.detail.callDecidedNote")
          : t("groups.detail.callClosedNote")}
      </p>
      {group.myApplicationStatus ? <p>{t(`groups.myApplication.${group.myApplicationStatus}`)}</p> : null}
      <div className="button-row">
        {group.myApplicationStatus ? (
          <Link className="button" to={`/groups/${group.id}/application`}>
            {t("groups.detail.seeApplication")}
          </Link>
        ) : group.callOpen ? (
          <Link className="button primary" to={`/groups/${group.id}/application`}>
            {t("groups.detail.apply")}
          </Link>
        ) : null}
        {manages ? (
          <Link className="button" to={`/groups/${group.id}/selection`}>
            {t("groups.detail.toSelection")}
          </Link>
        ) : null}
      </div>
      {manages && group.applicationCount !== null ? (
        <p className="hint">{t("groups.detail.applicationCount", { count: Number(group.applicationCount) })}</p>
      ) : null}
    </section>
  );
}
