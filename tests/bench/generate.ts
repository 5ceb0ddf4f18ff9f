import { createWriteStream } from "node:fs";

/** Deterministic, realistic customers for the bench (Indian names, +91 mobiles, tags). */

const first = [
  "Aarav",
  "Vivaan",
  "Aditya",
  "Vihaan",
  "Arjun",
  "Sai",
  "Reyansh",
  "Ayaan",
  "Krishna",
  "Ishaan",
  "Ananya",
  "Diya",
  "Priya",
  "Saanvi",
  "Aadhya",
  "Kavya",
  "Meera",
  "Riya",
  "Neha",
  "Pooja",
  "Rahul",
  "Amit",
  "Sunita",
  "Lakshmi",
  "Ravi",
  "Suresh",
  "Deepa",
  "Farhan",
  "Zoya",
  "Imran",
  "John",
  "Maria",
  "Kiran",
  "Anil",
  "Geeta",
  "Harpreet",
  "Gurpreet",
  "Manoj",
  "Sneha",
  "Tanvi",
];
const last = [
  "Sharma",
  "Verma",
  "Singh",
  "Patel",
  "Gupta",
  "Kumar",
  "Reddy",
  "Nair",
  "Iyer",
  "Khan",
  "Das",
  "Bose",
  "Mehta",
  "Joshi",
  "Chopra",
  "Malhotra",
  "Rao",
  "Pillai",
  "Menon",
  "Banerjee",
  "Mukherjee",
  "Agarwal",
  "Shah",
  "Desai",
  "Kulkarni",
  "Jain",
  "Fernandes",
  "D'Souza",
  "Siddiqui",
  "Ansari",
  "Chauhan",
  "Yadav",
  "Mishra",
  "Pandey",
  "Tiwari",
  "Saxena",
  "Bhat",
  "Hegde",
  "Naidu",
  "Gill",
];
const cities = [
  "Mumbai",
  "Delhi",
  "Bengaluru",
  "Hyderabad",
  "Chennai",
  "Kolkata",
  "Pune",
  "Ahmedabad",
  "Jaipur",
  "Lucknow",
  "Kochi",
  "Indore",
];
const sources = ["walk-in", "instagram", "referral", "website", "whatsapp", "google"];
// vip is ~5% selective (GIN @> at the STACK-NOTES selectivity)
const tagPool = ["regular", "wholesale", "newsletter", "festive", "online", "b2b", "student", "senior"];
const domains = ["gmail.com", "yahoo.co.in", "outlook.com", "rediffmail.com", "example.in"];

export interface GenRow {
  name: string;
  email: string | null;
  /** E.164, as stored. */
  phone: string | null;
  /** As a user types it in a spreadsheet (national, spaced). */
  localPhone: string;
  phoneDigits: string;
  city: string;
  source: string;
  tags: string[];
  createdAt: string;
}

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `n` customers. `seed` picks the phone range (seed 2's first rows overlap nothing of seed 1);
 * `duplicateEvery`: every k-th row repeats an earlier row's phone (an in-file duplicate).
 */
export function* generateCustomers(
  n: number,
  seed: number,
  opts: { duplicateEvery?: number } = {},
): Generator<GenRow> {
  const rnd = mulberry32(seed * 7919);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const base = Date.UTC(2022, 0, 1);
  const span = Date.UTC(2026, 10, 1) - base;
  for (let i = 0; i < n; i++) {
    const k = opts.duplicateEvery && i > 0 && i % opts.duplicateEvery === 0 ? Math.floor(rnd() * i) : i;
    // 10-digit Indian mobile starting 6–9, unique per (seed, k)
    const national = String(6_000_000_000 + seed * 400_000_000 + k * 37 + (k % 7)).slice(0, 10);
    const fn = pick(first);
    const ln = pick(last);
    const tags: string[] = [];
    if (rnd() < 0.05) tags.push("vip");
    for (const t of tagPool) if (rnd() < 0.12) tags.push(t);
    const hasEmail = rnd() < 0.8;
    yield {
      name: `${fn} ${ln}`,
      email: hasEmail ? `${fn}.${ln}.${seed}.${k}@${pick(domains)}`.toLowerCase().replace(/'/g, "") : null,
      phone: `+91${national}`,
      localPhone: `${national.slice(0, 5)} ${national.slice(5)}`,
      phoneDigits: `91${national} ${national}`,
      city: pick(cities),
      source: pick(sources),
      tags,
      createdAt: new Date(base + Math.floor(rnd() * span)).toISOString(),
    };
  }
}

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes rows as a spreadsheet export: Name, Email, Phone (national format), City, Source, Tags. */
export async function writeCsv(file: string, rows: Iterable<GenRow>): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write("Name,Email,Phone,City,Source,Tags\n");
  let chunk = "";
  for (const r of rows) {
    chunk += `${[r.name, r.email ?? "", r.localPhone, r.city, r.source, r.tags.join(", ")].map(csvCell).join(",")}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = "";
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** Writes rows as an Excel workbook (inline strings, one sheet), streamed: Name, Email, Phone, City, Source, Tags. */
export async function writeXlsx(file: string, rows: Iterable<GenRow>): Promise<void> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
  const ws = wb.addWorksheet("Customers");
  ws.addRow(["Name", "Email", "Phone", "City", "Source", "Tags"]).commit();
  for (const r of rows)
    ws.addRow([r.name, r.email ?? "", r.localPhone, r.city, r.source, r.tags.join(", ")]).commit();
  await wb.commit();
}

/**
 * `rows` with `share` (0–1) of their phones made invalid the way real exports are (a short number, or a
 * number cut to 5 digits): the first `share × 10` rows of every 10, so runs are comparable.
 */
export function* withInvalidPhones(rows: Iterable<GenRow>, share: number): Generator<GenRow> {
  let i = 0;
  for (const r of rows) {
    const k = i++ % 10;
    if (k < Math.round(share * 10))
      yield { ...r, localPhone: k % 2 ? `0${r.localPhone.slice(1, 5)}` : "12345" };
    else yield r;
  }
}
