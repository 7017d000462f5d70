// The on-site inspection form: findings, photos from the camera, the phone's GPS position,
// posted as multipart to POST /inspections.
import * as api from "../api.js";
import { featureName, local, t } from "../i18n.js";
import { h, fill, toast } from "./dom.js";

export function renderInspectionForm(parent, { target, position, onDone, onCancel }) {
  const previews = [];
  const release = () => previews.splice(0).forEach((href) => URL.revokeObjectURL(href));
  const status = h("p", { class: "form-status", role: "status" });
  const thumbs = h("div", { class: "thumbs" });
  const photos = h("input", {
    type: "file",
    name: "photos",
    accept: "image/*",
    capture: "environment",
    multiple: true,
    onchange: () => {
      release();
      fill(thumbs, [...photos.files].map((file) => {
        const href = URL.createObjectURL(file);
        previews.push(href);
        return h("img", { src: href, alt: file.name });
      }));
    },
  });
  const findings = h("textarea", { name: "findings", rows: 5, required: true });
  const submit = h("button", { type: "submit", class: "primary big" }, t("field.submit"));

  const send = async (event) => {
    event.preventDefault();
    if (!position) {
      // the record is only evidence with the place it was made: no position, no inspection
      status.textContent = t("field.need_position");
      return;
    }
    if (!findings.value.trim()) {
      status.textContent = t("field.need");
      findings.focus();
      return;
    }
    const form = new FormData();
    let text = findings.value.trim();
    if (target?.id != null && /enterprise/.test(target.layer?.id ?? "")) form.set("enterprise_id", String(target.id));
    else if (target) text = `[${local(target.layer?.title)} ${featureName(target.properties)} ${target.properties?.code ?? ""}]`.replace(/\s+]/, "]") + ` ${text}`;
    form.set("findings", text);
    form.set("lon", String(position.lng));
    form.set("lat", String(position.lat));
    for (const file of photos.files) form.append("photos", file, file.name);
    submit.disabled = true;
    submit.textContent = t("field.sending");
    try {
      await api.postInspection(form);
      release();
      toast(t("field.sent"), "ok");
      onDone?.();
    } catch (err) {
      status.textContent = t("field.failed", { reason: err.missing ? t("panel.unavailable") : err.message });
      submit.disabled = false;
      submit.textContent = t("field.submit");
    }
  };

  return fill(
    parent,
    h("form", { class: "inspection-form", onsubmit: send },
      h("header", {},
        h("button", { type: "button", class: "back big", onclick: () => { release(); onCancel?.(); } }, "‹ ", t("field.back")),
        h("h2", {}, t("field.inspect")),
      ),
      target && h("p", {}, h("strong", {}, `${t("field.target")}: `), featureName(target.properties) || `#${target.id}`),
      h("label", { class: "form-field" }, h("span", {}, t("field.findings")), findings),
      h("label", { class: "form-field photo-field" }, h("span", {}, t("field.photos")), photos),
      thumbs,
      h("p", { class: "position" }, h("strong", {}, `${t("field.position")}: `),
        position ? `${position.lat.toFixed(6)}, ${position.lng.toFixed(6)} (±${Math.round(position.accuracy ?? 0)} m)` : t("field.noposition")),
      status,
      submit,
    ),
  );
}
