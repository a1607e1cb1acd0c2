/* The form on /mitmachen/: builds an offer file from its fields, checks it against
 * schema/angebot.schema.json (the rules the build uses) and opens GitHub's new-file
 * page with file name and content filled in. Nothing is sent anywhere else.
 * All visible texts come from the page (data-* attributes written through gettext). */
import { Validator, format } from "../vendor/json-schema/index.js";

const form = document.getElementById("angebotsformular");
const result = document.getElementById("ergebnis");
const fileBox = document.getElementById("datei");
const texts = form.dataset;

document.querySelector(".form-js-hint").hidden = true;
// The form stays hidden and disabled until here: if this module does not run, nothing can be submitted.
form.querySelector(".form-gate").disabled = false;
form.hidden = false;

// Web addresses as the build accepts them: http or https only (validation._check_web_url).
format.uri = (value) => {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" && !value.includes(" ");
  } catch (error) {
    return false;
  }
};

const loaded = fetch(form.dataset.schema)
  .then((response) => response.json())
  .then((schema) => ({ schema, validator: new Validator(schema, "2020-12", false) }));

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, key) => values[key]);
}

/* "Elterncafé Dülmen!" → "elterncafe-duelmen" (the file-name rule of validation.SLUG). */
function slugify(text) {
  return text.toLowerCase()
    .replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss")
    .normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

function value(name) {
  return (form.elements[name].value || "").trim();
}

function checked(name) {
  return Array.from(form.querySelectorAll(`input[name="${name}"]:checked`), (box) => box.value);
}

function list(name) {
  return value(name).split(",").map((item) => item.trim()).filter(Boolean);
}

function number(name) {
  const text = value(name).replace(",", ".");
  return text === "" ? undefined : Number(text);
}

/* The front matter as data, in the order of the template; empty optional fields left out
 * (required ones stay, so that the schema names them when they are empty). */
function readOffer(required) {
  const offer = {
    title: value("title"),
    summary: value("summary").replace(/\s+/g, " "),
    areas: checked("areas"),
    age_from: number("age_from"),
    age_to: number("age_to"),
    pregnancy: form.elements.pregnancy.checked || undefined,
    municipalities: checked("municipalities"),
    reviewed: value("reviewed"),
    target_groups: list("target_groups"),
    languages: list("languages").map((code) => code.toLowerCase()),
    cost: value("cost"),
    registration: value("registration"),
    accessible: value("accessible") === "" ? undefined : value("accessible") === "true",
    schedule: value("schedule"),
    url: value("url"),
    initiative: form.elements.initiative ? value("initiative") : "",
    valid_until: value("valid_until"),
  };
  const contact = { name: value("contact_name"), role: value("contact_role"), phone: value("contact_phone"), email: value("contact_email") };
  const location = { name: value("location_name"), street: value("location_street"), postcode: value("location_postcode"), city: value("location_city") };
  offer.contacts = [contact];
  offer.locations = [location];
  for (const group of [contact, location]) {
    for (const key of Object.keys(group)) { if (group[key] === "") { delete group[key]; } }
  }
  for (const key of Object.keys(offer)) {
    const item = offer[key];
    const empty = item === undefined || item === "" || (Array.isArray(item) && (item.length === 0 ||
      (typeof item[0] === "object" && Object.keys(item[0]).length === 0)));
    if (empty && !required.includes(key)) { delete offer[key]; }
  }
  return offer;
}

/* YAML text: every string in double quotes (JSON's form, which YAML reads the same),
 * slugs, numbers, booleans and dates plain. */
function yamlValue(key, item) {
  if (typeof item === "number" || typeof item === "boolean") { return String(item); }
  if (key === "reviewed" || key === "valid_until") { return /^\d{4}-\d{2}-\d{2}$/.test(item) ? item : JSON.stringify(item); }
  return JSON.stringify(item);
}

function toYaml(offer) {
  const lines = ["---", "# yaml-language-server: $schema=../../schema/angebot.schema.json"];
  for (const [key, item] of Object.entries(offer)) {
    if (Array.isArray(item) && item.length && typeof item[0] === "object") {
      lines.push(`${key}:`);
      for (const entry of item) {
        Object.entries(entry).forEach(([field, text], i) => {
          lines.push(`${i === 0 ? "  - " : "    "}${field}: ${JSON.stringify(text)}`);
        });
      }
    } else if (Array.isArray(item)) {
      const slugs = key === "areas" || key === "municipalities" || key === "languages";
      lines.push(`${key}: [${item.map((entry) => (slugs && /^[a-z0-9-]+$/.test(entry) ? entry : JSON.stringify(entry))).join(", ")}]`);
    } else {
      lines.push(`${key}: ${yamlValue(key, item)}`);
    }
  }
  lines.push("---", "");
  const body = value("body").replace(/\r\n?/g, "\n");
  return lines.join("\n") + (body ? "\n" + body + "\n" : "");
}

function valueAt(data, path) {
  return path.reduce((node, step) => (node === undefined ? undefined : node[step]), data);
}

function labelOf(path) {
  const [first, , field] = path;
  let name = first;
  if (first === "contacts" && field) { name = `contact_${field}`; }
  if (first === "locations" && field) { name = `location_${field}`; }
  const element = document.getElementById(`f-${name}`);
  if (!element) { return path.join(" → "); }
  const label = element.tagName === "FIELDSET" ? element.querySelector("legend") : element.labels[0];
  return label.firstChild.textContent.trim();
}

const MESSAGES = {
  required: "msgRequired", type: "msgType", minLength: "msgMinLength", maxLength: "msgMaxLength",
  minItems: "msgMinItems", minimum: "msgRange", maximum: "msgRange", exclusiveMinimum: "msgRange",
  pattern: "msgPattern", format: "msgFormat",
};

/* German messages for the schema's errors, one per field, and the rules the schema cannot say. */
function problems(offer, outcome) {
  const found = new Map();
  for (const error of outcome.errors) {
    if (!(error.keyword in MESSAGES)) { continue; } // "properties", "items", "$ref": summaries of the others
    const path = error.instanceLocation.replace(/^#\/?/, "").split("/").filter(Boolean);
    if (error.keyword === "required") {
      const missing = /"([^"]+)"/.exec(error.error);
      if (missing) { path.push(missing[1]); }
    }
    const field = labelOf(path);
    const empty = error.keyword === "minLength" && valueAt(offer, path) === "";
    // a language code names the codes it expects, with the one typed
    const message = error.keyword === "pattern" && path[0] === "languages" ? "msgLanguages" : MESSAGES[error.keyword];
    if (!found.has(field)) { found.set(field, fill(texts[empty ? "msgRequired" : message], { field, value: valueAt(offer, path) })); }
  }
  const hasFrom = offer.age_from !== undefined, hasTo = offer.age_to !== undefined;
  if (hasFrom !== hasTo && offer.pregnancy) { found.set("ages", texts.msgAgesPair); }
  if (hasFrom && hasTo && offer.age_from >= offer.age_to) { found.set("ages", texts.msgAges); }
  if (offer.municipalities.length > 1 && offer.municipalities.includes("kreisweit")) { found.set("kreisweit", texts.msgCountyWide); }
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(value("file_name"))) { found.set("file", texts.msgFileName); }
  if (!value("traeger")) { found.set("traeger", fill(texts.msgRequired, { field: labelOf(["traeger"]) })); }
  return Array.from(found.values());
}

