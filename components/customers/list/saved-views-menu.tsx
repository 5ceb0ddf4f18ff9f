"use client";

import { useQuery } from "@tanstack/react-query";
import { BookmarkIcon, ChevronDownIcon } from "lucide-react";
import { lazy } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import type { SavedView, ViewState } from "./saved-views-dropdown";

export type { ViewState };

const loadDropdown = () => import("./saved-views-dropdown");
const SavedViewsDropdown = lazy(loadDropdown);

/**
 * "Views": apply a saved view, save the current filters/sort/columns as one (personal, or shared by
 * owners and admins), or delete one. The button shows the applied view's name; the menu and its dialogs
 * load when the user reaches for it (`PopupOnDemand`).
 */
export function SavedViewsMenu(props: {
  current: ViewState;
  activeId: string | null;
  onApply: (view: { id: string; name: string } & ViewState) => void;
}) {
  const business = useBusiness();
  const trpc = useTRPC();
  const views = useQuery(trpc.savedViews.list.queryOptions({ businessId: business.id }));
  const active = ((views.data ?? []) as unknown as SavedView[]).find((v) => v.id === props.activeId);
  const trigger = (
    <Button variant="outline" className="max-w-56">
      <BookmarkIcon aria-hidden="true" />
      <span className="truncate">{active ? active.name : "Views"}</span>
      <ChevronDownIcon aria-hidden="true" />
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadDropdown}
      menu={<SavedViewsDropdown current={props.current} onApply={props.onApply} trigger={trigger} />}
    />
  );
}
