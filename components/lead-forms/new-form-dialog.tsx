"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type ReactElement, useState } from "react";
import { fieldErrorsOf, messageOf } from "@/components/auth/trpc-errors";
import { useBusiness } from "@/components/layout/business-context";
import { useTRPC } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import {
  Dialog,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
} from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { LEAD_FORM_NAME_MAX } from "@/server/domain/lead-form-contracts";

/**
 * The "New form" dialog, open from the start (loaded when the button is first reached for, see
 * `NewFormButton`): asks for a name, creates the draft (name, email and phone fields) and opens its
 * builder. A taken name is shown at the field.
 */
export default function NewFormDialog({ trigger }: { trigger: ReactElement }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(true);
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(
    trpc.leadForms.create.mutationOptions({
      onSuccess: (form) => router.push(`/b/${business.slug}/forms/${form.id}`),
      onError: (e) => setError(fieldErrorsOf(e).name ?? messageOf(e)),
    }),
  );
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) {
          setName("");
          setError(null);
        }
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>{trigger}</DialogTrigger>
      <DialogContent>
        <form
          className="grid gap-4"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return setError("Name the form.");
            create.mutate({ businessId: business.id, name: name.trim() });
          }}
        >
          <DialogHeader>
            <DialogTitle>New form</DialogTitle>
            <DialogDescription>
              It starts with name, email and phone fields; add more in the builder. Visitors see it once you
              publish it.
            </DialogDescription>
          </DialogHeader>
          <div className="grid gap-2">
            <Label htmlFor="new-form-name">Form name</Label>
            <Input
              id="new-form-name"
              value={name}
              maxLength={LEAD_FORM_NAME_MAX}
              placeholder="Free consultation"
              onChange={(e) => {
                setName(e.target.value);
                setError(null);
              }}
              aria-invalid={!!error}
              aria-describedby={error ? "new-form-name-error" : undefined}
            />
            {error ? (
              <p id="new-form-name-error" className="text-sm font-medium text-destructive">
                {error}
              </p>
            ) : null}
          </div>
          <DialogFooter>
            <Button type="button" variant="outline" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit" loading={create.isPending}>
              Create form
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
