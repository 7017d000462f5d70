// What each role may do in the UI. The API enforces the same rules; hiding only spares the
// user buttons that would be refused.

const MODES_BY_ROLE = {
  admin: ["screen", "respond", "field"],
  manager: ["screen", "respond", "field"],
  bureau: ["screen", "respond", "field"],
  responder: ["respond", "screen", "field"],
  inspector: ["field", "respond"],
  enterprise: ["respond", "field"],
  screen: ["screen"],
  open: ["respond", "screen", "field"],
};

const ABILITIES = {
  incident: ["admin", "manager", "responder", "open"],
  inspect: ["admin", "manager", "inspector", "open"],
  dashboard: ["admin", "manager", "bureau", "responder", "screen", "open"],
  alarms: ["admin", "manager", "bureau", "responder", "screen", "enterprise", "open"],
  tickets: ["admin", "manager", "bureau", "inspector", "enterprise", "open"],
};

/** The role used for UI decisions: "open" when the server has no sign-in. */
export const roleOf = (user) => (user === "open" || !user ? "open" : user.role);

export const modesFor = (role) => MODES_BY_ROLE[role] ?? ["respond"];

export const can = (role, ability) => (ABILITIES[ability] ?? []).includes(role);
