import { useLoaderData, useLocation, useNavigate, useParams } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "~/components/i18n";
import AssignmentPage, { type loader } from "../plans.$planId_.assignments.$assignmentId/route";

// A card opened from the board: the assignment's own page, in a panel over the board. Same data,
// permissions and actions as the page; its own address, so links and the no-JavaScript path work.
export { action, intents, loader, meta } from "../plans.$planId_.assignments.$assignmentId/route";

export default function CardPanel() {
  const { t } = useTranslation();
  const { assignment } = useLoaderData<typeof loader>();
  const { planId, assignmentId } = useParams();
  const { search } = useLocation();
  const navigate = useNavigate();
  const dialog = useRef<HTMLDialogElement>(null);
  const boardHref = `/plans/${planId}${search}`;

  useEffect(() => {
    const panel = dialog.current;
    if (!panel) return;
    // Rendered open for the page without JavaScript; made modal here, which also keeps the focus in it.
    if (!panel.matches(":modal")) {
      panel.close();
      panel.showModal();
    }
    return () => {
      // Closing gives the focus back to the card the panel was opened from.
      const link = document.querySelector<HTMLElement>(`#card-${CSS.escape(assignmentId ?? "")} .card-title a`);
      (link ?? document.querySelector<HTMLElement>(".board"))?.focus();
    };
  }, [assignmentId]);

  const close = () => navigate(boardHref, { preventScrollReset: true });
  return (
    <dialog
      ref={dialog}
      open
      className="card-panel"
      aria-label={assignment.title}
      onCancel={(event) => {
        event.preventDefault();
        close();
      }}
    >
      <p className="card-panel-close">
        <a
          href={boardHref}
          onClick={(event) => {
            event.preventDefault();
            close();
          }}
        >
          {t("board.closeCard")}
        </a>
      </p>
      <AssignmentPage />
    </dialog>
  );
}
