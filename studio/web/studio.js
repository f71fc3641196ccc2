// Rookvrij Studio: the page around the kiosk's own code (studio-wasm.js).
// Every rule about the content is the kiosk's (Studio.check); this file only
// draws the forms, passes what is typed, and reads and writes files.
// Nothing is sent anywhere and nothing is kept in the browser: the folder on
// the stick (or a .zip) is the only place the work goes.
"use strict";

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) e.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
};

const state = {
  studio: null,
  dir: null, // the folder handle where the browser can write into it
  name: "rookvrij-inhoud",
  form: null,
  fields: new Map(), // file + path (JSON) -> element that shows problems
  checkMs: [],
  shown: new Map(), // a photo's path -> how the kiosk shows it ({ url } or { error })
  openedAt: [], // when a folder was picked (performance.now(); 0 is when the page began)
  loadMs: [], // loading the content as the kiosk starts on it, for the first preview
  previewMs: [], // how long each preview took to stage (the kiosk's code)
  previewShownAt: [], // when each preview was on the screen (performance.now())
};
window.studioState = state; // for the tests and benchmarks

const { Studio, ReportDesk } = wasm_bindgen;

// The kiosk's screens draw with WebGL 2 (Slint's FemtoVG renderer, which
// cannot go on without it): where the browser gives none, the preview says
// so and the rest of the studio works as ever.
state.webgl = (() => {
  const gl = document.createElement("canvas").getContext("webgl2");
  gl?.getExtension("WEBGL_lose_context")?.loseContext();
  return !!gl;
})();
if (!state.webgl) for (const e of document.querySelectorAll("#preview .hint, #preview .preview-choices")) e.hidden = true;
const NO_WEBGL = "Het voorbeeld van de kiosk heeft WebGL nodig en deze browser geeft dat niet " +
  "(zet in de instellingen van de browser hardwareversnelling aan). De rest van de studio werkt gewoon.";
const ready = wasm_bindgen({ module_or_path: wasm_bindgen.module }).then(() => {
  // The kiosk's own fonts, from inside the module (no second copy in the folder).
  const faces = [["Noto Sans", "400"], ["Noto Sans", "700"], ["Noto Sans Arabic", "400"], ["Noto Sans Arabic", "700"]];
  faces.forEach(([family, weight], n) => document.fonts.add(new FontFace(family, Studio.font(n), { weight })));
  document.body.classList.add("ready");
  state.readyAt = performance.now();
  // The preview's kiosk is made while the team picks a folder.
  if (!state.webgl) return;
  setTimeout(() => {
    const t0 = performance.now();
    try {
      Studio.warm_preview();
    } catch (e) {
      $("preview-message").textContent = String(e.message || e);
    }
    state.warmMs = performance.now() - t0;
  }, 0);
}, (e) => {
  $("start-message").textContent =
    "De studio kon niet starten in deze browser. Open index.html in Edge, Chrome of Firefox. (" + String(e.message || e) + ")";
  throw e;
});

// ---- opening -------------------------------------------------------------

$("open-folder").hidden = !window.showDirectoryPicker;
$("open-folder").addEventListener("click", async () => {
  let dir;
  try {
    dir = await window.showDirectoryPicker({ id: "rookvrij-inhoud", mode: "readwrite" });
  } catch (e) {
    return; // the team closed the picker
  }
  const files = [];
  await readDir(dir, dir.name + "/", files);
  await open(files, dir.name, dir);
});

async function readDir(dir, prefix, out) {
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind === "directory") await readDir(handle, prefix + name + "/", out);
    else out.push([prefix + name, new Uint8Array(await (await handle.getFile()).arrayBuffer())]);
  }
}

$("pick-folder").addEventListener("change", async (ev) => {
  state.openedAt.push(performance.now());
  const files = [];
  for (const f of ev.target.files) {
    files.push([f.webkitRelativePath || f.name, new Uint8Array(await f.arrayBuffer())]);
  }
  const top = files.length ? files[0][0].split("/")[0] : "rookvrij-inhoud";
  await open(files, top, null);
  ev.target.value = "";
});

