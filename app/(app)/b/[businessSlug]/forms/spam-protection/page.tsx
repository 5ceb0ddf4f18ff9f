import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Link } from "@/components/ui/link";
import { serverApi } from "@/server/api/server";
import { loadBusinessWith } from "../../../../_lib/session";
import { saveCaptcha } from "./actions";

export const metadata: Metadata = { title: "Spam protection · Forms" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const providers = [
  { value: "turnstile", label: "Cloudflare Turnstile" },
  { value: "hcaptcha", label: "hCaptcha" },
] as const;

/**
 * What keeps bots out of the business's lead forms. Always on, free: a hidden honeypot field, a minimum
 * fill time, one-use timing tokens, rate limits and a disposable email list. Optional: a captcha with the
 * business's own Turnstile or hCaptcha keys, set here in a plain HTML form (it posts without JavaScript).
 */
export default async function SpamProtectionPage({
  params,
  searchParams,
}: {
  params: Promise<{ businessSlug: string }>;
  searchParams: SearchParams;
}) {
  const { businessSlug } = await params;
  const { business } = await loadBusinessWith(businessSlug, "forms.manage");
  const api = await serverApi();
  const current = await api.leadForms.captcha({ businessId: business.id });
  const query = await searchParams;
  const one = (k: string) => (typeof query[k] === "string" ? (query[k] as string) : undefined);
  const error = one("error");
  const field = one("field");
  const errorFor = (name: string) => (error && field === name ? error : undefined);

  return (
    <div className="grid max-w-2xl gap-6">
      <PageHeader
        title="Spam protection"
        description="Every form already stops most bots for free: a hidden field people never see, a minimum time to fill it, tokens that work once, limits per address and per form, and a list of throwaway email domains. Spam is kept in each form's Spam tab, never lost."
        actions={
          <Button asChild variant="outline">
            <Link href={`/b/${business.slug}/forms`}>Back to forms</Link>
          </Button>
        }
      />
      {one("saved") ? (
        <Alert role="status">
          <AlertDescription>Captcha saved. Your forms show it from now on.</AlertDescription>
        </Alert>
      ) : null}
      {one("removed") ? (
        <Alert role="status">
          <AlertDescription>Captcha removed.</AlertDescription>
        </Alert>
      ) : null}
      {error && !field ? (
        <Alert variant="destructive" role="alert">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      ) : null}
      <section aria-labelledby="captcha-heading" className="grid gap-4 rounded-lg border p-4">
        <div className="grid gap-1">
          <h2 id="captcha-heading" className="font-semibold">
            Captcha (optional)
          </h2>
          <p className="text-sm text-muted-foreground">
            {current
              ? `On: ${providers.find((p) => p.value === current.provider)?.label}, site key ${current.siteKey}, secret ${current.secret}.`
              : "Off. Add your own Cloudflare Turnstile or hCaptcha keys to ask every visitor to pass one; the secret is stored encrypted and never shown again."}
          </p>
        </div>
        <form action={saveCaptcha} className="grid gap-4">
          <input type="hidden" name="slug" value={business.slug} />
          <input type="hidden" name="intent" value="save" />
          <div className="grid gap-2">
            <Label htmlFor="captcha-provider">Provider</Label>
            <select
              id="captcha-provider"
              name="provider"
              defaultValue={current?.provider ?? "turnstile"}
              className="h-9 rounded-md border bg-background px-3 text-sm"
            >
              {providers.map((p) => (
                <option key={p.value} value={p.value}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          <div className="grid gap-2">
            <Label htmlFor="captcha-site-key">Site key</Label>
            <Input
              id="captcha-site-key"
              name="siteKey"
              required
              maxLength={200}
              defaultValue={current?.siteKey ?? ""}
              aria-invalid={errorFor("siteKey") ? true : undefined}
              aria-describedby={errorFor("siteKey") ? "captcha-site-key-error" : undefined}
            />
            {errorFor("siteKey") ? (
              <p id="captcha-site-key-error" className="text-sm text-destructive">
                {errorFor("siteKey")}
              </p>
            ) : null}
          </div>
          <div className="grid gap-2">
            <Label htmlFor="captcha-secret">Secret key</Label>
            <Input
              id="captcha-secret"
              name="secret"
              type="password"
              autoComplete="off"
              required
              maxLength={200}
              placeholder={current ? "Enter the secret again to change the keys" : undefined}
              aria-invalid={errorFor("secret") ? true : undefined}
              aria-describedby={errorFor("secret") ? "captcha-secret-error" : undefined}
            />
            {errorFor("secret") ? (
              <p id="captcha-secret-error" className="text-sm text-destructive">
                {errorFor("secret")}
              </p>
            ) : null}
          </div>
          <div>
            <Button type="submit">Save captcha</Button>
          </div>
        </form>
        {current ? (
          <form action={saveCaptcha}>
            <input type="hidden" name="slug" value={business.slug} />
            <input type="hidden" name="intent" value="remove" />
            <Button type="submit" variant="outline">
              Remove captcha
            </Button>
          </form>
        ) : null}
      </section>
    </div>
  );
}
