/**
 * Uses the Impersonation Registry the way another app would: through the published client, by
 * package name. Creates an entry, finds it in the listing, renames it and deletes it, saying what
 * it did at each step. Configuration comes from the CLOUDFLARE_* variables the client reads:
 * CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY), CLOUDFLARE_ACCOUNT_ID and,
 * for Prism or the sandbox, CLOUDFLARE_BASE_URL.
 */
import { createClient, ImpersonationRegistryError } from "@impersonation-registry/client";

try {
  const registry = createClient();
  console.log(`Account ${registry.accountId ?? "(none)"}`);

  const created = await registry.create({
    email: `example-consumer+${Date.now()}@example.com`,
    is_email_regex: false,
    name: "Example Consumer",
    comments: "Created by apps/example-consumer",
  });
  const id = created.id ?? "";
  console.log(`Created ${id}: ${created.name} <${created.email}>`);

  const page = await registry.list({ per_page: 20, order: "created_at", direction: "desc" });
  console.log(`Listed ${page.result.length} entries on page ${page.resultInfo?.page ?? 1}`);

  const updated = await registry.update(id, { name: "Example Consumer (renamed)" });
  console.log(`Updated ${updated.id}: name is now "${updated.name}"`);

  const deleted = await registry.delete(id);
  console.log(`Deleted ${deleted.id}`);
} catch (error) {
  if (!(error instanceof ImpersonationRegistryError)) throw error;
  console.error(`example-consumer: ${error.message}`);
  process.exitCode = 1;
}
