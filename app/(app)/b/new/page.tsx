import { ArrowLeftIcon } from "lucide-react";
import type { Metadata } from "next";
import { headers } from "next/headers";
import { CreateBusinessForm } from "@/components/business/create-business-form";
import { localeOptions, serverDefaults } from "@/components/business/locale-options";
import { Logo } from "@/components/layout/logo";
import { UserMenu } from "@/components/layout/user-menu";
import { TRPCReactProvider } from "@/components/providers/trpc-provider";
import { Button } from "@/components/ui/button";
import { Card, CardContent } from "@/components/ui/card";
import { Link } from "@/components/ui/link";
import { loadBusinesses, requireUser } from "../../_lib/session";

export const metadata: Metadata = { title: "Create business" };

/** Create a business: the first-run onboarding, and "Create business" from the switcher. */
export default async function NewBusinessPage() {
  const user = await requireUser("/b/new");
  const businesses = await loadBusinesses(user.id);
  const firstRun = businesses.length === 0;
  const defaults = serverDefaults((await headers()).get("accept-language"));
  const options = localeOptions({ timeZone: defaults.timeZone });

  return (
    <div className="min-h-dvh bg-muted/30">
      <header className="border-b bg-background pt-[env(safe-area-inset-top)]">
        <div className="mx-auto flex h-14 w-full max-w-3xl items-center justify-between gap-3 px-4">
          <Logo href={firstRun ? null : "/b"} />
          <UserMenu user={{ name: user.name, email: user.email }} />
        </div>
      </header>
      <main
        id="main"
        className="mx-auto w-full max-w-3xl px-4 pt-6 pb-[calc(2.5rem+env(safe-area-inset-bottom))] sm:pt-10"
      >
        {firstRun ? null : (
          <Button asChild variant="ghost" size="sm" className="mb-4 -ml-2">
            <Link href="/b">
              <ArrowLeftIcon aria-hidden="true" />
              Back
            </Link>
          </Button>
        )}
        <div className="mb-6 grid gap-1">
          <h1 className="text-2xl font-semibold tracking-tight">
            {firstRun ? "Set up your business" : "Create a business"}
          </h1>
          <p className="text-sm text-muted-foreground">
            {firstRun
              ? `Welcome${user.name ? `, ${user.name.split(/\s+/)[0]}` : ""}! Tell us a little about your business. You can change all of it later in Settings.`
              : "Each business has its own customers, team and settings. You will be its owner."}
          </p>
        </div>
        <Card>
          <CardContent>
            <TRPCReactProvider>
              <CreateBusinessForm options={options} defaults={defaults} />
            </TRPCReactProvider>
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
