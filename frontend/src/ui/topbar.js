// The header: app name, mode switch (only the modes the role may use), language, user.
import { signOut } from "../auth.js";
import { currentLang, onLangChange, setLang, t } from "../i18n.js";
import { switchMode } from "../mode.js";
import { h, fill } from "./dom.js";

export function mountTopbar(parent, { mode, modes, user, extra }) {
  const bar = parent.appendChild(h("header", { class: "topbar" }));
  const render = () => {
    const other = currentLang() === "zh" ? "en" : "zh";
    fill(
      bar,
      h("div", { class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }), t("app")),
      extra ?? null,
      h("div", { class: "spacer" }),
      modes.length > 1 &&
        h(
          "nav",
          { class: "modes", "aria-label": "mode" },
          modes.map((m) =>
            h(
              "button",
              { class: m === mode ? "mode active" : "mode", "aria-pressed": String(m === mode), dataset: { mode: m }, onclick: () => m !== mode && switchMode(m) },
              t(`mode.${m}`),
            ),
          ),
        ),
      h("button", { class: "lang", dataset: { lang: other }, onclick: () => setLang(other) }, t("lang.other")),
      user && user !== "open" &&
        h(
          "div",
          { class: "user" },
          h("span", { class: "username", title: user.role }, user.username),
          h("button", { class: "signout", onclick: async () => { await signOut(); location.assign("/login"); } }, t("user.signout")),
        ),
    );
  };
  render();
  onLangChange(render);
  return bar;
}
