import { Form } from "@remix-run/react";
import { useTranslation } from "~/components/i18n";

interface DemoPerson {
  id: string;
  name: string;
  email: string;
  organisationName: string;
}

const DESCRIPTION_KEYS = {
  "strateg@exempelby.test": "login.demoStrategic",
  "norr@exempelby.test": "login.demoDistrict",
  "grupp@exempelby.test": "login.demoGroupMember",
  "personal@exempelby.test": "login.demoStaff",
  "annan@annanstad.test": "login.demoOtherOrganisation",
} as const;

export function DemoAccounts({ people, password, redirectTo }: { people: DemoPerson[]; password: string; redirectTo: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="demo-accounts" className="demo-accounts">
      <h2 id="demo-accounts">{t("login.demoTitle")}</h2>
      <p>{t("login.demoIntro", { password })}</p>
      <ul className="demo-list">
        {people.map((person) => (
          <li key={person.id}>
            <Form method="post">
              <input type="hidden" name="intent" value="demo" />
              <input type="hidden" name="email" value={person.email} />
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <p className="demo-person">
                <strong>{person.name}</strong> · {person.organisationName}
                <br />
                <span className="muted">
                  {t(DESCRIPTION_KEYS[person.email as keyof typeof DESCRIPTION_KEYS] ?? "login.demoStaff")} · {person.email}
                </span>
              </p>
              <button type="submit">{t("login.demoSignInAs", { name: person.name })}</button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}
