// Which of the three layouts to show: the path (/screen, /respond, /field), then ?mode=,
// then the last choice on this device, then the role's first mode.
export const MODES = ["screen", "respond", "field"];
const KEY = "parkmap.mode";

export function chooseMode(allowed) {
  const fromPath = location.pathname.replace(/^\/+|\/+$/g, "");
  const fromQuery = new URLSearchParams(location.search).get("mode");
  const remembered = localStorage.getItem(KEY);
  for (const candidate of [fromPath, fromQuery, remembered]) {
    if (MODES.includes(candidate) && allowed.includes(candidate)) return remember(candidate);
  }
  return remember(allowed[0]);
}

function remember(mode) {
  localStorage.setItem(KEY, mode);
  return mode;
}

/** Go to another mode: a full navigation, so each layout starts clean. */
export function switchMode(mode) {
  remember(mode);
  location.assign(`/${mode}${location.search.replace(/([?&])mode=[^&]*&?/, "$1").replace(/[?&]$/, "")}`);
}
