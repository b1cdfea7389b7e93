import type { KeyboardEvent } from "react";

/**
 * One Tab stop per card list, arrow keys inside it (a roving tabindex): Tab goes from cell to
 * cell, Up and Down from card to card, Left and Right between a card's handle and its title link,
 * Home and End to the ends of the list. The tab stops live in the DOM only, set once the board's
 * script runs: the page without JavaScript keeps every card in the Tab order.
 */

const CONTROL = ".drag-handle, .card-title a";

function controlsOf(card: Element): HTMLElement[] {
  return [...card.querySelectorAll<HTMLElement>(CONTROL)];
}

/** Makes exactly one control of every card list a Tab stop: the focused one, else the last chosen, else the first card's first. */
export function keepOneTabStopPerList(root: HTMLElement) {
  for (const list of root.querySelectorAll<HTMLElement>(".card-list")) {
    const controls = [...list.querySelectorAll<HTMLElement>(`:scope > li.card :is(${CONTROL})`)];
    if (controls.length === 0) continue;
    const focused = controls.find((control) => control === document.activeElement);
    const stop = focused ?? controls.find((control) => control.getAttribute("tabindex") === "0") ?? controls[0]!;
    for (const control of controls) {
      const tabIndex = control === stop ? "0" : "-1";
      if (control.getAttribute("tabindex") !== tabIndex) control.setAttribute("tabindex", tabIndex);
    }
  }
}

/** Moves the focus within a card list for an arrow, Home or End key; leaves every other key alone. */
export function moveFocusInList(event: KeyboardEvent<HTMLElement>) {
  if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
  const control = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>(CONTROL) : null;
  const card = control?.closest("li.card");
  const list = card?.parentElement;
  if (!control || !card || !list?.classList.contains("card-list")) return;
  const cards = [...list.querySelectorAll(":scope > li.card")];
  const index = cards.indexOf(card);
  const kind = control.matches(".drag-handle") ? 0 : 1;
  const inCard = (other: Element | undefined) => {
    if (!other) return undefined;
    const controls = controlsOf(other);
    return controls[Math.min(kind, controls.length - 1)];
  };

  let next: HTMLElement | undefined;
  if (event.key === "ArrowDown") next = inCard(cards[index + 1]);
  else if (event.key === "ArrowUp") next = inCard(cards[index - 1]);
  else if (event.key === "Home") next = inCard(cards[0]);
  else if (event.key === "End") next = inCard(cards.at(-1));
  else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
    const controls = controlsOf(card);
    next = controls[controls.indexOf(control) + (event.key === "ArrowRight" ? 1 : -1)];
  } else return;
  event.preventDefault();
  if (!next) return;
  control.setAttribute("tabindex", "-1");
  next.setAttribute("tabindex", "0");
  next.focus();
}

/** Makes a control that got the focus some other way (a click, a drop) its list's Tab stop. */
export function followFocusInList(event: { target: EventTarget }) {
  const control = event.target instanceof HTMLElement ? event.target.closest<HTMLElement>(CONTROL) : null;
  const list = control?.closest(".card-list");
  if (!control || !list) return;
  for (const other of list.querySelectorAll<HTMLElement>(CONTROL)) {
    if (other !== control && other.getAttribute("tabindex") === "0") other.setAttribute("tabindex", "-1");
  }
  control.setAttribute("tabindex", "0");
}
