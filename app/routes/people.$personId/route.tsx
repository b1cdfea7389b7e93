import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ConfirmedSubmit } from "~/components/confirmed-submit";
import { useTranslation } from "~/components/i18n";
import { z } from "zod";
import { ErrorList } from "~/components/form";
import { PersonStatus } from "~/components/person-status";
import {
  changeRole,
  changeUnit,
  listUnits,
  unitBelongsTo,
  createPasswordSetupToken,
  deactivatePerson,
  findPerson,
  reactivatePerson,
} from "~/models/person.server";
import { personActionSchema } from "~/schemas/people";
import { requirePermission } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";
import { formatInstant } from "~/utils/format";
import { resolveLocale } from "~/utils/locale.server";
import { readParams } from "~/utils/params.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const paramsSchema = z.object({ personId: z.uuid() });

async function loadPersonForAdmin(args: LoaderFunctionArgs) {
  const actor = await requirePermission(args, "people:administer", (who) => ({ organisationId: who.organisationId, unitId: null }));
  const { personId } = readParams(args.params, paramsSchema);
  const person = await findPerson(args.context.db, actor.organisationId, personId);
  if (!person) throw new Response("Not found", { status: 404 });
  return { actor, person };
}

export async function loader(args: LoaderFunctionArgs) {
  const { actor, person } = await loadPersonForAdmin(args);
  const [units, locale] = await Promise.all([listUnits(args.context.db, actor.organisationId), resolveLocale(args.request)]);
  return { person, isSelf: person.id === actor.id, units, locale };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = personActionSchema.options.map((option) => option.shape.intent.value);

export async function action(args: ActionFunctionArgs) {
  const { actor, person } = await loadPersonForAdmin(args);
  const { db } = args.context;
  const submission = await parseForm(args.request, personActionSchema, async (value, ctx) => {
    if (value.intent === "change-unit" && value.unitId && !(await unitBelongsTo(db, actor.organisationId, value.unitId))) {
      ctx.addIssue({ code: "custom", path: ["unitId"], message: "errors.choose" });
    }
  }, { reads: ["unitId"] });
  if (submission.status !== "success") return Response.json({ result: submission.reply() }, { status: 400 });
  const { value } = submission;

  // Nobody locks themselves out: one's own role and access are changed by another administrator.
  if (person.id === actor.id && value.intent !== "setup-link") {
    return Response.json({ result: submission.reply({ formErrors: ["errors.notOnYourself"] }) }, { status: 400 });
  }

  switch (value.intent) {
    case "change-role":
      await changeRole(db, actor.organisationId, person.id, value.role, value.isAdmin);
      return { result: submission.reply({ resetForm: true }) };
    case "change-unit":
      await changeUnit(db, actor.organisationId, person.id, value.unitId ?? null);
      return { result: submission.reply() };
    case "deactivate":
      await deactivatePerson(db, actor.organisationId, person.id);
      return { result: submission.reply() };
    case "reactivate":
      await reactivatePerson(db, actor.organisationId, person.id);
      return { result: submission.reply() };
    case "setup-link": {
      if (person.deactivatedAt) {
        return Response.json({ result: submission.reply({ formErrors: ["errors.personDeactivated"] }) }, { status: 400 });
      }
      const token = await createPasswordSetupToken(db, person.id, actor.id);
      const setupUrl = `${new URL(args.request.url).origin}/password-setup/${token}`;
      return { result: submission.reply(), setupUrl };
    }
  }
}

export default function Person() {
  const { person, isSelf, units, locale } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const formErrors = actionData?.result.error?.[""] ?? actionData?.result.error?.confirm ?? undefined;
  const setupUrl = actionData && "setupUrl" in actionData ? actionData.setupUrl : null;

  return (
    <div className="page narrow">
      <p className="breadcrumb">
        <Link to="/people">{t("people.title")}</Link>
      </p>
      <h1>{person.name}</h1>
      <dl className="facts">
        <dt>{t("people.email")}</dt>
        <dd>{person.email}</dd>
        <dt>{t("people.unit")}</dt>
        <dd>{person.unitName ?? "–"}</dd>
        <dt>{t("people.role")}</dt>
        <dd>
          {t(`roles.${person.role}`)}
          {person.isAdmin ? ` · ${t("people.admin")}` : null}
        </dd>
        <dt>{t("people.status")}</dt>
        <dd>
          <PersonStatus person={person} />
        </dd>
        {person.lastProviderSignIn ? (
          <>
            <dt>{t("people.providerSignIn")}</dt>
            <dd>{t("people.lastProviderSignIn", { when: formatInstant(person.lastProviderSignIn, locale) })}</dd>
          </>
        ) : null}
      </dl>
      <ErrorList errors={formErrors} />

      {setupUrl ? (
        <section className="panel notice" aria-labelledby="setup-link" role="status">
          <h2 id="setup-link">{t("people.setupLinkTitle")}</h2>
          <p>{t("people.setupLinkIntro", { name: person.name })}</p>
          <p>
            <code className="copyable">{setupUrl}</code>
          </p>
        </section>
      ) : null}

      {isSelf ? (
        <p className="muted">{t("people.selfNote")}</p>
      ) : (
        <>
          <section className="panel" aria-labelledby="change-role">
            <h2 id="change-role">{t("people.changeRole")}</h2>
            <Form method="post" className="stack" key={`${person.role}-${person.isAdmin}`}>
              <input type="hidden" name="intent" value="change-role" />
              <fieldset className="field">
                <legend>{t("people.role")}</legend>
                {(["staff", "strategic_developer"] as const).map((role) => (
                  <label key={role} className="choice">
                    <input type="radio" name="role" value={role} defaultChecked={person.role === role} />
                    {t(`roles.${role}`)}
                  </label>
                ))}
              </fieldset>
              <label className="choice">
                <input type="checkbox" name="isAdmin" defaultChecked={person.isAdmin} />
                {t("people.adminRight")}
              </label>
              <button type="submit">{t("people.saveRole")}</button>
            </Form>
          </section>
          <section className="panel" aria-labelledby="change-unit">
            <h2 id="change-unit">{t("people.changeUnit")}</h2>
            <p className="hint">{t("people.changeUnitHint")}</p>
            <Form method="post" className="stack" key={person.unitId ?? "none"}>
              <input type="hidden" name="intent" value="change-unit" />
              <label className="field">
                <span>{t("people.unit")}</span>
                <select name="unitId" defaultValue={person.unitId ?? ""}>
                  <option value="">{t("people.noUnit")}</option>
                  {units.map((unit) => (
                    <option key={unit.id} value={unit.id}>
                      {unit.name}
                    </option>
                  ))}
                </select>
              </label>
              <button type="submit">{t("people.saveUnit")}</button>
            </Form>
          </section>
          <section className="panel" aria-labelledby="access">
            <h2 id="access">{t("people.access")}</h2>
            {person.deactivatedAt ? (
              <Form method="post">
                <button type="submit" name="intent" value="reactivate">
                  {t("people.reactivate")}
                </button>
              </Form>
            ) : (
              <div className="button-row">
                <Form method="post">
                  <button type="submit" name="intent" value="setup-link">
                    {person.hasPassword ? t("people.resetLink") : t("people.setupLink")}
                  </button>
                </Form>
                <Form method="post">
                  <ConfirmedSubmit
                    name="intent"
                    value="deactivate"
                    label={t("people.deactivate")}
                    question={t("confirm.deactivate.question", { name: person.name })}
                    consequence={t("confirm.deactivate.consequence", { name: person.name })}
                    confirmLabel={t("confirm.deactivate.yes")}
                  />
                </Form>
              </div>
            )}
          </section>
        </>
      )}
    </div>
  );
}
