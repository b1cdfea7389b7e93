import type { SubmissionResult } from "@conform-to/react";
import type { IdentityProviderSettings } from "~/models/identity-provider.server";
import { identityProviderActionSchema } from "~/schemas/identity-provider";
import { SchemaForm, useSchemaForm } from "./form";
import { useTranslation } from "./i18n";

/** The groups claim's values and the roles they give: also shown on /people. */
export function RoleMappingTable({
  provider,
  editable = false,
  resultFor,
}: {
  provider: Pick<IdentityProviderSettings, "roleMappings" | "displayName">;
  editable?: boolean;
  resultFor?: (form: string) => SubmissionResult<string[]> | undefined;
}) {
  const { t } = useTranslation();
  if (provider.roleMappings.length === 0) return <p>{t("identityProvider.noMappings")}</p>;
  return (
    <table className="data-table">
      <caption className="visually-hidden">{t("identityProvider.mappingsCaption", { provider: provider.displayName })}</caption>
      <thead>
        <tr>
          <th scope="col">{t("identityProvider.groupValue")}</th>
          <th scope="col">{t("identityProvider.role")}</th>
          {editable ? (
            <th scope="col">
              <span className="visually-hidden">{t("identityProvider.actions")}</span>
            </th>
          ) : null}
        </tr>
      </thead>
      <tbody>
        {provider.roleMappings.map((mapping) => (
          <tr key={mapping.groupValue}>
            <td>
              <code>{mapping.groupValue}</code>
            </td>
            <td>{t(`roles.${mapping.role}`)}</td>
            {editable ? (
              <td>
                <RemoveMapping groupValue={mapping.groupValue} lastResult={resultFor?.(`remove-mapping:${mapping.groupValue}`)} />
              </td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RemoveMapping({ groupValue, lastResult }: { groupValue: string; lastResult?: SubmissionResult<string[]> }) {
  const { t } = useTranslation();
  const [form] = useSchemaForm({ id: `remove-mapping-${groupValue}`, schema: identityProviderActionSchema, lastResult });
  return (
    <SchemaForm form={form}>
      <input type="hidden" name="groupValue" value={groupValue} />
      <button type="submit" name="intent" value="remove-mapping">
        {t("identityProvider.removeMapping")}
        <span className="visually-hidden"> {groupValue}</span>
      </button>
    </SchemaForm>
  );
}

