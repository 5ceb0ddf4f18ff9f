"use client";

import dynamic from "next/dynamic";
import { useSyncExternalStore } from "react";
import { onToasterWanted, toasterWanted } from "./toast";

const Toaster = dynamic(() => import("./sonner").then((m) => m.Toaster), { ssr: false });

/**
 * The toast outlet, mounted when the first toast is asked for (`toast` in `./toast`), so a page load
 * carries neither the toast library nor its stylesheet. Render once in the root layout.
 */
export function LazyToaster() {
  const wanted = useSyncExternalStore(onToasterWanted, toasterWanted, () => false);
  return wanted ? <Toaster /> : null;
}
