// IOS object names pibx creates. The `PIBX-` prefix is how pibx recognises what it owns on a router
// that people also configure by hand: it never touches an ACL, class-map, policy-map or pool without it.

export const OWNED_PREFIX = "PIBX-";

export function iosName(name: string): string {
  return (
    OWNED_PREFIX +
    name
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
  );
}

export const NAT_ACL_NAME = iosName("nat-inside");
