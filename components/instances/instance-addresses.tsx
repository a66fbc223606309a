/** Where clients connect (the datastore's standard port), as Trove lists it; nothing when it lists none. */
export function InstanceAddresses({ addresses }: { addresses: string[] | undefined }) {
  if (!addresses || addresses.length === 0) return null;
  return (
    <span data-testid="instance-addresses">
      {addresses.length === 1 ? "Address" : "Addresses"} <span className="font-mono text-xs">{addresses.join(", ")}</span>
    </span>
  );
}
