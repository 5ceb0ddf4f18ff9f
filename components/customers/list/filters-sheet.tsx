"use client";

import { FilterIcon } from "lucide-react";
import { lazy } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import type { FiltersPanelProps } from "./filters-panel";
import { countFilters } from "./list-state";

const loadPanel = () => import("./filters-panel");
const FiltersPanel = lazy(loadPanel);

/**
 * The list's Filters button (with the number of active filters) and the filters panel it opens. The
 * panel's code (the form, tag suggestions, the sheet) loads when the user reaches for the button
 * (`PopupOnDemand`); see filters-panel.tsx for what it edits.
 */
export function FiltersSheet(props: FiltersPanelProps) {
  const count = countFilters(props.value);
  const trigger = (
    <Button variant="outline" aria-label={count ? `Filters, ${count} active` : "Filters"}>
      <FilterIcon aria-hidden="true" />
      Filters
      {count ? (
        <Badge variant="secondary" className="ml-0.5 px-1.5">
          {count}
        </Badge>
      ) : null}
    </Button>
  );
  return (
    <PopupOnDemand
      popup="dialog"
      trigger={trigger}
      preload={loadPanel}
      menu={<FiltersPanel {...props} trigger={trigger} />}
    />
  );
}
