"use client";

import { MoreHorizontalIcon } from "lucide-react";
import { lazy } from "react";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import type { LeadFormStatus } from "@/server/domain/lead-forms";

const loadMenu = () => import("./form-actions-menu");
const FormActionsMenu = lazy(loadMenu);

/** A form's "More actions" button; the menu's code loads when the button is first reached for. */
export function FormRowActions({
  form,
  afterDeleteFocusId,
}: {
  form: { id: string; name: string; status: LeadFormStatus; submissionCount: number };
  afterDeleteFocusId: string;
}) {
  const trigger = (
    <Button variant="ghost" size="icon-sm" aria-label={`More actions for ${form.name}`}>
      <MoreHorizontalIcon aria-hidden="true" />
    </Button>
  );
  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadMenu}
      menu={<FormActionsMenu form={form} trigger={trigger} afterDeleteFocusId={afterDeleteFocusId} />}
    />
  );
}
