import { DndContext, DragOverlay, MouseSensor, TouchSensor, useDraggable, useSensor, useSensors } from "@dnd-kit/core";
import { useEffect, useLayoutEffect, useRef, type MutableRefObject, type ReactNode, type SyntheticEvent } from "react";

/** A press on a movable card (mouse down or touch start), as React gave it to the board. */
export interface CardPress {
  card: HTMLElement;
  event: SyntheticEvent;
}

export interface PointerDragProps {
  /** Filled in once this module has loaded: hands a press to the drag-and-drop sensors. */
  startPress: MutableRefObject<((press: CardPress) => void) | null>;
  /** A press made while this module was loading, handed over as soon as it is ready. */
  waitingPress: MutableRefObject<CardPress | null>;
  onStart: () => void;
  /** The pointer, in viewport coordinates, after every move (and every scroll) during a drag. */
  onMove: (x: number, y: number) => void;
  onEnd: () => void;
  onCancel: () => void;
  /** What the card being dragged looks like under the pointer. */
  overlay: ReactNode;
}

// The board speaks for itself (its own live region), for the pointer and the keyboard alike.
const SILENT = {
  onDragStart: () => undefined,
  onDragOver: () => undefined,
  onDragEnd: () => undefined,
  onDragCancel: () => undefined,
};

/**
 * Dragging cards with a mouse or a finger, loaded when a pointer first comes over the board:
 * keyboard moves never need it, and the board becomes interactive without its weight. One
 * dnd-kit draggable stands for whichever card was pressed; the board finds the cell under the
 * pointer itself, so there are no drop targets to register.
 */
export default function PointerDrag({ startPress, waitingPress, onStart, onMove, onEnd, onCancel, overlay }: PointerDragProps) {
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 6 } }),
  );
  const pointer = useRef({ x: 0, y: 0 });
  useEffect(() => {
    const follow = (event: MouseEvent | TouchEvent) => {
      const point = "touches" in event ? event.touches[0] : event;
      if (point) pointer.current = { x: point.clientX, y: point.clientY };
    };
    window.addEventListener("mousemove", follow, { capture: true, passive: true });
    window.addEventListener("touchmove", follow, { capture: true, passive: true });
    return () => {
      window.removeEventListener("mousemove", follow, { capture: true });
      window.removeEventListener("touchmove", follow, { capture: true });
    };
  }, []);

  return (
    <DndContext
      sensors={sensors}
      accessibility={{ announcements: SILENT, screenReaderInstructions: { draggable: "" } }}
      onDragStart={onStart}
      onDragMove={() => onMove(pointer.current.x, pointer.current.y)}
      onDragEnd={onEnd}
      onDragCancel={onCancel}
    >
      <PressedCard startPress={startPress} waitingPress={waitingPress} />
      <DragOverlay className="drag-overlay">{overlay}</DragOverlay>
    </DndContext>
  );
}

function PressedCard({ startPress, waitingPress }: Pick<PointerDragProps, "startPress" | "waitingPress">) {
  const { setNodeRef, listeners } = useDraggable({ id: "pressed-card" });
  useLayoutEffect(() => {
    startPress.current = ({ card, event }) => {
      setNodeRef(card);
      (event.type === "mousedown" ? listeners?.onMouseDown : listeners?.onTouchStart)?.(event);
    };
    const waiting = waitingPress.current;
    waitingPress.current = null;
    if (waiting) startPress.current(waiting);
    return () => {
      startPress.current = null;
    };
  });
  return null;
}
