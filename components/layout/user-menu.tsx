"use client";

import { lazy } from "react";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { PopupOnDemand } from "@/components/ui/popup-on-demand";
import { cn } from "@/components/ui/utils";
import { initialsOf } from "@/server/domain/format";
import type { UserMenuUser } from "./user-menu-dropdown";

const loadDropdown = () => import("./user-menu-dropdown");
const UserMenuDropdown = lazy(loadDropdown);

export type { UserMenuUser };

/**
 * The signed-in user's menu: name and email, Profile (when inside a business), theme, Sign out.
 * `variant="full"` shows name and email beside the avatar (sidebar); `"icon"` only the avatar (phone header).
 * The menu's code loads when the user reaches for the button (`PopupOnDemand`).
 */
export function UserMenu({
  user,
  profileHref,
  variant = "icon",
  className,
}: {
  user: UserMenuUser;
  profileHref?: string;
  variant?: "full" | "icon";
  className?: string;
}) {
  const displayName = user.name?.trim() || user.email;

  const avatar = (
    <Avatar className="size-8">
      <AvatarFallback className="bg-primary/12 text-primary">
        {initialsOf(user.name, user.email)}
      </AvatarFallback>
    </Avatar>
  );

  const trigger =
    variant === "full" ? (
      <Button
        variant="ghost"
        className={cn("h-auto w-full min-w-0 justify-start gap-2 px-2 py-1.5 text-left", className)}
        aria-label={`Account: ${displayName}`}
      >
        {avatar}
        <span className="grid min-w-0 flex-1 leading-tight">
          <span className="truncate font-medium">{displayName}</span>
          {user.name ? (
            <span className="truncate text-xs font-normal text-muted-foreground">{user.email}</span>
          ) : null}
        </span>
      </Button>
    ) : (
      <Button
        variant="ghost"
        size="icon"
        className={cn("rounded-full", className)}
        aria-label={`Account: ${displayName}`}
      >
        {avatar}
      </Button>
    );

  return (
    <PopupOnDemand
      trigger={trigger}
      preload={loadDropdown}
      menu={<UserMenuDropdown user={user} profileHref={profileHref} variant={variant} trigger={trigger} />}
    />
  );
}
