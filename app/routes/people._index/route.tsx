import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";
import { CheckboxField, RadioField, SchemaForm, SelectField, TextField, useSchemaForm } from "~/components/form";
import { PersonStatus } from "~/components/person-status";
import { RoleMappingTable } from "~/components/role-mapping-table";
import { loadIdentityProvider } from "~/models/identity-provider.server";
import { createPerson, emailInUse, listPeople, listUnits, unitBelongsTo } from "~/models/person.server";
import { createPersonSchema } from "~/schemas/people";
import { requirePermission } from "~/utils/auth.server";
import { parseForm } from "~/utils/form.server";

export const meta: MetaFunction = () => [{ title: "Planboard" }];

const administerOwnOrganisation = (args: LoaderFunctionArgs) =>
  requirePermission(args, "people:administer", (actor) => ({ organisationId: actor.organisationId, unitId: null }));

export async function loader(args: LoaderFunctionArgs) {
  const actor = await administerOwnOrganisation(args);
  const [people, units, identityProvider] = await Promise.all([
    listPeople(args.context.db, actor.organisationId),
    listUnits(args.context.db, actor.organisationId),
    loadIdentityProvider(args.context.db, actor.organisationId),
  ]);
  return { people, units, identityProvider };
}

/** The intents the action takes: read by the authorisation matrix test. */
export const intents = [createPersonSchema.shape.intent.value];

export async function action(args: ActionFunctionArgs) {
  const actor = await administerOwnOrganisation(args);
  const { db } = args.context;
  const submission = await parseForm(args.request, createPersonSchema, async (value, ctx) => {
    if (value.unitId && !(await unitBelongsTo(db, actor.organisationId, value.unitId))) {
      ctx.addIssue({ code: "custom", path: ["unitId"], message: "errors.choose" });
    }
    if (await emailInUse(db, value.email)) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "errors.emailTaken" });
    }
  }, { reads: ["unitId", "email"] });
  if (submission.status !== "success") return Response.json(submission.reply(), { status: 400 });
  const { value } = submission;
  const person = await createPerson(db, actor.organisationId, {
    name: value.name,
    email: value.email,
    unitId: value.unitId ?? null,
    role: value.role,
    isAdmin: value.isAdmin,
  });
  return redirect(`/people/${person.id}`);
}

export default function People() {
  const { people, units, identityProvider } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useSchemaForm({
    id: "create-person",
    schema: createPersonSchema,
    lastResult,
    defaultValue: { role: "staff" },
  });

  return (
    <div className="page">
      <h1>{t("people.title")}</h1>
      <ul>
        <li>
          <Link to="/units">{t("people.unitsLink")}</Link>
        </li>
        <li>
          <Link to="/people/sign-in">{t("identityProvider.peopleLink")}</Link>
        </li>
      </ul>
      {identityProvider ? (
        <section aria-labelledby="sign-in-roles">
          <h2 id="sign-in-roles">{t("identityProvider.mappingsTitle")}</h2>
          <p>{t("identityProvider.peopleSummary", { provider: identityProvider.displayName })}</p>
          <RoleMappingTable provider={identityProvider} />
        </section>
      ) : null}
      <table className="data-table">
        <caption className="visually-hidden">{t("people.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("people.name")}</th>
            <th scope="col">{t("people.email")}</th>
            <th scope="col">{t("people.unit")}</th>
            <th scope="col">{t("people.role")}</th>
            <th scope="col">{t("people.status")}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((person) => (
            <tr key={person.id}>
              <th scope="row">
                <Link to={`/people/${person.id}`}>{person.name}</Link>
              </th>
              <td>{person.email}</td>
              <td>{person.unitName ?? "–"}</td>
              <td>
                {t(`roles.${person.role}`)}
                {person.isAdmin ? ` · ${t("people.admin")}` : null}
              </td>
              <td>
                <PersonStatus person={person} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="add-person" className="panel">
        <h2 id="add-person">{t("people.addTitle")}</h2>
        <SchemaForm form={form} className="stack">
          <input type="hidden" name="intent" value="create" />
          <TextField field={fields.name} label={t("people.name")} autoComplete="off" />
          <TextField field={fields.email} label={t("people.email")} type="email" autoComplete="off" />
          <SelectField field={fields.unitId} label={t("people.unit")}>
            <option value="">{t("people.noUnit")}</option>
            {units.map((unit) => (
              <option key={unit.id} value={unit.id}>
                {unit.name}
              </option>
            ))}
          </SelectField>
          <RadioField
            field={fields.role}
            legend={t("people.role")}
            choices={(["staff", "strategic_developer"] as const).map((role) => ({ value: role, label: t(`roles.${role}`) }))}
          />
          <CheckboxField field={fields.isAdmin} label={t("people.adminRight")} />
          <button type="submit" className="primary">
            {t("people.add")}
          </button>
        </SchemaForm>
      </section>
    </div>
  );
}
