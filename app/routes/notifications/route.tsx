import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { listNotifications, markAllNotificationsRead } from "~/models/notification.server";
import { markAllReadSchema } from "~/schemas/group";
import { requireActor } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";
import groupStyles from "../groups._index/groups.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: groupStyles }];

export const meta: MetaFunction = () => [{ title: "Planboard" }];

/** Everyone sees their own notifications and nobody else's. */
export async function loader(args: LoaderFunctionArgs) {
  const actor = await requireActor(args);
  const [notifications, locale] = await Promise.all([listNotifications(args.context.db, actor.id), resolveLocale(args.request)]);
  return { notifications, locale };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [markAllReadSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const actor = await requireActor(args);
  const submission = await parseForm(args.request, markAllReadSchema);
  if (submission.status !== "success") return Response.json({ done: false }, { status: 400 });
  await markAllNotificationsRead(args.context.db, actor.id);
  return { done: true };
}

export default function Notifications() {
  const { notifications, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const unread = notifications.filter((notification) => !notification.readAt).length;

  return (
    <div className="page narrow">
      <h1>{t("notifications.title")}</h1>
      <p role="status" className="success">
        {actionData?.done ? t("notifications.markedRead") : null}
      </p>
      {notifications.length === 0 ? (
        <p>{t("notifications.empty")}</p>
      ) : (
        <>
          {unread > 0 ? (
            <Form method="post">
              <button type="submit" name="intent" value="mark-all-read">
                {t("notifications.markAllRead")}
              </button>
            </Form>
          ) : null}
          <ol className="notification-list">
            {notifications.map((notification) => {
              const group = notification.groupName ?? t("notifications.removedGroup");
              return (
                <li key={notification.id} className={notification.readAt ? undefined : "unread"}>
                  <p>
                    {notification.readAt ? null : <span className="new-badge">{t("notifications.new")}</span>}
                    {t(`notifications.kinds.${notification.kind}`, { group })}
                  </p>
                  <time dateTime={new Date(notification.createdAt).toISOString()}>
                    {formatInstant(notification.createdAt, locale)}
                  </time>
                  {notification.groupId ? (
                    <p>
                      <Link to={`/groups/${notification.groupId}`}>{t("notifications.openGroup", { group })}</Link>
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </>
      )}
    </div>
  );
}
