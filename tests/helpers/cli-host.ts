/**
 * Stands in for the running app in the CLI test: opens the embedded database under MINI_CRM_DATA_DIR,
 * as the app does at start, and starts the bridge that runs `crm` commands in this process. Prints
 * "ready" once both are up, and stops (closing the database) when its stdin closes.
 */
import { getDbHandle } from "@/db/client";
import { startCliBridge } from "@/server/cli/bridge";

const handle = await getDbHandle();
await startCliBridge();
process.stdout.write("ready\n");
process.stdin.resume();
process.stdin.on("end", async () => {
  await handle.close();
  process.exit(0);
});