$("open-demo").addEventListener("click", async () => {
  await ready;
  state.studio = Studio.demo();
  state.dir = null;
  state.name = "rookvrij-inhoud";
  shown("de voorbeeldinhoud (opslaan geeft een .zip)");
});

async function open(files, name, dir) {
  await ready;
  const studio = new Studio();
  for (const [path, bytes] of files) studio.pick(path, bytes);
  if (!studio.open_picked()) {
    $("start-message").textContent =
      `In de map "${name}" staat geen content.toml: kies de map rookvrij-inhoud op de stick.`;
    return;
  }
  state.studio = studio;
  state.dir = dir;
  state.name = name.includes("/") ? "rookvrij-inhoud" : name;
  shown(dir ? `de map ${name} (opslaan schrijft erin)` : `de map ${name} (opslaan geeft een .zip)`);
}

function shown(where) {
  for (const { url } of state.shown.values()) if (url) URL.revokeObjectURL(url);
  state.shown.clear();
  $("where").textContent = "Geopend: " + where;
  $("start").hidden = true;
  $("editor").hidden = false;
  $("save").disabled = false;
  state.fresh = true;
  // Until this folder's content is shown, the canvas (with the kiosk made
  // while the page waited) stays hidden.
  state.previewed = false;
  $("preview-stage").hidden = true;
  draw();
}

// ---- the forms -----------------------------------------------------------

function draw() {
  state.form = JSON.parse(state.studio.form());
  setUpPreview();
  state.fields = new Map();
  const root = $("sections");
  // Drawn anew after an item or a file is added: the open parts stay open
  // and the page stays where it was.
  const open = state.fresh
    ? new Set(["section-rad"])
    : new Set([...root.querySelectorAll("details.section[open]")].map((d) => d.id));
  const scroll = window.scrollY;
  root.replaceChildren();
  for (const { section, items, missing } of state.form.sections) {
    root.append(drawSection(section, items, missing, open.has("section-" + section.id)));
  }
  window.scrollTo(0, scroll);
  if (!state.fresh) return check();
  state.fresh = false;
  // The first check decodes every recording and photo (about a second):
  // the forms are shown first, and say so, and the kiosk's screens with the
  // content loaded as the kiosk starts on it (recordings not decoded yet).
  $("summary").className = "summary";
  $("summary").replaceChildren(el("p", {}, "De kiosk controleert de inhoud, ook de opnames en foto's…"));
  const t0 = performance.now();
  const loaded = state.studio.load();
  state.loadMs.push(performance.now() - t0);
  if (loaded) drawPreview();
  requestAnimationFrame(() => setTimeout(check, 0));
}

function key(file, path) {
  return file + " " + JSON.stringify(path);
}

function drawSection(s, items, missing, open) {
  const box = el("details", { class: "section", id: "section-" + s.id, open });
  const count = el("span", { class: "count" });
  box.append(el("summary", {}, el("h2", {}, s.title), count));
  box.append(el("p", { class: "intro" }, s.intro));
  state.fields.set(key(s.file, s.path), box);
  if (missing) {
    box.append(el("p", { class: "message" }, `Het bestand ${s.file} ontbreekt of is geen TOML.`));
    return box;
  }
  const list = el("div", { class: "items" });
  box.append(list);
  if (s.list) {
    items.forEach((values, i) => list.append(drawItem(s, values, [...s.path, i], `${s.item} ${i + 1}`, i)));
    box.append(
      el("button", {
        class: "add",
        onclick: () => {
          state.studio.add_item(s.file, JSON.stringify(s.path), s.fields.some((f) => f.key === "id") ? s.id : "");
          changed();
          draw();
        },
      }, `${s.item} toevoegen`),
    );
  } else if (items.length) {
    list.append(drawItem(s, items[0], s.path, "", null));
  }
  box.dataset.count = "0";
  return box;
}

