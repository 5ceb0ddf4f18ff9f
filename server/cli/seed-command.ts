import { parse, UsageError } from "@/server/cli/args";
import { appUrl, type Command } from "@/server/cli/command";
import { describeDatabase, openDb } from "@/server/cli/database";
import { note, out } from "@/server/cli/output";
import { demo, seedDemo } from "@/server/cli/seed";

const usage = `Usage: npm run crm -- seed

Creates a demo business (slug "${demo.business.slug}") with its owner ${demo.owner.email}, two team members, a
pending invitation, an API key, demo patients and a lead form with submissions, through the app's own
services. Run it again safely: it reuses what
it made before and creates only what is missing. Every demo account's password is printed.`;

const status = (created: boolean) => (created ? "created" : "already there");

/** `crm seed`: prints what it made (or found) and how to sign in. */
export const seedCommand: Command = {
  usage,
  async run(args) {
    const { positionals } = parse(args, {}, usage);
    if (positionals.length) throw new UsageError(`Unexpected argument "${positionals[0]}".`, usage);
    const db = await openDb();
    note(`Database: ${describeDatabase()}`);
    const seeded = await seedDemo(db);
    const { business, team, invitation, apiKey } = seeded;
    out(`Demo business "${business.name}" (slug ${business.slug}): ${status(business.created)}`);
    out(`  owner       ${seeded.owner.email}`);
    for (const m of team) out(`  ${m.role.padEnd(11)} ${m.email} (${status(m.created)})`);
    out(`  invitation  ${invitation.email} as ${invitation.role}, pending (${status(invitation.created)})`);
    out(
      seeded.customers.created
        ? `  customers   ${seeded.customers.created} demo patients (created)`
        : "  customers   kept as they are (the business already has customers)",
    );
    out(
      seeded.leadForms.created
        ? `  forms       "Book a consultation", published, with ${seeded.leadForms.created} submissions (created)`
        : "  forms       kept as they are (the business already has forms)",
    );
    out(
      seeded.invoices.created
        ? `  invoices    ${seeded.invoices.created} invoices and quotes (paid, partly paid, overdue, due, draft), a catalog of 4 services (created)`
        : "  invoices    kept as they are (the business already has a catalog)",
    );
    if (apiKey.key) {
      out(`  API key     "${apiKey.name}" (created; shown only this once):`);
      out(`              ${apiKey.key}`);
    } else {
      out(`  API key     "${apiKey.name}" (already there, prefix ${apiKey.prefix}; make another with`);
      out(`              npm run crm -- api-key create --business ${business.slug} --name NAME)`);
    }
    out("");
    out(`Sign in at ${appUrl("/sign-in")} as ${seeded.owner.email} with password ${demo.password}`);
    out(`(the team members use the same password). Then open ${appUrl(`/b/${business.slug}`)}`);
  },
};
