// The sign-in page. After signing in the user goes back where they were sent from.
import { signIn } from "../auth.js";
import { currentLang, onLangChange, setLang, t } from "../i18n.js";
import { h, fill } from "./dom.js";

export function mountLogin(root) {
  document.body.classList.add("page-login");
  const render = () => {
    const status = h("p", { class: "form-status", role: "alert" });
    const username = h("input", { name: "username", autocomplete: "username", required: true, autofocus: true });
    const password = h("input", { name: "password", type: "password", autocomplete: "current-password", required: true });
    const submit = h("button", { type: "submit", class: "primary big" }, t("login.submit"));
    const other = currentLang() === "zh" ? "en" : "zh";
    fill(
      root,
      h("form", {
        class: "login panel",
        onsubmit: async (event) => {
          event.preventDefault();
          submit.disabled = true;
          status.textContent = "";
          try {
            await signIn(username.value.trim(), password.value);
            location.assign(safeNext());
          } catch (err) {
            status.textContent = err.status === 400 || err.status === 401 || err.status === 403 ? t("login.failed") : t("login.unreachable");
            submit.disabled = false;
          }
        },
      },
        h("div", { class: "brand" }, h("span", { class: "brand-mark", "aria-hidden": "true" }), t("app")),
        h("h1", {}, t("login.title")),
        h("label", { class: "form-field" }, h("span", {}, t("login.username")), username),
        h("label", { class: "form-field" }, h("span", {}, t("login.password")), password),
        status,
        submit,
        h("button", { type: "button", class: "lang", onclick: () => setLang(other) }, t("lang.other")),
      ),
    );
  };
  render();
  onLangChange(render);
}

/** Only same-site paths: a crafted ?next= must not send the user elsewhere. */
function safeNext() {
  const next = new URLSearchParams(location.search).get("next") ?? "/";
  return next.startsWith("/") && !next.startsWith("//") ? next : "/";
}
