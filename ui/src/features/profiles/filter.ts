// What the profile list shows of every profile: searched by words, filtered by kind and
// session, sorted. Pure, so the list stays instant with thousands of profiles: each
// row's searchable text is lowercased once per list, not once per keystroke.
import type { ProfileKind, ProfileRow } from "../../ipc";

export type SortKey = "name" | "kind" | "account" | "region";

export interface ProfileQuery {
  /** Words that must all appear in the name, account id or name, role or session. */
  text: string;
  kind: ProfileKind | null;
  session: string | null;
  /** An environment tag the person gave profiles. */
  tag: string | null;
  /** Hidden profiles are left out unless asked for. */
  showHidden: boolean;
  sort: SortKey;
}

export const everything: ProfileQuery = { text: "", kind: null, session: null, tag: null, showHidden: false, sort: "name" };

interface Indexed {
  row: ProfileRow;
  haystack: string;
}

/** The rows prepared for searching; build once per list. */
export function indexProfiles(rows: ProfileRow[]): Indexed[] {
  return rows.map((row) => ({
    row,
    haystack: [row.name, row.accountId, row.accountName, row.role, row.ssoSession]
      .filter((part) => part !== null)
      .join("\n")
      .toLowerCase(),
  }));
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

const sortValue: Record<SortKey, (row: ProfileRow) => string> = {
  name: (row) => row.name,
  kind: (row) => row.kind,
  account: (row) => row.accountName ?? row.accountId ?? "",
  region: (row) => row.region ?? "",
};

// Each list sorted once per order, not once per keystroke: a keystroke only filters.
const sortedLists = new WeakMap<Indexed[], Map<SortKey, Indexed[]>>();

function sortedBy(indexed: Indexed[], sort: SortKey): Indexed[] {
  let orders = sortedLists.get(indexed);
  if (!orders) sortedLists.set(indexed, (orders = new Map()));
  let sorted = orders.get(sort);
  if (!sorted) {
    const value = sortValue[sort];
    // Favourites first, then the order asked for, ties by name.
    sorted = [...indexed].sort(
      (a, b) =>
        Number(b.row.mark.favourite) - Number(a.row.mark.favourite) ||
        collator.compare(value(a.row), value(b.row)) ||
        collator.compare(a.row.name, b.row.name),
    );
    orders.set(sort, sorted);
  }
  return sorted;
}

/** The tone a tag gives a profile: production in the danger colour, and so on. */
export function toneOf(tag: string): "danger" | "warn" | "ok" | "neutral" {
  const word = tag.toLowerCase();
  if (/^(prod|production|prd|live)$/.test(word)) return "danger";
  if (/^(stag|staging|stage|test|qa|uat|preprod)$/.test(word)) return "warn";
  if (/^(dev|development|sandbox|lab)$/.test(word)) return "ok";
  return "neutral";
}

/** The rows `query` asks for, in its order (ties by name). */
export function filterProfiles(indexed: Indexed[], query: ProfileQuery): ProfileRow[] {
  const words = query.text.toLowerCase().split(/\s+/).filter(Boolean);
  const found: ProfileRow[] = [];
  for (const { row, haystack } of sortedBy(indexed, query.sort)) {
    if (
      (query.kind === null || row.kind === query.kind) &&
      (query.session === null || row.ssoSession === query.session) &&
      (query.tag === null || row.mark.tag === query.tag) &&
      (query.showHidden || !row.mark.hidden) &&
      words.every((word) => haystack.includes(word))
    ) {
      found.push(row);
    }
  }
  return found;
}