function showProblems(list) {
  result.replaceChildren();
  const intro = document.createElement("p");
  intro.textContent = texts.errorsTitle;
  const items = document.createElement("ul");
  for (const text of list) {
    const item = document.createElement("li");
    item.textContent = text;
    items.appendChild(item);
  }
  result.append(intro, items);
  result.className = "form-result notice";
  fileBox.hidden = true;
}

function showFile(text) {
  const path = `angebote/${value("traeger")}/${value("file_name")}.md`;
  result.className = "form-result";
  result.textContent = texts.ok;
  document.getElementById("dateipfad").textContent = path;
  document.getElementById("dateiinhalt").textContent = text;
  const github = document.getElementById("github");
  if (github) {
    const folder = `${texts.repository}/new/${texts.branch}/angebote/${encodeURIComponent(value("traeger"))}`;
    github.href = `${folder}?filename=${encodeURIComponent(value("file_name") + ".md")}&value=${encodeURIComponent(text)}`;
  }
  const download = document.getElementById("herunterladen");
  URL.revokeObjectURL(download.href);
  download.href = URL.createObjectURL(new Blob([text], { type: "text/markdown;charset=utf-8" }));
  download.download = `${value("file_name")}.md`;
  fileBox.hidden = false;
}

if (!value("reviewed")) { // today, in the visitor's time zone
  const today = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  form.elements.reviewed.value = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}
let nameTouched = false;
form.elements.file_name.addEventListener("input", () => { nameTouched = true; });
form.elements.title.addEventListener("input", () => {
  if (!nameTouched) { form.elements.file_name.value = slugify(form.elements.title.value); }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const { schema, validator } = await loaded;
  const offer = readOffer(schema.required);
  const found = problems(offer, validator.validate(offer));
  if (found.length) {
    showProblems(found);
    result.focus();
  } else {
    showFile(toYaml(offer));
  }
});
