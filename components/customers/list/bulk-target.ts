import type { CustomerFilterInput } from "@/server/domain/customers";

/** What a bulk action applies to: the selected customers, or every customer matching the list's filter. */
export type BulkTarget = { customerIds: string[] } | { filter: CustomerFilterInput };
