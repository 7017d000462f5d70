// Boot: sign-in check, mode choice, catalog and park extent, then the mode's layout.
import "./styles/base.css";
import "./styles/screen.css";
import "./styles/respond.css";
import "./styles/field.css";
import "./styles/programs.css";
import * as api from "./api.js";
import * as auth from "./auth.js";
import { loadCatalog } from "./catalog.js";
import { t } from "./i18n.js";
import { dataExtent, parkBounds } from "./map.js";
import { loadParameters } from "./parameters.js";
import { chooseMode } from "./mode.js";
import { mountField } from "./modes/field.js";
import { mountRespond } from "./modes/respond.js";
import { mountScreen } from "./modes/screen.js";
import { modesFor, roleOf } from "./roles.js";
import { h } from "./ui/dom.js";
import { mountLogin } from "./ui/loginPage.js";

const MOUNT = { screen: mountScreen, respond: mountRespond, field: mountField };

function toLogin() {
  auth.forget();
  const here = location.pathname + location.search;
  location.assign(`/login?next=${encodeURIComponent(here)}`);
}

async function boot() {
  const root = document.getElementById("app");
  api.useTokens({ access: auth.accessToken, refresh: auth.refresh, unauthorized: () => {} });
  if (location.pathname.replace(/\/+$/, "") === "/login") {
    mountLogin(root);
    return;
  }
  const user = await auth.confirm();
  if (user === null) {
    toLogin();
    return;
  }
  api.useTokens({ unauthorized: toLogin });
  const role = roleOf(user);
  const modes = modesFor(role);
  const mode = chooseMode(modes);
  if (location.pathname !== `/${mode}`) history.replaceState(null, "", `/${mode}${location.search}${location.hash}`);
  document.body.classList.add(`mode-${mode}`);
  root.className = `app ${mode}`;
  const [config, catalog] = await Promise.all([api.config().catch(() => ({ basemap: null })), loadCatalog(), loadParameters()]);
  const [bounds, extent] = await Promise.all([parkBounds(catalog), dataExtent(catalog)]);
  MOUNT[mode](root, { catalog, config, bounds: bounds ?? extent, extent, user, role, modes });
}

boot().catch((err) => {
  console.error(err);
  document.getElementById("app").replaceChildren(h("p", { class: "fatal" }, t("error.generic", { reason: err.message })));
});
