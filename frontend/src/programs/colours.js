// Colours of the programs' coded states, shared by map markers, badges and legends.

// warning levels of an activated-carbon unit: nothing due, then blue reminder → red (saturated)
export const CARBON_LEVEL = {
  none: "#2e9d4f",
  blue: "#1e88e5",
  yellow: "#fbc02d",
  orange: "#ef6c00",
  red: "#c62828",
};

export const OUTFALL_STATUS = {
  compliant: "#2e9d4f",
  rectified: "#00897b",
  rectifying: "#ef6c00",
  pending: "#c62828",
};

// a closed rain gate holds spilled water in the park: closed is the safe state
export const GATE_STATE = { closed: "#2e7d32", open: "#d32f2f" };

export const TICKET_STATE = {
  pre_warning: "#f2a007",
  dispatched: "#1e88e5",
  feedback: "#8e24aa",
  review: "#00897b",
  escalated: "#c62828",
  closed: "#7b8794",
};

export const VOC_ROLE = { upwind: "#1e88e5", downwind: "#ef6c00", crosswind: "#9e9e9e" };

export const HEALTH_CODE = { green: "#2e7d32", yellow: "#fbc02d", orange: "#ef6c00", red: "#c62828" };

/** Legend entries `[value, colour]` of a colour table, in its order. */
export const legendOf = (table) => Object.entries(table);
