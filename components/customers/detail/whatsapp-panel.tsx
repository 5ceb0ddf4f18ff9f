"use client";

import { MessageCircleIcon } from "lucide-react";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";

const loadComposer = () => import("./whatsapp-composer");
const WhatsappComposer = lazy(loadComposer);

/**
 * The WhatsApp card of a customer's page. Until the member reaches for it, it is one button: the
 * composer (its window query, template picker and preview) loads when the button is pointed at or
 * focused and renders when it is pressed, so the page's first load does not carry it.
 */
export function WhatsappPanel({ customerId }: { customerId: string }) {
  const [active, setActive] = useState(false);
  const region = useRef<HTMLDivElement>(null);
  // The button goes away when pressed: keep focus in the card (the text box takes it when it appears).
  useEffect(() => {
    if (active) region.current?.focus();
  }, [active]);
  const warm = () => {
    void loadComposer();
  };
  return (
    <Card className="gap-4">
      <CardHeader>
        <CardTitle as="h2" className="flex items-center gap-2 text-base">
          <MessageCircleIcon className="size-4" aria-hidden="true" />
          WhatsApp
        </CardTitle>
        {active ? null : (
          <CardDescription>
            Reply within 24 hours of the customer's last message, or send an approved template.
          </CardDescription>
        )}
      </CardHeader>
      <CardContent ref={region} tabIndex={-1} className="min-w-0 outline-none">
        {active ? (
          <Suspense
            fallback={
              <div aria-hidden="true" className="grid gap-3">
                <Skeleton className="h-4 w-48" />
                <Skeleton className="h-20 w-full" />
              </div>
            }
          >
            <WhatsappComposer customerId={customerId} />
          </Suspense>
        ) : (
          <Button variant="outline" onPointerEnter={warm} onFocus={warm} onClick={() => setActive(true)}>
            <MessageCircleIcon aria-hidden="true" />
            Write a WhatsApp message
          </Button>
        )}
      </CardContent>
    </Card>
  );
}
