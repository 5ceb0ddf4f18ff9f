"use client";

import { useFormStatus } from "react-dom";
import { Button, type ButtonProps } from "@/components/ui/button";

/** A submit button that shows a spinner and disables itself while its `<form action>` is pending. */
export function SubmitButton(props: Omit<ButtonProps, "type" | "loading" | "asChild">) {
  const { pending } = useFormStatus();
  return <Button type="submit" loading={pending} {...props} />;
}
