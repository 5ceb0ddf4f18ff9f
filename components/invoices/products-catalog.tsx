"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { PackageIcon, PlusIcon, UploadIcon } from "lucide-react";
import { useCallback, useId, useState } from "react";
import { messageOf } from "@/components/auth/trpc-errors";
import { useBusiness, useCan } from "@/components/layout/business-context";
import { PageHeader } from "@/components/layout/page-header";
import { useTRPC } from "@/components/providers/trpc-provider";
import { NativeSelect } from "@/components/settings/native-select";
import { QueryError } from "@/components/settings/query-error";
import { ListSkeleton } from "@/components/settings/settings-skeleton";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { toast } from "@/components/ui/toast";
import { formatMoney, moneyInputText, parseMoney } from "@/server/domain/money";
import { errorsOf } from "./form-errors";
import { FormField } from "./form-field";
import { gstRates } from "./invoice-display";
import { ProductsImport } from "./products-import";

interface Product {
  id: string;
  name: string;
  description: string | null;
  unitPrice: number;
  unit: string | null;
  taxes: { name: string; rateBasisPoints: number }[];
  hsnSac: string | null;
  archivedAt: Date | null;
}

/**
 * The catalog of products and services invoices pick lines from: search, add, edit, archive and restore,
 * and import from a CSV or Excel file (name, price, unit, tax rate, HSN/SAC), every row not taken listed
 * with why.
 */
export function ProductsCatalog() {
  const business = useBusiness();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canWrite = useCan("invoices.write");
  const searchId = useId();
  const [search, setSearch] = useState("");
  const [archived, setArchived] = useState(false);
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const [importing, setImporting] = useState(false);
  const list = useQuery(
    trpc.products.list.queryOptions({
      businessId: business.id,
      archived,
      ...(search.trim() ? { search: search.trim() } : {}),
      limit: 500,
    }),
  );
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.products.list.pathKey() });
  const refreshList = useCallback(
    () => queryClient.invalidateQueries({ queryKey: trpc.products.list.pathKey() }),
    [queryClient, trpc],
  );
  const archive = useMutation(
    trpc.products.update.mutationOptions({
      onSuccess: (p) => {
        toast.success(p.archivedAt ? `${p.name} archived.` : `${p.name} restored.`);
        return refresh();
      },
      onError: (e) => toast.error(messageOf(e)),
    }),
  );
  const items = (list.data?.data ?? []) as Product[];

  return (
    <div className="min-w-0">
      <PageHeader
        title="Products and services"
        description="What you sell, with its price, tax and HSN/SAC code, to add to invoices in a tap."
        actions={
          canWrite ? (
            <div className="flex flex-wrap gap-2">
              <Button variant="outline" onClick={() => setImporting((v) => !v)} aria-expanded={importing}>
                <UploadIcon aria-hidden="true" />
                Import
              </Button>
              <Button onClick={() => setEditing("new")}>
                <PlusIcon aria-hidden="true" />
                New product
              </Button>
            </div>
          ) : null
        }
      />
      <div className="grid min-w-0 gap-4">
        {importing ? <ProductsImport onDone={refreshList} /> : null}
        {editing === "new" ? (
          <ProductForm
            onDone={() => {
              setEditing(null);
              return refresh();
            }}
          />
        ) : null}
        <div className="flex flex-wrap items-end gap-x-4 gap-y-2">
          <div className="grid gap-1.5">
            <Label htmlFor={searchId}>Search</Label>
            <Input
              id={searchId}
              type="search"
              className="w-60"
              value={search}
              placeholder="Name or HSN/SAC"
              onChange={(e) => setSearch(e.target.value)}
            />
          </div>
          <label className="flex items-center gap-2 pb-2 text-sm">
            <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} />
            Archived only
          </label>
        </div>
        {list.isPending ? (
          <div aria-busy="true" className="rounded-lg border p-4">
            <span className="sr-only" role="status">
              Loading products
            </span>
            <ListSkeleton rows={4} />
          </div>
        ) : list.isError ? (
          <QueryError error={list.error} title="Products could not load" onRetry={() => list.refetch()} />
        ) : items.length === 0 ? (
          <EmptyState
            icon={<PackageIcon />}
            title={search || archived ? "Nothing matches" : "No products yet"}
            description={
              search || archived
                ? "Try another search."
                : "Add what you sell, or import it from a spreadsheet, and pick it on invoices."
            }
          />
        ) : (
          <ul className="grid divide-y rounded-lg border">
            {items.map((p) =>
              editing === p.id ? (
                <li key={p.id} className="p-2">
                  <ProductForm
                    product={p}
                    onDone={() => {
                      setEditing(null);
                      return refresh();
                    }}
                  />
                </li>
              ) : (
                <li key={p.id} className="grid min-w-0 gap-2 p-4 sm:grid-cols-[1fr_auto]">
                  <div className="min-w-0">
                    <p className="flex flex-wrap items-center gap-2">
                      <span className="font-medium break-words">{p.name}</span>
                      {p.archivedAt ? <Badge variant="outline">Archived</Badge> : null}
                    </p>
                    {p.description ? (
                      <p className="text-sm break-words text-muted-foreground">{p.description}</p>
                    ) : null}
                    <p className="text-sm tabular-nums">
                      {formatMoney(p.unitPrice, business.currency)}
                      {p.unit ? ` / ${p.unit}` : ""}
                      {p.taxes.map((t) => ` · ${t.name} ${t.rateBasisPoints / 100}%`).join("")}
                      {p.hsnSac ? ` · HSN/SAC ${p.hsnSac}` : ""}
                    </p>
                  </div>
                  {canWrite ? (
                    <div className="flex flex-wrap items-start gap-2">
                      <Button size="sm" variant="outline" onClick={() => setEditing(p.id)}>
                        Edit
                      </Button>
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={archive.isPending && archive.variables?.productId === p.id}
                        onClick={() =>
                          archive.mutate({
                            businessId: business.id,
                            productId: p.id,
                            archived: !p.archivedAt,
                          })
                        }
                      >
                        {p.archivedAt ? "Restore" : "Archive"}
                      </Button>
                    </div>
                  ) : null}
                </li>
              ),
            )}
          </ul>
        )}
      </div>
    </div>
  );
}