function drawItem(s, values, base, title, index) {
  const card = el("div", { class: "item" });
  state.fields.set(key(s.file, base), card);
  if (title) {
    const head = el("div", { class: "item-head" }, el("h3", {}, title + (values.label?.nl ? ": " + values.label.nl : values.name?.nl ? ": " + values.name.nl : "")));
    head.append(
      el("button", {
        class: "remove light",
        onclick: () => {
          if (!confirm(`${title} weghalen?`)) return;
          state.studio.remove_item(s.file, JSON.stringify(s.path), index);
          changed();
          draw();
        },
      }, "Weghalen"),
    );
    card.append(head);
  }
  for (const f of s.fields) card.append(drawField(s.file, f, values[f.key], f.key ? [...base, f.key] : base, s, values));
  card.append(el("div", { class: "problems" }));
  return card;
}

function drawField(file, f, value, path, section, item) {
  const id = "f-" + key(file, path).replace(/[^a-z0-9]+/gi, "-");
  const box = el("div", { class: "field kind-" + f.kind });
  box.append(el("label", { for: id }, f.label));
  if (f.hint) box.append(el("p", { class: "hint" }, f.hint));
  const set = (v, p = path) => {
    try {
      state.studio.set(file, JSON.stringify(p), JSON.stringify(v));
    } catch (e) {
      showError(String(e.message || e));
      return;
    }
    changed();
    check();
  };
  const langs = state.form.languages;
  switch (f.kind) {
    case "text":
    case "long-text": {
      const row = el("div", { class: "langs", style: `--n:${langs.length}` });
      for (const l of langs) {
        const p = [...path, l.code];
        const input = el(f.kind === "text" ? "input" : "textarea", {
          id: id + "-" + l.code, lang: l.code, dir: l.rtl ? "rtl" : "ltr", "data-path": JSON.stringify(p),
          "aria-label": `${f.label} (${l.name})`,
        });
        input.value = (value && value[l.code]) || "";
        input.addEventListener("input", () => set(input.value, p));
        const cell = el("div", { class: "lang" }, el("span", { class: "lang-name" }, l.name), input, el("div", { class: "problems" }));
        state.fields.set(key(file, p), cell);
        row.append(cell);
      }
      box.append(row);
      break;
    }
    case "line":
    case "number":
    case "decimal": {
      const input = el("input", { id, "data-path": JSON.stringify(path), inputmode: f.kind === "line" ? null : f.kind === "number" ? "numeric" : "decimal" });
      input.value = value ?? "";
      input.addEventListener("input", () => {
        const t = input.value.trim();
        if (f.kind === "line") return set(input.value === "" ? null : input.value);
        if (t === "") return set(null);
        const n = Number(t.replace(",", "."));
        // A number that does not read as one goes in as text: the kiosk's check names it.
        set(Number.isFinite(n) ? n : t);
      });
      box.append(input);
      break;
    }
    case "yes-no": {
      const input = el("input", { id, type: "checkbox", "data-path": JSON.stringify(path) });
      input.checked = value === true;
      input.addEventListener("change", () => set(input.checked));
      box.firstChild.prepend(input);
      break;
    }
    case "colour": {
      const input = el("input", { id, type: "color", "data-path": JSON.stringify(path) });
      input.value = typeof value === "string" && /^#[0-9a-f]{6}$/i.test(value) ? value : "#888888";
      input.addEventListener("input", () => set(input.value));
      box.append(input);
      break;
    }
    case "choice": {
      const select = el("select", { id, "data-path": JSON.stringify(path) });
      for (const [v, name] of f.choices) select.append(el("option", { value: v, selected: v === value }, name));
      select.addEventListener("change", () => set(select.value));
      box.append(select);
      break;
    }
    case "range": {
      const min = el("input", { id, inputmode: "numeric", "aria-label": "van" });
      const max = el("input", { inputmode: "numeric", "aria-label": "tot" });
      min.value = value?.min ?? "";
      max.value = value?.max ?? "";
      const put = () => {
        if (min.value.trim() === "" && max.value.trim() === "") return set(null);
        set({ min: Number(min.value) || 0, max: Number(max.value) || 0 });
      };
      min.addEventListener("input", put);
      max.addEventListener("input", put);
      box.append(el("div", { class: "range" }, min, " en ", max));
      break;
    }
    case "languages":
      box.append(drawLanguages(file, path, value || [], set));
      break;
    case "picture":
      box.append(drawPicture(value, set, section && section.id === "verhalen"));
      break;
    case "recording": {
      const row = el("div", { class: "langs", style: `--n:${langs.length}` });
      for (const l of langs) {
        const p = [...path, l.code];
        const cell = el("div", { class: "lang" }, el("span", { class: "lang-name" }, l.name));
        const stem = "audio/" + safeName((item && item.id) || "verhaal") + "-" + l.code;
        cell.append(drawRecording(value && value[l.code], (v) => set(v, p), stem, l), el("div", { class: "problems" }));
        state.fields.set(key(file, p), cell);
        row.append(cell);
      }
      box.append(row);
      break;
    }
  }
  box.append(el("div", { class: "problems" }));
  state.fields.set(key(file, path), box);
  return box;
}

