// The "programs" menu: a button that opens the list of park-program modules the role may
// use. The list is a grid of big buttons, so it works with a thumb on a 375 px phone.
import L from "leaflet";
import { onLangChange, t } from "../i18n.js";
import { h, fill } from "./dom.js";

export function mountModuleMenu(parent, host, { className = "" } = {}) {
  if (!host.ids.length) return null;
  const toggle = h("button", { type: "button", class: `programs-toggle ${className}`.trim(), "aria-haspopup": "true", "aria-expanded": "false" });
  const list = h("div", { class: "programs-list", role: "menu", hidden: true });
  const box = h("div", { class: "programs-menu" }, toggle, list);
  parent.append(box);
  L.DomEvent.disableClickPropagation(box);
  L.DomEvent.disableScrollPropagation(box);

  const setOpen = (open) => {
    list.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
  };
  const render = (active = host.active?.id ?? null) => {
    toggle.textContent = `${t("programs.menu")} ▾`;
    fill(list, host.ids.map((id) =>
      h("button", {
        type: "button",
        role: "menuitem",
        class: `program-item${id === active ? " active" : ""}`,
        dataset: { module: id },
        "aria-current": id === active ? "true" : undefined,
        onclick: () => {
          setOpen(false);
          if (id === active) host.close();
          else host.open(id);
        },
      }, t(`module.${id}`))));
  };
  toggle.addEventListener("click", () => setOpen(list.hidden));
  document.addEventListener("click", (event) => {
    if (!box.contains(event.target)) setOpen(false);
  });
  host.onChange(render);
  onLangChange(() => render());
  render();
  return box;
}
