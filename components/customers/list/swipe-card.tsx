"use client";
import { type CSSProperties, type ReactNode, useEffect, useRef, useState } from "react";
import { cn } from "@/components/ui/utils";

/** One button in the tray a swipe reveals. */
export interface SwipeAction {
  label: string;
  icon: ReactNode;
  onSelect: () => void;
  destructive?: boolean;
}

/** Width of each tray button, px (also the tap target: full card height × 72 px). */
const ACTION_WIDTH = 72;
/** Finger travel before a gesture is read as a swipe or a scroll, px. */
const SLOP = 10;
/** How long a still finger makes a long-press, ms. */
const LONG_PRESS_MS = 500;

interface Gesture {
  x: number;
  y: number;
  base: number;
  width: number;
  axis: "x" | "y" | null;
  offset: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * A phone card with touch gestures, as in a phone's mail app:
 * - swipe left to reveal its actions behind it (`actions`, right to left), swipe right or tap the card to
 *   put it back; one card open at a time is the parent's choice (`open`, `onOpenChange`);
 * - long-press (half a second, finger still) calls `onLongPress` (selection), with a short vibration
 *   where the phone has one.
 * Vertical movement stays the browser's scroll (`touch-action: pan-y`). Mice and keyboards do not swipe:
 * the card's own buttons and the list's checkbox and bulk actions do the same things, and the tray is
 * inert (out of the tab order and the accessibility tree) while it is closed. The tray is rendered once a
 * finger first touches the card (or it opens), so a long list does not build and hydrate a hidden tray
 * per card.
 */
export function SwipeCard({
  name,
  open,
  onOpenChange,
  onLongPress,
  actions,
  className,
  children,
}: {
  /** Whose card it is: the tray's buttons are named after it ("Delete Asha Rao"). */
  name: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onLongPress: () => void;
  actions: SwipeAction[];
  className?: string;
  children: ReactNode;
}) {
  const layer = useRef<HTMLDivElement>(null);
  const tray = useRef<HTMLDivElement>(null);
  const gesture = useRef<Gesture | null>(null);
  // A swipe or a long-press ends with the finger lifted over the card: the click the browser may send
  // after it is not a tap (until the next finger or mouse press).
  const suppressClick = useRef(false);
  const [armed, setArmed] = useState(false);
  const trayWidth = actions.length * ACTION_WIDTH;

  useEffect(() => () => stopTimer(gesture.current), []);

  function release(keep: boolean) {
    const g = gesture.current;
    gesture.current = null;
    stopTimer(g);
    if (g?.axis !== "x") return;
    suppressClick.current = true;
    const el = layer.current;
    if (el) {
      el.style.transition = "";
      el.style.transform = "";
    }
    if (tray.current) tray.current.style.visibility = "";
    if (keep) onOpenChange(g.offset < -g.width / 2);
  }

  return (
    <li
      className="relative touch-pan-y overflow-hidden rounded-lg [contain-intrinsic-size:auto_5.5rem] [content-visibility:auto]"
      style={{ "--tray": `${trayWidth}px` } as CSSProperties}
      onPointerDown={(e) => {
        suppressClick.current = false;
        if (e.pointerType !== "touch") return;
        setArmed(true);
        stopTimer(gesture.current);
        const g: Gesture = {
          x: e.clientX,
          y: e.clientY,
          base: open ? -trayWidth : 0,
          width: trayWidth,
          axis: null,
          offset: open ? -trayWidth : 0,
          timer: null,
        };
        g.timer = setTimeout(() => {
          g.timer = null;
          suppressClick.current = true;
          navigator.vibrate?.(15);
          onLongPress();
        }, LONG_PRESS_MS);
        gesture.current = g;
      }}
      onPointerMove={(e) => {
        const g = gesture.current;
        if (!g) return;
        const dx = e.clientX - g.x;
        const dy = e.clientY - g.y;
        if (!g.axis) {
          if (Math.hypot(dx, dy) <= SLOP) return;
          stopTimer(g);
          g.axis = Math.abs(dx) > Math.abs(dy) && trayWidth > 0 ? "x" : "y";
        }
        if (g.axis !== "x") return;
        // Follows the finger, with a little give past the tray.
        g.offset = Math.min(0, Math.max(-g.width * 1.15, g.base + dx));
        if (tray.current) tray.current.style.visibility = "visible";
        const el = layer.current;
        if (el) {
          el.style.transition = "none";
          el.style.transform = `translateX(${g.offset}px)`;
        }
      }}
      onPointerUp={() => release(true)}
      onPointerCancel={() => release(false)}
      onContextMenu={(e) => {
        // The long-press menu of the phone's browser would cover the selection.
        if (gesture.current) e.preventDefault();
      }}
      onClickCapture={(e) => {
        const inTray = (e.target as Element).closest("[data-swipe-tray]");
        if (suppressClick.current) {
          suppressClick.current = false;
          e.preventDefault();
          e.stopPropagation();
        } else if (open && !inTray) {
          // A tap on an open card puts it back rather than acting on what is under the finger.
          e.preventDefault();
          e.stopPropagation();
          onOpenChange(false);
        }
      }}
    >
      {actions.length && (armed || open) ? (
        <div
          ref={tray}
          data-swipe-tray=""
          // Hidden while closed: the card's rounded corners would show it.
          className={cn(
            "absolute inset-y-0 right-0 flex transition-[visibility] duration-200",
            !open && "invisible",
          )}
          inert={!open}
        >
          {actions.map((a) => (
            <button
              key={a.label}
              type="button"
              aria-label={`${a.label} ${name}`}
              className={cn(
                "flex w-18 flex-col items-center justify-center gap-1 text-xs font-medium outline-none focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset [&_svg]:size-5",
                a.destructive ? "bg-destructive text-white" : "bg-primary text-primary-foreground",
              )}
              onClick={() => {
                onOpenChange(false);
                a.onSelect();
              }}
            >
              {a.icon}
              {a.label}
            </button>
          ))}
        </div>
      ) : null}
      <div
        ref={layer}
        data-swipe-layer=""
        className={cn(
          "relative flex min-w-0 items-start gap-3 rounded-lg border bg-card p-3 transition-transform duration-200 motion-reduce:transition-none",
          open && "translate-x-[calc(-1*var(--tray))]",
          className,
        )}
      >
        {children}
      </div>
    </li>
  );
}

function stopTimer(g: Gesture | null) {
  if (g?.timer) clearTimeout(g.timer);
  if (g) g.timer = null;
}