function drawLanguages(file, path, codes, set) {
  const wrap = el("div", { class: "languages" });
  const known = { nl: "Nederlands", tr: "Türkçe", ar: "العربية", en: "English", pl: "Polski", ro: "Română", bg: "Български", ti: "ትግርኛ", so: "Soomaali", uk: "Українська", fa: "فارسی", de: "Deutsch", fr: "Français", es: "Español", pap: "Papiamentu", ber: "Tamaziɣt" };
  codes.forEach((c, i) => {
    wrap.append(el("span", { class: "chip" }, known[c] || c,
      i > 0 ? el("button", { class: "light", "aria-label": `${known[c] || c} weghalen`, onclick: () => { set(codes.filter((x) => x !== c)); draw(); } }, "×") : null));
  });
  const pick = el("select", { "aria-label": "Taal toevoegen" }, el("option", { value: "" }, "Taal toevoegen…"));
  for (const [c, n] of Object.entries(known)) if (!codes.includes(c)) pick.append(el("option", { value: c }, n));
  pick.addEventListener("change", () => {
    if (pick.value) {
      set([...codes, pick.value]);
      draw();
    }
  });
  wrap.append(pick);
  return wrap;
}

function blobOf(path) {
  const bytes = path && state.studio.file(path);
  if (!bytes) return null;
  const type = path.endsWith(".svg") ? "image/svg+xml" : "";
  return URL.createObjectURL(new Blob([bytes], type ? { type } : {}));
}

function safeName(name) {
  return name.normalize("NFKD").replace(/[^\w.-]+/g, "-").replace(/^-+/, "").toLowerCase() || "bestand";
}

// A button that takes a file from the laptop into `folder/` of the content.
function filePicker(folder, accept, label, set) {
  const input = el("input", { type: "file", accept, hidden: true });
  input.addEventListener("change", async () => {
    const f = input.files[0];
    if (!f) return;
    const rel = folder + "/" + safeName(f.name);
    state.studio.add_file(rel, new Uint8Array(await f.arrayBuffer()));
    state.shown.delete(rel);
    set(rel);
    draw();
  });
  return el("label", { class: "file-button" }, label, input);
}

// A photo as the kiosk shows it: decoded by the kiosk's own code (upright as
// the phone meant it), in the shapes its screens give it. Kept per file until
// that file is replaced.
function shownPhoto(path) {
  if (!state.shown.has(path)) {
    let shown;
    try {
      shown = { url: URL.createObjectURL(new Blob([state.studio.photo(path)], { type: "image/png" })) };
    } catch (e) {
      shown = { error: String(e.message || e) };
    }
    state.shown.set(path, shown);
  }
  return state.shown.get(path);
}

