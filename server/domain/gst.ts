/**
 * India's Goods and Services Tax: state codes, GSTIN validation and how a rate splits by place of supply.
 * Sources: the GSTIN format and check digit (CBIC, "GSTIN structure": 2-digit state code, 10-character
 * PAN, entity number, "Z", a mod-36 check character) and the IGST Act 2017 §7–8 (intra-state supply:
 * CGST + SGST/UTGST at half the rate each; inter-state supply: IGST at the full rate).
 */

/** GST state and union territory codes (first two digits of a GSTIN) and their names. */
export const gstStates: Record<string, string> = {
  "01": "Jammu and Kashmir",
  "02": "Himachal Pradesh",
  "03": "Punjab",
  "04": "Chandigarh",
  "05": "Uttarakhand",
  "06": "Haryana",
  "07": "Delhi",
  "08": "Rajasthan",
  "09": "Uttar Pradesh",
  "10": "Bihar",
  "11": "Sikkim",
  "12": "Arunachal Pradesh",
  "13": "Nagaland",
  "14": "Manipur",
  "15": "Mizoram",
  "16": "Tripura",
  "17": "Meghalaya",
  "18": "Assam",
  "19": "West Bengal",
  "20": "Jharkhand",
  "21": "Odisha",
  "22": "Chhattisgarh",
  "23": "Madhya Pradesh",
  "24": "Gujarat",
  "26": "Dadra and Nagar Haveli and Daman and Diu",
  "27": "Maharashtra",
  "29": "Karnataka",
  "30": "Goa",
  "31": "Lakshadweep",
  "32": "Kerala",
  "33": "Tamil Nadu",
  "34": "Puducherry",
  "35": "Andaman and Nicobar Islands",
  "36": "Telangana",
  "37": "Andhra Pradesh",
  "38": "Ladakh",
  "97": "Other Territory",
};

export const gstStateCodes = Object.keys(gstStates) as [string, ...string[]];

const CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const GSTIN_FORMAT = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;

/** The check character of the first 14 characters of a GSTIN (mod 36, factors 1 and 2 alternating). */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = CHARS.indexOf(first14[i]!) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return CHARS[(36 - (sum % 36)) % 36]!;
}

/**
 * Why `gstin` is not a valid GSTIN, or null when it is: its shape (15 characters: state code, PAN,
 * entity number, "Z", check character), a known state code, and the check character.
 */
export function gstinProblem(gstin: string): string | null {
  const g = gstin.trim().toUpperCase();
  if (!GSTIN_FORMAT.test(g)) return "A GSTIN has 15 characters, like 29ABCDE1234F1Z5.";
  if (!gstStates[g.slice(0, 2)]) return `${g.slice(0, 2)} is not a GST state code.`;
  if (gstinCheckCharacter(g.slice(0, 14)) !== g[14])
    return "This GSTIN's check character is wrong: check for a typo.";
  return null;
}

/** The state code of a valid GSTIN (its first two digits). */
export function gstinStateCode(gstin: string): string {
  return gstin.trim().slice(0, 2);
}

/**
 * The taxes a GST rate becomes for a supply from `sellerState` to `placeOfSupply` (state codes): the same
 * state → CGST and SGST at half the rate each (UTGST instead of SGST in a union territory without a
 * legislature); another state → IGST at the full rate. Rates in basis points (1800 = 18%).
 */
export function gstComponents(
  rateBasisPoints: number,
  sellerState: string,
  placeOfSupply: string,
): { name: string; rateBasisPoints: number }[] {
  if (rateBasisPoints === 0) return [];
  if (sellerState !== placeOfSupply) return [{ name: "IGST", rateBasisPoints }];
  const half = rateBasisPoints / 2;
  const ut = ["04", "26", "31", "35", "38", "97"].includes(sellerState);
  return [
    { name: "CGST", rateBasisPoints: half },
    { name: ut ? "UTGST" : "SGST", rateBasisPoints: half },
  ];
}
