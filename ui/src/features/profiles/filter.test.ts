import { describe, expect, it } from "vitest";
import { profileRow } from "../../ipc/fake";
import { everything, filterProfiles, indexProfiles, toneOf } from "./filter";

const rows = [
  profileRow("prod-admin", { accountId: "444455556666", accountName: "Production", role: "Admin", region: "us-east-1" }),
  profileRow("dev", { accountId: "111122223333", accountName: "Development", role: "Developer", region: "eu-west-1" }),
  profileRow("keys", { kind: "static-keys", ssoSession: null, accountId: null, accountName: null, role: null }),
  profileRow("dev10", { ssoSession: "lab", region: "ap-northeast-1" }),
  profileRow("dev2", { ssoSession: "lab" }),
];
const names = (query = {}) => filterProfiles(indexProfiles(rows), { ...everything, ...query }).map((row) => row.name);

describe("the profile list's search, filters and order", () => {
  it("lists every profile by name, numbers in names read as numbers", () => {
    expect(names()).toEqual(["dev", "dev2", "dev10", "keys", "prod-admin"]);
  });

  it("finds by name, account id, account name, role and session, case-blind, every word", () => {
    expect(names({ text: "PROD" })).toEqual(["prod-admin"]);
    expect(names({ text: "4444" })).toEqual(["prod-admin"]);
    expect(names({ text: "development" })).toEqual(["dev"]);
    expect(names({ text: "admin production" })).toEqual(["prod-admin"]);
    expect(names({ text: "lab" })).toEqual(["dev2", "dev10"]);
    expect(names({ text: "admin development" })).toEqual([]);
  });

  it("filters by kind and by session, together with the words", () => {
    expect(names({ kind: "static-keys" })).toEqual(["keys"]);
    expect(names({ session: "lab" })).toEqual(["dev2", "dev10"]);
    expect(names({ session: "lab", text: "10" })).toEqual(["dev10"]);
  });

  it("sorts by account name (else id) and by region, ties by name", () => {
    expect(names({ sort: "account" }).slice(-2)).toEqual(["dev", "prod-admin"]);
    expect(names({ sort: "region" })).toEqual(["dev10", "dev", "dev2", "keys", "prod-admin"]);
  });
});

describe("marks in the list", () => {
  const marked = [
    profileRow("b-prod", { mark: { favourite: true, hidden: false, tag: "prod" } }),
    profileRow("a-dev", { mark: { favourite: false, hidden: false, tag: "dev" } }),
    profileRow("c-old", { mark: { favourite: false, hidden: true, tag: null } }),
  ];
  const listed = (query = {}) => filterProfiles(indexProfiles(marked), { ...everything, ...query }).map((row) => row.name);

  it("puts favourites first, leaves hidden ones out unless asked, and filters by tag", () => {
    expect(listed()).toEqual(["b-prod", "a-dev"]);
    expect(listed({ showHidden: true })).toEqual(["b-prod", "a-dev", "c-old"]);
    expect(listed({ tag: "dev" })).toEqual(["a-dev"]);
  });

  it("colours production, staging and development tags apart", () => {
    expect(["prod", "Production", "staging", "qa", "dev", "sandbox", "team-x"].map(toneOf))
      .toEqual(["danger", "danger", "warn", "warn", "ok", "ok", "neutral"]);
  });
});
