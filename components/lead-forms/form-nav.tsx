"use client";

import { usePathname } from "next/navigation";
import { Link } from "@/components/ui/link";
import { cn } from "@/components/ui/utils";

/** The pages of one form as tabs of links: Build (roles that manage forms), Submissions, Analytics. */
export function FormNav({ base, canManage }: { base: string; canManage: boolean }) {
  const pathname = usePathname();
  const items = [
    ...(canManage ? [{ href: base, label: "Build" }] : []),
    { href: `${base}/submissions`, label: "Submissions" },
    { href: `${base}/analytics`, label: "Analytics" },
  ];
  return (
    <nav aria-label="Form" className="min-w-0 overflow-x-auto border-b">
      <ul className="flex min-w-max gap-1">
        {items.map((item) => {
          const active = pathname === item.href;
          return (
            <li key={item.href}>
              <Link
                href={item.href}
                aria-current={active ? "page" : undefined}
                className={cn(
                  "-mb-px inline-flex h-10 items-center border-b-2 border-transparent px-3 text-sm font-medium text-muted-foreground outline-none",
                  "hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:ring-inset",
                  active && "border-primary text-foreground",
                )}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