function drawPicture(value, set, story) {
  const wrap = el("div", { class: "picture" });
  if (!value) {
    wrap.append(el("span", { class: "hint" }, "Nog geen afbeelding."));
  } else if (value.toLowerCase().endsWith(".svg")) {
    wrap.append(el("img", { src: blobOf(value), alt: "" }));
  } else {
    const shown = shownPhoto(value);
    const frames = el("div", { class: "frames" });
    if (shown.error) {
      frames.append(el("div", { class: "frame broken" }, "De kiosk kan deze foto niet tonen."));
    } else if (story) {
      // The list of stories crops the photo to a square card; the story
      // itself shows it whole, at the top.
      frames.append(
        el("figure", { class: "frame card" }, el("img", { src: shown.url, alt: "" }), el("figcaption", {}, "In de lijst")),
        el("figure", { class: "frame whole" }, el("img", { src: shown.url, alt: "" }), el("figcaption", {}, "Bij het verhaal")),
      );
    } else {
      frames.append(el("figure", { class: "frame whole" }, el("img", { src: shown.url, alt: "" }), el("figcaption", {}, "Zo toont de kiosk hem")));
    }
    wrap.append(frames);
  }
  wrap.append(filePicker("images", "image/*,.svg", value ? "Een andere kiezen" : "Kiezen", set));
  if (value) wrap.append(el("span", { class: "path" }, value));
  return wrap;
}

// A recording per language: a file from the laptop, or one made here with the
// microphone, heard back, then kept (as WAV, which the kiosk plays) or redone.
function drawRecording(value, set, stem, lang) {
  const wrap = el("div", { class: "recording" });
  const url = blobOf(value);
  if (url) wrap.append(el("audio", { controls: true, src: url, preload: "none" }));
  const buttons = el("div", { class: "record-buttons" });
  buttons.append(
    filePicker("audio", "audio/*,.m4a,.opus,.ogg,.mp3,.wav,.flac", value ? "Andere opname" : "Opname kiezen", set),
    el("button", {
      class: "record", "data-record": stem,
      onclick: () => record(wrap, value, set, stem, lang),
    }, "● Opnemen"),
  );
  wrap.append(buttons);
  return wrap;
}

// The kiosk plays WAV as it comes; 24,000 samples a second is plenty for a
// voice (3 minutes: 8.6 MB).
const RECORD_RATE = 24000;

async function record(wrap, value, set, stem, lang) {
  const note = (text, cls = "hint") => wrap.replaceChildren(el("p", { class: cls }, text));
  if (!navigator.mediaDevices || !window.MediaRecorder) {
    return note("Deze browser kan niet opnemen. Neem op met een telefoon en kies het bestand.", "error");
  }
  let stream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  } catch (e) {
    wrap.replaceChildren(
      el("p", { class: "error" }, "De microfoon is er niet of mag niet gebruikt worden. Sta de microfoon toe (het slotje links van het adres) of neem op met een telefoon."),
      el("button", { class: "light", onclick: () => draw() }, "Terug"),
    );
    return;
  }
  const recorder = new MediaRecorder(stream);
  const chunks = [];
  recorder.addEventListener("dataavailable", (e) => chunks.push(e.data));
  const started = performance.now();
  const clock = el("span", { class: "clock" }, "0:00");
  const tick = setInterval(() => {
    const s = Math.floor((performance.now() - started) / 1000);
    clock.textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }, 250);
  wrap.replaceChildren(
    el("p", { class: "recording-now", lang: lang.code }, `● Opname (${lang.name}) `, clock),
    el("button", { class: "primary stop", onclick: () => recorder.stop() }, "Stop"),
  );
  recorder.addEventListener("stop", async () => {
    clearInterval(tick);
    for (const t of stream.getTracks()) t.stop();
    const blob = new Blob(chunks, { type: recorder.mimeType });
    let samples;
    try {
      // Decoding in an offline context at RECORD_RATE resamples too.
      const decoded = await new OfflineAudioContext(1, 1, RECORD_RATE).decodeAudioData(await blob.arrayBuffer());
      samples = new Float32Array(decoded.length);
      for (let c = 0; c < decoded.numberOfChannels; c++) {
        const ch = decoded.getChannelData(c);
        for (let i = 0; i < ch.length; i++) samples[i] += ch[i] / decoded.numberOfChannels;
      }
    } catch (e) {
      note("De opname kon niet gelezen worden. Probeer het opnieuw.", "error");
      return;
    }
    const heard = URL.createObjectURL(blob);
    wrap.replaceChildren(
      el("audio", { controls: true, src: heard }),
      el("div", { class: "record-buttons" },
        el("button", {
          class: "primary keep",
          onclick: () => {
            const name = value === stem + ".wav" ? value : state.studio.free_name(stem, "wav");
            try {
              state.studio.add_recording(name, samples, RECORD_RATE);
            } catch (e) {
              return note(String(e.message || e), "error");
            }
            URL.revokeObjectURL(heard);
            set(name);
            draw();
          },
        }, "Bewaren"),
        el("button", { class: "redo", onclick: () => { URL.revokeObjectURL(heard); record(wrap, value, set, stem, lang); } }, "Opnieuw"),
        el("button", { class: "light", onclick: () => { URL.revokeObjectURL(heard); draw(); } }, "Niet bewaren"),
      ),
    );
  });
  recorder.start();
}

