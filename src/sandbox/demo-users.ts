// The sandbox's made-up people and channel. Each demonstrates a role: the bot
// learns who is an admin from ADMIN_USER_IDS, and the rest from the
// demonstration data (recorders of indicators, owners of actions).
import type { Person } from "./slack-emulator/index.js";

export interface DemoUser extends Person {
  /** What this person may do, as the page explains it. */
  role: string;
}

export const ADMIN: DemoUser = {
  id: "U0DEMOADMN1",
  name: "Priya Shah",
  handle: "priya",
  title: "Director of Children's Services",
  email: "priya.shah@example.gov.uk",
  role: "admin: everything",
};
export const RECORDER: DemoUser = {
  id: "U0DEMOREC01",
  name: "Sam Taylor",
  handle: "sam",
  title: "Performance Officer",
  email: "sam.taylor@example.gov.uk",
  role: "recorder: records the front-door and children-in-care figures",
};
export const OWNER: DemoUser = {
  id: "U0DEMOOWN01",
  name: "Jordan Lee",
  handle: "jordan",
  title: "Head of Service, Assessment",
  email: "jordan.lee@example.gov.uk",
  role: "action owner: answers plan reminders",
};
export const READER: DemoUser = {
  id: "U0DEMOREAD1",
  name: "Cllr Chris Evans",
  handle: "chris",
  title: "Lead Member for Children",
  email: "chris.evans@example.gov.uk",
  role: "reader: sees everything, changes nothing",
};

export const DEMO_USERS: readonly DemoUser[] = [ADMIN, RECORDER, OWNER, READER];

export const BOARD_CHANNEL = { id: "C0DEMOBRD01", name: "improvement-board", topic: "Monthly scorecard, digests and escalations (demonstration)" } as const;
