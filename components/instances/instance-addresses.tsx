import { useTranslations } from "next-intl";

/** Where clients connect (the datastore's standard port), as Trove lists it; nothing when it lists none. */
export function InstanceAddresses({ addresses }: { addresses: string[] | undefined }) {
  const t = useTranslations("addresses");
  if (!addresses || addresses.length === 0) return null;
  return (
    <span data-testid="instance-addresses">
      {t("label", { count: addresses.length })} <span className="font-mono text-xs">{addresses.join(", ")}</span>
    </span>
  );
}
