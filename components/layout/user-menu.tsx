"use client";

import { LogOutIcon, MonitorIcon, MoonIcon, SunIcon, SunMoonIcon, UserIcon } from "lucide-react";
import { useTransition } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { useThemeChoice } from "@/components/providers/theme-provider";
import { Avatar, AvatarFallback } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuRadioGroup,
  DropdownMenuRadioItem,
  DropdownMenuSeparator,
  DropdownMenuSub,
  DropdownMenuSubContent,
  DropdownMenuSubTrigger,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { Link } from "@/components/ui/link";
import { Spinner } from "@/components/ui/spinner";
import { toast } from "@/components/ui/toast";
import { cn } from "@/components/ui/utils";
import { initialsOf } from "@/server/domain/format";

const themeOptions = [
  { value: "light", label: "Light", Icon: SunIcon },
  { value: "dark", label: "Dark", Icon: MoonIcon },
  { value: "system", label: "System", Icon: MonitorIcon },
] as const;

export interface UserMenuUser {
  name: string | null;
  email: string;
}

/**
 * The signed-in user's menu: name and email, Profile (when inside a business), theme, Sign out.
 * `variant="full"` shows name and email beside the avatar (sidebar); `"icon"` only the avatar (phone header).
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
  const { theme, setTheme } = useThemeChoice();
  const [signingOut, startSignOut] = useTransition();
  const displayName = user.name?.trim() || user.email;

  function signOut() {
    startSignOut(async () => {
      try {
        // Redirects to /sign-in: the router follows it, so this only returns on failure.
        await signOutAction();
      } catch {
        toast.error("Could not sign out. Check your connection and try again.");
      }
    });
  }

  const avatar = (
    <Avatar className="size-8">
      <AvatarFallback className="bg-primary/12 text-primary">
        {initialsOf(user.name, user.email)}
      </AvatarFallback>
    </Avatar>
  );

  return (
    <DropdownMenu>
      <DropdownMenuTrigger asChild>
        {variant === "full" ? (
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
        )}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end" side={variant === "full" ? "top" : "bottom"} className="w-64">
        <DropdownMenuLabel className="grid gap-0.5 font-normal">
          <span className="truncate font-medium">{displayName}</span>
          {user.name ? <span className="truncate text-xs text-muted-foreground">{user.email}</span> : null}
        </DropdownMenuLabel>
        <DropdownMenuSeparator />
        {profileHref ? (
          <DropdownMenuItem asChild>
            <Link href={profileHref}>
              <UserIcon aria-hidden="true" />
              Profile
            </Link>
          </DropdownMenuItem>
        ) : null}
        <DropdownMenuSub>
          <DropdownMenuSubTrigger>
            <SunMoonIcon aria-hidden="true" />
            Theme
          </DropdownMenuSubTrigger>
          <DropdownMenuSubContent className="min-w-36">
            <DropdownMenuRadioGroup value={theme} onValueChange={setTheme}>
              {themeOptions.map(({ value, label, Icon }) => (
                <DropdownMenuRadioItem key={value} value={value}>
                  <Icon aria-hidden="true" />
                  {label}
                </DropdownMenuRadioItem>
              ))}
            </DropdownMenuRadioGroup>
          </DropdownMenuSubContent>
        </DropdownMenuSub>
        <DropdownMenuSeparator />
        <DropdownMenuItem
          disabled={signingOut}
          onSelect={(event) => {
            event.preventDefault();
            signOut();
          }}
        >
          {signingOut ? <Spinner aria-hidden="true" /> : <LogOutIcon aria-hidden="true" />}
          Sign out
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}
