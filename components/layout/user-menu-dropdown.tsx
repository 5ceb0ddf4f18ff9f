"use client";

import { DownloadIcon, LogOutIcon, SunMoonIcon, UserIcon } from "lucide-react";
import { type ReactElement, useTransition } from "react";
import { signOutAction } from "@/app/(auth)/actions";
import { useThemeChoice } from "@/components/providers/theme-provider";
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
import { iosInstallSteps, useInstallApp } from "./install-app";
import { themeOptions } from "./theme-toggle-menu";

/** Who is signed in, as the user menu shows them. */
export interface UserMenuUser {
  name: string | null;
  email: string;
}

/**
 * The user menu itself (loaded when first opened, see `UserMenu`): name and email, Profile (when inside a
 * business), theme, Sign out; open from the start.
 */
export default function UserMenuDropdown({
  user,
  profileHref,
  variant,
  trigger,
}: {
  user: UserMenuUser;
  profileHref?: string;
  variant: "full" | "icon";
  trigger: ReactElement;
}) {
  const { theme, setTheme } = useThemeChoice();
  const [signingOut, startSignOut] = useTransition();
  const displayName = user.name?.trim() || user.email;

  function signOut() {
    startSignOut(async () => {
      try {
        // What this device kept to read offline goes with the session (queued writes stay for the user).
        const { forgetOnSignOut } = await import("@/components/offline/store");
        await forgetOnSignOut();
        // Redirects to /sign-in: the router follows it, so this only returns on failure.
        await signOutAction();
      } catch {
        toast.error("Could not sign out. Check your connection and try again.");
      }
    });
  }

  const { way: installWay, install } = useInstallApp();

  return (
    <DropdownMenu defaultOpen>
      <DropdownMenuTrigger asChild>{trigger}</DropdownMenuTrigger>
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
        {installWay ? (
          <DropdownMenuItem
            onSelect={() => {
              if (installWay === "prompt") void install();
              else toast.info(iosInstallSteps);
            }}
          >
            <DownloadIcon aria-hidden="true" />
            Install app
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
