// The Profiles page over the in-memory host, seeded with 5,000 profiles as discovery
// writes them, for the list benchmark (scripts/bench-profile-list.sh).
import { mount } from "svelte";
import { createFakeHost, useHost } from "../src/ipc";
import { profileList, profileRow } from "../src/ipc/fake";
import ProfilesPage from "../src/features/profiles/ProfilesPage.svelte";
import "../src/styles/tokens.css";
import "../src/styles/base.css";

const profiles = Array.from({ length: 5000 }, (_, n) =>
  profileRow(`profile-${n}`, {
    ssoSession: `org${n % 10}`,
    accountId: String(100000000000 + n),
    accountName: `account-${n}`,
    role: `Role${n % 7}`,
    region: ["us-east-1", "eu-west-1", "ap-northeast-1"][n % 3],
  }),
);
useHost(createFakeHost({ profiles: profileList(profiles) }));
mount(ProfilesPage, { target: document.getElementById("app")! });
