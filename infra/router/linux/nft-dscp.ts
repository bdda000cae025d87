// DSCP values as nft prints them (its symbol table, `nft describe ip dscp`): the renderer must
// write what the listing shows, or every plan would see a difference.
const NAMES: ReadonlyMap<number, string> = new Map([
  [0, "cs0"],
  [8, "cs1"],
  [16, "cs2"],
  [24, "cs3"],
  [32, "cs4"],
  [40, "cs5"],
  [48, "cs6"],
  [56, "cs7"],
  [1, "lephb"],
  [10, "af11"],
  [12, "af12"],
  [14, "af13"],
  [18, "af21"],
  [20, "af22"],
  [22, "af23"],
  [26, "af31"],
  [28, "af32"],
  [30, "af33"],
  [34, "af41"],
  [36, "af42"],
  [38, "af43"],
  [44, "va"],
  [46, "ef"],
]);

export function nftDscp(value: number): string {
  return NAMES.get(value) ?? `0x${value.toString(16).padStart(2, "0")}`;
}
