"use client";

import { createContext, type ReactNode, useCallback, useContext, useRef, useState } from "react";
import { useBusiness } from "@/components/layout/business-context";
import { E164_PATTERN } from "@/server/domain/e164";

type Formatter = (e164: string, businessCountry?: string) => string;

const PhoneDisplayContext = createContext<(e164: string | null | undefined) => string>((e164) => e164 ?? "");

/**
 * Phone numbers as the business's country writes them (`formatPhoneForDisplay`) without loading the
 * phone library with the page: the server formats the numbers the page renders first (`known`, from
 * `phoneDisplayMap`); a number that arrives later (the list's next page, an edit) loads the library in
 * the background and shows as stored (E.164) until it has loaded. Needs a `BusinessProvider` above it.
 */
export function PhoneDisplayProvider({
  known,
  children,
}: {
  known: Record<string, string>;
  children: ReactNode;
}) {
  const { country } = useBusiness();
  const [formatter, setFormatter] = useState<Formatter | null>(null);
  const loading = useRef(false);
  const format = useCallback(
    (e164: string | null | undefined) => {
      if (!e164) return "";
      const text = known[e164];
      if (text !== undefined) return text;
      if (formatter) return formatter(e164, country);
      if (E164_PATTERN.test(e164) && !loading.current) {
        loading.current = true;
        void import("@/server/domain/phone").then((m) => setFormatter(() => m.formatPhoneForDisplay));
      }
      return e164;
    },
    [known, formatter, country],
  );
  return <PhoneDisplayContext value={format}>{children}</PhoneDisplayContext>;
}

/** The display text of an E.164 number (empty for none); see `PhoneDisplayProvider`. */
export function useFormatPhone(): (e164: string | null | undefined) => string {
  return useContext(PhoneDisplayContext);
}
