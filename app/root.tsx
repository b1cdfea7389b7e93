import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { DocumentTranslations, useTranslation } from "~/components/i18n";
import { ModulePreloads } from "~/components/module-preloads";
import stylesheet from "~/styles.css";
import { defaultLocale, supportedLocales, type Locale } from "~/utils/i18n";
import { loadTranslations } from "~/utils/locale-resources";
import { getActor } from "~/utils/auth.server";
import { countUnreadNotifications } from "~/models/notification.server";
import { resolveLocale } from "~/utils/locale.server";
import { isBoardMove } from "~/utils/board";
import { can } from "~/utils/permissions";
import { useNonce } from "~/components/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Planboard" }];

export async function loader(args: LoaderFunctionArgs) {
  const [locale, actor] = await Promise.all([resolveLocale(args.request), getActor(args)]);
  const unreadNotifications = actor ? await countUnreadNotifications(args.context.db, actor.id) : 0;
  return { locale, actor, unreadNotifications };
}

/** A move on the board changes nothing the layout shows. */
export const shouldRevalidate: ShouldRevalidateFunction = (args) => (isBoardMove(args) ? false : args.defaultShouldRevalidate);

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale: Locale = data?.locale ?? defaultLocale;
  const actor = data?.actor ?? null;
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const nonce = useNonce();
  const menu = useRef<HTMLDetailsElement>(null);

  useEffect(() => {
    // A page opened from the folded menu shows without the menu over it.
    if (menu.current) menu.current.open = false;
  }, [location.key]);

  useEffect(() => {
    // A marker for tests and benchmarks: effects run once hydration has committed.
    document.documentElement.dataset.hydrated = "true";
  }, []);

  useEffect(() => {
    if (i18n.language === locale) return;
    if (i18n.hasTranslations(locale)) i18n.changeLanguage(locale);
    else
      void loadTranslations(locale).then((translations) => {
        i18n.addTranslations(locale, translations);
        i18n.changeLanguage(locale);
      });
  }, [i18n, locale]);

  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ModulePreloads />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <header className="site-header">
          <Link to="/plans" className="brand">
            {t("app.name")}
          </Link>
          {/* On a narrow screen the header's links fold into a disclosure that works without JavaScript. */}
          <details className="site-menu" ref={menu}>
            <summary>{t("app.menu")}</summary>
            <div className="site-menu-items">
              {actor ? (
                <nav aria-label={t("app.mainNavigation")}>
                  <ul>
                    <li>
                      <Link to="/plans">{t("plans.title")}</Link>
                    </li>
                    <li>
                      <Link to="/groups">{t("groups.title")}</Link>
                    </li>
                    <li>
                      <Link to="/summary">{t("summary.navTitle")}</Link>
                    </li>
                    <li>
                      <Link to="/activity">{t("activity.navTitle")}</Link>
                    </li>
                    <li>
                      <Link to="/following">{t("follow.navTitle")}</Link>
                    </li>
                    <li>
                      <Link to="/indicators">{t("indicators.title")}</Link>
                    </li>
                    {can(actor, "people:administer", { organisationId: actor.organisationId, unitId: null }) ? (
                      <li>
                        <Link to="/people">{t("people.title")}</Link>
                      </li>
                    ) : null}
                  </ul>
                </nav>
              ) : null}
              <Form method="post" action="/language" className="language-form">
                <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
                {supportedLocales
                  .filter((code) => code !== locale)
                  .map((code) => (
                    <button key={code} type="submit" name="locale" value={code}>
                      <span className="visually-hidden">{t("app.changeLanguage")}: </span>
                      <span lang={code}>{t(`app.languages.${code}`)}</span>
                    </button>
                  ))}
              </Form>
              {actor ? (
                <div className="account-menu">
                  <Link to="/notifications">
                    {t("notifications.title")}
                    {data?.unreadNotifications ? (
                      <strong>{` (${data.unreadNotifications} ${t("notifications.unread", { count: data.unreadNotifications })})`}</strong>
                    ) : null}
                  </Link>
                  <Link to="/account">{actor.name}</Link>
                  <Form method="post" action="/logout">
                    <button type="submit">{t("app.signOut")}</button>
                  </Form>
                </div>
              ) : null}
            </div>
          </details>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <DocumentTranslations />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);
  // A 400, or a 404 that knows why, carries the reasons as i18n keys: `{ errors: [...] }`.
  const reasons: string[] =
    isRouteErrorResponse(error) && Array.isArray((error.data as { errors?: unknown })?.errors) ? (error.data as { errors: string[] }).errors : [];
  const explained = reasons.map((reason) => t(reason as never)).join(" ");
  // A 410 says what is gone: `{ gone: "revoked" | "expired" }` (a share link).
  const gone = status === 410 && isRouteErrorResponse(error) && (error.data as { gone?: unknown })?.gone === "expired" ? "expired" : "revoked";
  const [title, message] =
    status === 410
      ? [t(`errors.shareGone.${gone}Title`), t(`errors.shareGone.${gone}`)]
      : status === 404
        ? [t("errors.notFoundTitle"), explained || t("errors.notFound")]
        : status === 403
          ? [t("errors.forbiddenTitle"), t("errors.forbidden")]
          : status === 400
            ? [t("errors.badRequestTitle"), explained]
            : [t("errors.genericTitle"), t("errors.generic")];
  return (
    <div className="page">
      <h1>{title}</h1>
      <p>{message}</p>
      {/* Whoever holds a withdrawn share link most likely has no account: no way in to offer. */}
      {status === 410 ? null : (
        <p>
          <Link to="/plans">{t("board.backToPlans")}</Link>
        </p>
      )}
    </div>
  );
}
