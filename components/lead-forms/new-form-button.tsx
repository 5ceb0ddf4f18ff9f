"use client";

import { PlusIcon } from "lucide-react";
import { lazy } from "react";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";

const loadDialog = () => import("./new-form-dialog");
const NewFormDialog = lazy(loadDialog);

/** "New form": its dialog's code loads when the button is first pointed at, focused or pressed. */
export function NewFormButton({ label = "New form" }: { label?: string }) {
  const trigger = (
    <Button>
      <PlusIcon aria-hidden="true" />
      {label}
    </Button>
  );
  return (
    <PopupOnDemand
      popup="dialog"
      trigger={trigger}
      preload={loadDialog}
      menu={<NewFormDialog trigger={trigger} />}
    />
  );
}
