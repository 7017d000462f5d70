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
  // the analysis endpoints: park staff only
  analyse: ["admin", "manager", "responder", "inspector", "open"],
  inspect: ["admin", "manager", "inspector", "open"],
  dashboard: ["admin", "manager", "bureau", "responder", "screen", "open"],
  alarms: ["admin", "manager", "bureau", "responder", "screen", "enterprise", "open"],
  tickets: ["admin", "manager", "bureau", "inspector", "enterprise", "open"],
  // park programs: what each role may read park-wide and which steps it may take
  parkWide: ["admin", "manager", "responder", "inspector", "bureau", "screen", "open"],
  runPrograms: ["admin", "manager", "open"],
  enterpriseWrite: ["admin", "manager", "enterprise", "open"],
  fieldWrite: ["admin", "manager", "inspector", "open"],
  reportTask: ["admin", "manager", "inspector", "enterprise", "open"],
  operateGates: ["admin", "manager", "responder", "open"],
  borrow: ["admin", "manager", "responder", "inspector", "enterprise", "open"],
};

/**
 * The park-program modules of the "programs" menu, in menu order, and who sees each. An
 * enterprise account sees its own carbon units, tasks, audit, tickets and the shared stocks.
 */
const MODULES = [
  { id: "tickets", roles: null },
  { id: "carbon", roles: null },
  { id: "outfalls", roles: null },
  { id: "cleaner", roles: null },
  { id: "voc", roles: ABILITIES.parkWide },
  { id: "materials", roles: null },
  { id: "joint", roles: ABILITIES.parkWide },
];

export const modulesFor = (role) => MODULES.filter((m) => m.roles === null || m.roles.includes(role)).map((m) => m.id);

/** The role used for UI decisions: "open" when the server has no sign-in. */
export const roleOf = (user) => (user === "open" || !user ? "open" : user.role);

export const modesFor = (role) => MODES_BY_ROLE[role] ?? ["respond"];

export const can = (role, ability) => (ABILITIES[ability] ?? []).includes(role);
