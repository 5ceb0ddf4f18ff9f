/**
 * `tsx tests/bench/write-xlsx.ts FILE ROWS SEED`: writes the bench's XLSX in a process of its own, so the
 * memory the workbook writer takes is not counted in the import's peak RSS.
 */
import { generateCustomers, writeXlsx } from "./generate";

const [file, rows, seed] = process.argv.slice(2);
if (!file || !rows) {
  console.error("usage: write-xlsx.ts FILE ROWS [SEED]");
  process.exit(2);
}
await writeXlsx(file, generateCustomers(Number(rows), Number(seed ?? 3)));