// ---- the kiosk's checks, shown at their fields ---------------------------

function check() {
  const t0 = performance.now();
  const problems = JSON.parse(state.studio.check());
  state.checkMs.push(performance.now() - t0);
  for (const box of document.querySelectorAll(".problems")) box.replaceChildren();
  for (const box of document.querySelectorAll(".has-error, .has-warning")) box.classList.remove("has-error", "has-warning");
  const loose = [];
  const perSection = new Map();
  for (const p of problems) {
    if (p.severity === "notitie") continue;
    const target = p.at ? placeOf(p.file, p.at) : null;
    const line = el("p", { class: p.severity === "fout" ? "error" : "warning" }, p.message);
    if (target) {
      target.querySelector(":scope > .problems").append(line);
      target.classList.add(p.severity === "fout" ? "has-error" : "has-warning");
      const sec = target.closest(".section");
      if (sec) perSection.set(sec, (perSection.get(sec) || 0) + (p.severity === "fout" ? 1 : 0));
    } else {
      loose.push(p);
    }
  }
  for (const sec of document.querySelectorAll(".section")) {
    const n = perSection.get(sec) || 0;
    sec.querySelector(".count").textContent = n ? `${n} ${n === 1 ? "fout" : "fouten"}` : "";
    if (n) sec.open = true;
  }
  const errors = problems.filter((p) => p.severity === "fout").length;
  const warnings = problems.filter((p) => p.severity === "waarschuwing").length;
  const summary = $("summary");
  summary.className = "summary " + (errors ? "bad" : "good");
  summary.replaceChildren(
    el("p", {}, errors
      ? `${errors} ${errors === 1 ? "fout" : "fouten"}: zo kan de kiosk deze inhoud niet gebruiken. De fouten staan in het rood bij het veld.`
      : `De kiosk kan deze inhoud gebruiken${warnings ? ` (${warnings} ${warnings === 1 ? "waarschuwing" : "waarschuwingen"})` : ""}.`),
  );
  for (const p of loose) summary.append(el("p", { class: p.severity === "fout" ? "error" : "warning" }, p.text));
  state.lastProblems = problems;
  $("preview-message").textContent = !state.webgl ? NO_WEBGL
    : !errors ? ""
    : state.previewed ? "Het voorbeeld toont de inhoud zoals hij was voor de fout."
    : "Het voorbeeld komt als de fouten weg zijn.";
  if (!errors) schedulePreview();
}

// ---- the kiosk's own screens -------------------------------------------------
// Drawn by the kiosk's Slint UI and controllers in the module, live on the
// canvas: timers, animations and taps work as on the kiosk.

// Which screen shows a part of the content best.
const SCREEN_OF_SECTION = {
  algemeen: "home", rad: "wheel", potten: "quiz", kosten: "quiz-cost", voorbeelden: "quiz-cost",
  mythes: "quiz-myth", verhalen: "story", hulp: "help-contact",
};

