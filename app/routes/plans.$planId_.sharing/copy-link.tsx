import { useRef, useState } from "react";
import { useTranslation } from "~/components/i18n";
import { useHydrated } from "~/components/use-hydrated";

/**
 * The one-time link, with a button that copies it. Where the clipboard is refused (no
 * permission, an older browser), the link is selected instead, ready for Ctrl+C. Without
 * JavaScript there is no button: the link is text that selects whole with one click.
 */
export function CopyableLink({ url }: { url: string }) {
  const { t } = useTranslation();
  const hydrated = useHydrated();
  const link = useRef<HTMLElement>(null);
  const [status, setStatus] = useState("");

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t("share.copied"));
    } catch {
      if (link.current) window.getSelection()?.selectAllChildren(link.current);
      setStatus(t("share.copySelected"));
    }
  };

  return (
    <>
      <code ref={link} className="copyable">
        {url}
      </code>
      {hydrated ? (
        <div className="button-row copy-link">
          <button type="button" onClick={() => void copy()}>
            {t("share.copy")}
          </button>
          <p role="status" className="copy-status">
            {status}
          </p>
        </div>
      ) : null}
    </>
  );
}