/** Adds a product, or changes one; mistakes come back beside their field. */
function ProductForm({ product, onDone }: { product?: Product; onDone: () => unknown }) {
  const business = useBusiness();
  const trpc = useTRPC();
  const id = useId();
  const india = business.country === "IN";
  const taxName = india ? "GST" : "Tax";
  const [v, setV] = useState({
    name: product?.name ?? "",
    description: product?.description ?? "",
    price: product ? moneyInputText(product.unitPrice, business.currency) : "",
    unit: product?.unit ?? "",
    rate: product?.taxes[0]?.rateBasisPoints ?? (india ? 1800 : 0),
    hsnSac: product?.hsnSac ?? "",
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (patch: Partial<typeof v>) => setV((x) => ({ ...x, ...patch }));
  const options = {
    onSuccess: (p: { name: string }) => {
      toast.success(product ? `${p.name} saved.` : `${p.name} added.`);
      return onDone();
    },
    onError: (e: unknown) => setErrors(errorsOf(e)),
  };
  const create = useMutation(trpc.products.create.mutationOptions(options));
  const update = useMutation(trpc.products.update.mutationOptions(options));
  const field = (name: string, label: string, input: React.ReactNode, help?: string) => (
    <FormField id={`${id}-${name}`} label={label} error={errors[name]} help={help}>
      {input}
    </FormField>
  );
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2" className="text-base">
          {product ? `Edit ${product.name}` : "New product or service"}
        </CardTitle>
      </CardHeader>
      <CardContent>
        <form
          className="grid gap-3 sm:grid-cols-2"
          noValidate
          aria-label={product ? `Edit ${product.name}` : "New product"}
          onSubmit={(e) => {
            e.preventDefault();
            const unitPrice = parseMoney(v.price, business.currency);
            if (unitPrice === null) return setErrors({ unitPrice: "Enter a price like 1500 or 1500.50." });
            const fields = {
              businessId: business.id,
              name: v.name,
              description: v.description || null,
              unitPrice,
              unit: v.unit || null,
              taxes: v.rate > 0 ? [{ name: taxName, rateBasisPoints: v.rate }] : [],
              hsnSac: v.hsnSac.trim() || null,
            };
            if (product) update.mutate({ productId: product.id, ...fields });
            else create.mutate(fields);
          }}
        >
          {field(
            "name",
            "Name",
            <Input
              id={`${id}-name`}
              value={v.name}
              aria-invalid={!!errors.name}
              onChange={(e) => set({ name: e.target.value })}
            />,
          )}
          {field(
            "unitPrice",
            `Price (${business.currency})`,
            <Input
              id={`${id}-unitPrice`}
              inputMode="decimal"
              value={v.price}
              aria-invalid={!!errors.unitPrice}
              onChange={(e) => set({ price: e.target.value })}
            />,
          )}
          {field(
            "unit",
            "Unit",
            <Input
              id={`${id}-unit`}
              value={v.unit}
              placeholder="session, hour, piece"
              onChange={(e) => set({ unit: e.target.value })}
            />,
          )}
          {field(
            "taxes",
            `${taxName} rate`,
            india ? (
              <NativeSelect
                id={`${id}-taxes`}
                value={v.rate}
                onChange={(e) => set({ rate: Number(e.target.value) })}
              >
                {gstRates.map((r) => (
                  <option key={r} value={r}>
                    {r / 100}%
                  </option>
                ))}
              </NativeSelect>
            ) : (
              <Input
                id={`${id}-taxes`}
                inputMode="decimal"
                value={String(v.rate / 100)}
                onChange={(e) => set({ rate: Math.round(Number(e.target.value) * 100) || 0 })}
              />
            ),
          )}
          {field(
            "hsnSac",
            "HSN/SAC",
            <Input
              id={`${id}-hsnSac`}
              inputMode="numeric"
              value={v.hsnSac}
              aria-invalid={!!errors.hsnSac}
              onChange={(e) => set({ hsnSac: e.target.value })}
            />,
          )}
          {field(
            "description",
            "Description",
            <Input
              id={`${id}-description`}
              value={v.description}
              onChange={(e) => set({ description: e.target.value })}
            />,
          )}
          {errors._ && !errors.name ? (
            <p role="alert" className="text-sm text-destructive sm:col-span-2">
              {errors._}
            </p>
          ) : null}
          <div className="flex gap-2 sm:col-span-2">
            <Button type="submit" loading={create.isPending || update.isPending}>
              {product ? "Save" : "Add"}
            </Button>
            <Button type="button" variant="outline" onClick={() => onDone()}>
              Cancel
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