function setUpPreview() {
  const screen = $("preview-screen");
  const lang = $("preview-lang");
  const size = $("preview-size");
  if (!screen.options.length) {
    const { screens, sizes } = JSON.parse(Studio.screens());
    for (const [id, name] of screens) screen.append(el("option", { value: id }, name));
    for (const [w, h] of sizes) size.append(el("option", { value: `${w}x${h}` }, `${w} × ${h}${h > w ? " (staand)" : ""}`));
    screen.value = "wheel";
    for (const s of [screen, lang, size]) s.addEventListener("change", () => drawPreview());
    // The preview follows the part being filled in, in the language typed.
    $("sections").addEventListener("focusin", (ev) => {
      const sec = ev.target.closest(".section");
      const wanted = sec && SCREEN_OF_SECTION[sec.id.replace("section-", "")];
      let change = false;
      if (wanted && screen.value !== wanted) {
        screen.value = wanted;
        change = true;
      }
      const l = ev.target.getAttribute("lang");
      if (l && lang.value !== l && [...lang.options].some((o) => o.value === l)) {
        lang.value = l;
        change = true;
      }
      if (change) schedulePreview();
    });
    new ResizeObserver(fitPreview).observe($("preview-stage"));
  }
  const keep = lang.value;
  lang.replaceChildren(...state.form.languages.map((l) => el("option", { value: l.code }, l.name)));
  if ([...lang.options].some((o) => o.value === keep)) lang.value = keep;
}

let previewTimer = null;
function schedulePreview() {
  clearTimeout(previewTimer);
  // While typing, once the keys rest.
  previewTimer = setTimeout(drawPreview, 250);
}

function drawPreview() {
  clearTimeout(previewTimer);
  if (!state.studio) return;
  if (!state.webgl) {
    $("preview-message").textContent = NO_WEBGL;
    return;
  }
  const t0 = performance.now();
  try {
    state.studio.preview($("preview-screen").value, $("preview-lang").value, ...previewSize());
  } catch (e) {
    $("preview-message").textContent = String(e.message || e);
    return;
  }
  state.previewMs.push(performance.now() - t0);
  state.previewed = true;
  $("preview-stage").hidden = false;
  fitPreview();
  // The kiosk draws in its next animation frame; this runs right after.
  requestAnimationFrame(() => state.previewShownAt.push(performance.now()));
}

function previewSize() {
  return $("preview-size").value.split("x").map(Number);
}

// The canvas keeps the kiosk's size; it is scaled to the panel's width.
function fitPreview() {
  const stage = $("preview-stage");
  const [w, h] = previewSize();
  const k = stage.clientWidth / w;
  if (!(k > 0)) return;
  $("canvas").style.transform = `scale(${k})`;
  stage.style.height = `${Math.round(h * k)}px`;
}

function placeOf(file, at) {
  for (let n = at.length; n >= 0; n--) {
    const e = state.fields.get(key(file, at.slice(0, n)));
    if (e) return e;
  }
  return null;
}

function showError(text) {
  $("summary").append(el("p", { class: "error" }, text));
}

// ---- saving --------------------------------------------------------------

function changed() {
  const n = state.studio.changed().length;
  $("save").textContent = n ? `Opslaan (${n} ${n === 1 ? "bestand" : "bestanden"} veranderd)` : "Opslaan";
}

window.addEventListener("beforeunload", (ev) => {
  if (state.studio && state.studio.changed().length) {
    ev.preventDefault();
    ev.returnValue = "";
  }
});

