// stackpick web: keeps the page in step with the answers. Without this script the page
// still works: the form submits to the server, which renders the same page.
"use strict";
(function () {
  const form = document.getElementById("form");
  let state = JSON.parse(document.getElementById("state").textContent);
  const touched = new Set();
  let files = {};
  let timer = null;
  let sequence = 0;

  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const fieldsByName = () => Object.fromEntries(state.fields.map((f) => [f.name, f]));

  function currentValue(name) {
    const inputs = $$(`[name="t.${name}"]`, form).filter((el) => !el.disabled && el.type !== "hidden");
    if (!inputs.length) return null;
    const first = inputs[0];
    if (first.type === "checkbox" && inputs.length === 1 && first.value === "yes") return first.checked ? "yes" : "no";
    if (first.type === "checkbox") return inputs.filter((el) => el.checked).map((el) => el.value).join(",");
    return first.value;
  }

  // Questionnaire answers and the framework always; template answers only when the
  // person changed them or they differ from the default, so derived defaults (the
  // package name follows the project name) keep following.
  function params() {
    const out = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (key.startsWith("q.") || key === "t.framework") out.append(key, value);
    }
    const byName = fieldsByName();
    for (const field of state.fields) {
      if (field.name === "framework") continue;
      const value = currentValue(field.name);
      if (value === null) continue;
      const known = byName[field.name];
      if (!touched.has(field.name) && known && known.applies && value === known.default) continue;
      const parts = field.kind === "multi" ? value.split(",").filter(Boolean) : [value];
      if (!parts.length) out.append("t." + field.name, "");
      for (const part of parts) out.append("t." + field.name, part);
    }
    return out;
  }

  function apply(next) {
    state = next;
    $("#recommendation").innerHTML = next.html.recommendation;
    $('[data-testid="recommended-choice"]').textContent =
      next.recommendation.framework === "django" ? "Django" : "Flask";
    for (const field of next.fields) {
      if (field.name === "framework") continue;
      const box = $(`[data-field="t.${field.name}"]`);
      if (!box) continue;
      box.hidden = !field.applies;
      box.disabled = !field.applies;
      const inputs = $$(`[name="t.${field.name}"]`, box).filter((el) => el.type !== "hidden");
      for (const input of inputs) {
        if (input === document.activeElement && input.type === "text") continue;
        if (input.tagName === "SELECT") {
          for (const option of input.options) {
            const choice = field.choices.find((c) => c.value === option.value);
            option.disabled = Boolean(choice && choice.disabled);
            option.title = choice && choice.disabled ? choice.disabled : "";
          }
          input.value = field.value;
        } else if (input.type === "checkbox" && field.kind === "multi") {
          const choice = field.choices.find((c) => c.value === input.value);
          input.checked = (field.values || []).includes(input.value);
          input.disabled = Boolean(choice && choice.disabled);
          input.closest("label").classList.toggle("off", input.disabled);
        } else if (input.type === "checkbox") {
          input.checked = field.value === "yes";
        } else {
          input.value = field.value;
        }
      }
    }
    for (const el of $$("[data-error]")) el.textContent = next.errors[el.dataset.error] || "";
    $("#command").textContent = next.command;
    $("#share").href = "/?" + next.share;
    $('[data-action="download"]').disabled = !next.ok;
    history.replaceState(null, "", "/?" + next.share + location.hash);
  }

  async function refresh() {
    const mine = ++sequence;
    const response = await fetch("/api/state?" + params().toString());
    if (!response.ok || mine !== sequence) return;
    apply(await response.json());
  }

  function changed(event) {
    const name = event.target.name || "";
    if (name.startsWith("t.")) touched.add(name.slice(2));
    clearTimeout(timer);
    timer = setTimeout(refresh, event.type === "input" ? 150 : 0);
  }

  function showFile(path) {
    const file = files[path];
    if (!file) return;
    for (const link of $$("#preview-body a[data-path]")) link.classList.toggle("selected", link.dataset.path === path);
    $('[data-testid="viewer-path"]').textContent = path;
    $('[data-testid="viewer-text"]').textContent =
      file.text === null ? `(binary or large file, ${file.size} bytes)` : file.text;
  }

  async function preview(event) {
    event.preventDefault();
    const error = $("#render-error");
    const button = event.currentTarget;
    error.textContent = "";
    button.disabled = true;
    button.dataset.label = button.textContent;
    button.textContent = "Rendering…";
    try {
      const response = await fetch("/api/preview", { method: "POST", body: params() });
      const data = await response.json();
      if (!response.ok) {
        error.textContent = data.error || Object.values(data.errors || {}).join(" ") || "The preview failed.";
        return;
      }
      files = Object.fromEntries(data.files.map((f) => [f.path, f]));
      $("#preview-body").innerHTML = data.html;
      $("#preview").hidden = false;
      const readme = data.files.find((f) => f.path === "README.md");
      if (readme) showFile(readme.path);
      $("#preview").scrollIntoView({ behavior: "smooth", block: "start" });
    } catch (failure) {
      error.textContent = "The preview failed: " + failure;
    } finally {
      button.disabled = false;
      button.textContent = button.dataset.label;
    }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  $('[data-action="preview"]').addEventListener("click", preview);
  $('[data-action="update"]').hidden = true;
  $("#preview").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-path]");
    if (!link || !files[link.dataset.path]) return;
    event.preventDefault();
    showFile(link.dataset.path);
  });
  document.body.classList.add("live");
})();
