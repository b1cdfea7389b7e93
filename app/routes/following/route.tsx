import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { useDescribeEvent } from "~/components/event-description";
import { ErrorList } from "~/components/form";
import { follow, followOptions, listFollows, markSeen, unfollow } from "~/models/follow.server";
import { followActionSchema } from "~/schemas/follow";
import { requireActor, safeRedirectPath } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const [follows, options, locale] = await Promise.all([
    listFollows(args.context.db, actor.id),
    followOptions(args.context.db, actor.organisationId),
    resolveLocale(args.request),
  ]);
  return { follows, options, locale };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = followActionSchema.options.map((option) => option.shape.intent.value);

export async function action(args: ActionFunctionArgs) {
  const actor = await requireActor(args);
  const submission = await parseForm(args.request, followActionSchema);
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const { value } = submission;
  const { db } = args.context;
  // Decided before anything is written, so the answer after the write cannot fail.
  const redirectTo = safeRedirectPath("redirectTo" in value ? value.redirectTo : undefined, "/following");
  switch (value.intent) {
    case "follow": {
      const target = value.planId ? { planId: value.planId } : value.focusAreaId ? { focusAreaId: value.focusAreaId } : { groupId: value.groupId! };
      if (!(await follow(db, actor, target))) throw new Response("Not found", { status: 404 });
      return redirect(redirectTo);
    }
    case "unfollow":
      if (!(await unfollow(db, actor.id, value.followId))) throw new Response("Not found", { status: 404 });
      return redirect(redirectTo);
    case "mark-seen":
      await markSeen(db, actor.id, value.followId);
      return redirect("/following");
  }
}

export default function Following() {
  const { follows, options, locale } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const describe = useDescribeEvent();
  const totalNew = follows.reduce((sum, item) => sum + Number(item.newCount), 0);
  return (
    <div className="page">
      <h1>{t("follow.title")}</h1>
      <p className="lead">{t("follow.intro")}</p>
      {follows.length === 0 ? <p>{t("follow.none")}</p> : null}
      {totalNew > 0 ? (
        <Form method="post">
          <button type="submit" name="intent" value="mark-seen">
            {t("follow.markAllSeen")}
          </button>
        </Form>
      ) : null}
      {follows.map((item) => (
        <section key={item.id} className="panel" aria-labelledby={`follow-${item.id}`}>
          <h2 id={`follow-${item.id}`}>
            {item.boardPlanId ? <Link to={`/plans/${item.boardPlanId}`}>{item.name}</Link> : item.name}{" "}
            <span className="muted">· {t(item.planId ? "follow.kindPlan" : item.focusAreaId ? "follow.kindFocusArea" : "follow.kindGroup")}</span>
          </h2>
          <p>
            {Number(item.newCount) === 0
              ? t("follow.nothingNew", { date: formatInstant(item.lastSeenAt, locale) })
              : t("follow.newSince", { count: Number(item.newCount), date: formatInstant(item.lastSeenAt, locale) })}
          </p>
          {item.changes.length ? (
            <ol className="activity-list">
              {item.changes.map((event) => (
                <li key={event.id}>
                  <time dateTime={new Date(event.occurredAt).toISOString()}>{formatInstant(event.occurredAt, locale)}</time>
                  <p>
                    <Link to={`/plans/${event.planId}/assignments/${event.assignmentId}`}>{event.title}</Link>
                  </p>
                  <p className="activity-text">{describe(event)}</p>
                </li>
              ))}
            </ol>
          ) : null}
          <div className="button-row">
            {Number(item.newCount) > 0 ? (
              <Form method="post">
                <input type="hidden" name="followId" value={item.id} />
                <button type="submit" name="intent" value="mark-seen">
                  {t("follow.markSeen")}
                </button>
              </Form>
            ) : null}
            <Form method="post">
              <input type="hidden" name="followId" value={item.id} />
              <button type="submit" name="intent" value="unfollow">
                {t("follow.unfollow")}
              </button>
            </Form>
          </div>
        </section>
      ))}
      <section className="panel" aria-labelledby="follow-more">
        <h2 id="follow-more">{t("follow.more")}</h2>
        <ErrorList errors={lastResult?.error?.focusAreaId ?? undefined} />
        <div className="button-row">
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="follow" />
            <label htmlFor="follow-focus-area">{t("assignment.focusArea")}</label>
            <select id="follow-focus-area" name="focusAreaId">
              {options.focusAreas.map((area) => (
                <option key={area.id} value={area.id}>
                  {area.planTitle}: {area.name}
                </option>
              ))}
            </select>
            <button type="submit">{t("follow.follow")}</button>
          </Form>
          <Form method="post" className="inline-form">
            <input type="hidden" name="intent" value="follow" />
            <label htmlFor="follow-group">{t("assignment.group")}</label>
            <select id="follow-group" name="groupId">
              {options.groups.map((group) => (
                <option key={group.id} value={group.id}>
                  {group.name}
                </option>
              ))}
            </select>
            <button type="submit">{t("follow.follow")}</button>
          </Form>
        </div>
        <p className="hint">{t("follow.planHint")}</p>
      </section>
    </div>
  );
}