$("save").addEventListener("click", async () => {
  const studio = state.studio;
  if (!studio) return;
  if (state.dir) {
    try {
      for (const path of studio.changed()) {
        const parts = path.split("/");
        let dir = state.dir;
        for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
        const file = await dir.getFileHandle(parts.at(-1), { create: true });
        const w = await file.createWritable();
        await w.write(studio.file(path));
        await w.close();
      }
      studio.saved();
      changed();
      $("where").textContent = `Opgeslagen in de map ${state.name}.`;
    } catch (e) {
      showError(`Opslaan in de map lukte niet (${e.message || e}). Probeer het nog eens, of sla op als .zip.`);
    }
    return;
  }
  const zip = studio.zip("rookvrij-inhoud");
  download(zip, "rookvrij-inhoud.zip", "application/zip");
  studio.saved();
  changed();
  $("where").textContent = "Opgeslagen als rookvrij-inhoud.zip (bij Downloads): pak hem uit op de stick, in plaats van de oude map.";
});

function download(bytes, name, type) {
  const a = el("a", { href: URL.createObjectURL(new Blob([bytes], { type })), download: name });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- the report ----------------------------------------------------------

const desk = ready.then(() => new ReportDesk());

async function addExports(files) {
  const d = await desk;
  for (const f of files) d.add(f.name, new Uint8Array(await f.arrayBuffer()));
  showReport(d);
}

function showReport(d) {
  let summary;
  try {
    summary = JSON.parse(d.summary());
  } catch (e) {
    $("report-message").textContent = String(e.message || e);
    $("report").hidden = true;
    return;
  }
  $("report-message").textContent = "";
  $("report").hidden = false;
  $("report-files").textContent = `${summary.files.length} ${summary.files.length === 1 ? "bestand" : "bestanden"}: ${summary.files.join(", ")}. Van ${summary.first ?? "-"} tot ${summary.last ?? "-"}.`;
  const rows = summary.funnel.map((f) => el("tr", {}, el("td", {}, f.place || "(geen plek)"), el("td", {}, f.visits), el("td", {}, f.activities), el("td", {}, f.interest), el("td", {}, f.contacts)));
  const total = summary.funnel.reduce((t, f) => ({ visits: t.visits + f.visits, activities: t.activities + f.activities, interest: t.interest + f.interest, contacts: t.contacts + f.contacts }), { visits: 0, activities: 0, interest: 0, contacts: 0 });
  $("report-totals").replaceChildren(
    el("table", { id: "funnel" },
      el("thead", {}, el("tr", {}, el("th", {}, "Vindplaats"), el("th", {}, "Bezoeken"), el("th", {}, "Iets gedaan"), el("th", {}, "Wil meer weten"), el("th", {}, "Hulp bekeken"))),
      el("tbody", {}, ...rows),
      el("tfoot", {}, el("tr", {}, el("th", {}, "Samen"), el("th", { id: "total-visits" }, total.visits), el("th", {}, total.activities), el("th", {}, total.interest), el("th", {}, total.contacts)))),
    el("p", { id: "total-taps" }, `Alles bij elkaar: ${summary.taps} keer aangeraakt.`),
  );
  $("report-page").srcdoc = d.html();
  state.report = summary;
}

$("pick-exports").addEventListener("change", (ev) => addExports([...ev.target.files]).then(() => (ev.target.value = "")));
const drop = $("drop");
drop.addEventListener("dragover", (ev) => {
  ev.preventDefault();
  drop.classList.add("over");
});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (ev) => {
  ev.preventDefault();
  drop.classList.remove("over");
  addExports([...ev.dataTransfer.files]);
});
$("get-xlsx").addEventListener("click", async () => download((await desk).xlsx(), "rookvrij-rapport.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"));
$("get-csv").addEventListener("click", async () => download((await desk).csv(), "rookvrij-rapport.csv", "text/csv"));
$("get-html").addEventListener("click", async () => download((await desk).html(), "rookvrij-rapport.html", "text/html"));
$("report-clear").addEventListener("click", async () => {
  (await desk).clear();
  $("report").hidden = true;
});

// ---- tabs ----------------------------------------------------------------

for (const tab of document.querySelectorAll(".tab")) {
  tab.addEventListener("click", () => {
    for (const t of document.querySelectorAll(".tab")) {
      t.setAttribute("aria-pressed", String(t === tab));
      $(t.dataset.tab).hidden = t !== tab;
    }
  });
}
