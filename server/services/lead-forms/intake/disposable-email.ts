/*
 * Disposable (throw-away) email domains, from the maintained `disposable-email-domains` list on npm
 * (github.com/ivolo/disposable-email-domains: `index.json`, exact domains, and `wildcard.json`, domains
 * whose every subdomain is disposable too). Loaded on first use (≈120,000 names) and kept.
 */

let lists: Promise<{ exact: Set<string>; wildcard: Set<string> }> | null = null;

function loadLists() {
  lists ??= Promise.all([
    import("disposable-email-domains"),
    import("disposable-email-domains/wildcard.json"),
  ]).then(([exact, wildcard]) => ({
    exact: new Set(exact.default as string[]),
    wildcard: new Set(wildcard.default as string[]),
  }));
  return lists;
}

/**
 * Whether an email address's domain (or, for wildcard entries, a parent domain) is a known disposable
 * mailbox provider. Case-insensitive; an address without a domain is not disposable (the form's own
 * validation refuses it).
 */
export async function isDisposableEmail(email: string): Promise<boolean> {
  const at = email.lastIndexOf("@");
  if (at < 0) return false;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, "");
  if (!domain) return false;
  const { exact, wildcard } = await loadLists();
  if (exact.has(domain)) return true;
  const parts = domain.split(".");
  for (let i = 0; i < parts.length - 1; i++) if (wildcard.has(parts.slice(i).join("."))) return true;
  return false;
}
