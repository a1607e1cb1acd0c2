/* The form on /mitmachen/: builds an offer file from its fields (and, for a provider not yet in
 * the directory, its traeger.yml), checks them against schema/angebot.schema.json and
 * schema/traeger.schema.json (the rules the build uses), then offers the ways to hand them over:
 * an e-mail to the coordination with the files as text (mailto:, the visitor's own mail program),
 * the files to download, or GitHub's new-file page with name and content filled in. Nothing is
 * sent anywhere by this page itself. All visible texts come from the page (data-* attributes
 * written through gettext). */
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

const PROVIDER_SCHEMA = form.dataset.schema.replace(/angebot\.schema\.json$/, "traeger.schema.json");
const NEW = "+neu"; // the select's value for a provider not yet in the directory (no folder name has a "+")
const loaded = Promise.all([form.dataset.schema, PROVIDER_SCHEMA].map((url) => fetch(url).then((response) => response.json())))
  .then(([schema, providerSchema]) => {
    const providers = new Validator(providerSchema, "2020-12", false);
    providers.addSchema(schema); // traeger.schema.json takes phone, e-mail and address rules from angebot.schema.json
    return { schema, validator: new Validator(schema, "2020-12", false), providers };
  });

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

function withoutEmpty(group) {
  for (const key of Object.keys(group)) { if (group[key] === "" || group[key] === undefined) { delete group[key]; } }
  return group;
}

const newProvider = () => value("traeger") === NEW;

/* The folder the files go in: the chosen provider's, or the new one's. */
function folder() {
  return newProvider() ? value("provider_folder") : value("traeger");
}

/* The opening hours' rows (fieldsets "Zeit 1" …) that have anything filled in. */
function hourRows() {
  return Array.from(form.querySelectorAll(".hours-row")).map((row, index) => ({
    number: index + 1,
    legend: row.querySelector("legend").textContent.trim(),
    days: checked(`hours_${index + 1}_days`),
    opens: value(`hours_${index + 1}_opens`),
    closes: value(`hours_${index + 1}_closes`),
  })).filter((row) => row.days.length || row.opens || row.closes);
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
    hours: hourRows().map((row) => ({ days: row.days, opens: row.opens, closes: row.closes })),
    hours_note: value("hours_note"),
    valid_until: value("valid_until"),
  };
  const contact = { name: value("contact_name"), role: value("contact_role"), phone: value("contact_phone"), email: value("contact_email") };
  const location = { name: value("location_name"), street: value("location_street"), postcode: value("location_postcode"), city: value("location_city") };
  offer.contacts = [withoutEmpty(contact)];
  offer.locations = [withoutEmpty(location)];
  for (const key of Object.keys(offer)) {
    const item = offer[key];
    const empty = item === undefined || item === "" || (Array.isArray(item) && (item.length === 0 ||
      (typeof item[0] === "object" && Object.keys(item[0]).length === 0)));
    if (empty && !required.includes(key)) { delete offer[key]; }
  }
  return offer;
}

/* The new provider's traeger.yml as data: its address only where a part of it is given. */
function readProvider() {
  const provider = withoutEmpty({
    name: value("provider_name"), kind: value("provider_kind"),
    address: withoutEmpty({ street: value("provider_street"), postcode: value("provider_postcode"), city: value("provider_city") }),
    phone: value("provider_phone"), email: value("provider_email"), url: value("provider_url"),
  });
  if (Object.keys(provider.address).length === 0) { delete provider.address; }
  return provider;
}

/* YAML text: every string in double quotes (JSON's form, which YAML reads the same),
 * slugs, numbers, booleans and dates plain. */
function yamlValue(key, item) {
  if (typeof item === "number" || typeof item === "boolean") { return String(item); }
  if (key === "reviewed" || key === "valid_until") { return /^\d{4}-\d{2}-\d{2}$/.test(item) ? item : JSON.stringify(item); }
  return JSON.stringify(item);
}

const SLUG_LISTS = ["areas", "municipalities", "languages", "days"];

function flowList(key, item) {
  const slugs = SLUG_LISTS.includes(key);
  return `[${item.map((entry) => (slugs && /^[a-z0-9-]+$/.test(entry) ? entry : JSON.stringify(entry))).join(", ")}]`;
}

/* Mappings as YAML lines: lists of mappings ("- " entries), mappings, flow lists and plain values. */
function yamlLines(data) {
  const lines = [];
  for (const [key, item] of Object.entries(data)) {
    if (Array.isArray(item) && item.length && typeof item[0] === "object") {
      lines.push(`${key}:`);
      for (const entry of item) {
        Object.entries(entry).forEach(([field, text], i) => {
          lines.push(`${i === 0 ? "  - " : "    "}${field}: ${Array.isArray(text) ? flowList(field, text) : JSON.stringify(text)}`);
        });
      }
    } else if (Array.isArray(item)) {
      lines.push(`${key}: ${flowList(key, item)}`);
    } else if (typeof item === "object") {
      lines.push(`${key}:`);
      Object.entries(item).forEach(([field, text]) => { lines.push(`  ${field}: ${JSON.stringify(text)}`); });
    } else {
      lines.push(`${key}: ${yamlValue(key, item)}`);
    }
  }
  return lines;
}

function toYaml(offer) {
  const lines = ["---", "# yaml-language-server: $schema=../../schema/angebot.schema.json", ...yamlLines(offer), "---", ""];
  const body = value("body").replace(/\r\n?/g, "\n");
  return lines.join("\n") + (body ? "\n" + body + "\n" : "");
}

function providerYaml(provider) {
  return ["# yaml-language-server: $schema=../../schema/traeger.schema.json", ...yamlLines(provider), ""].join("\n");
}

function valueAt(data, path) {
  return path.reduce((node, step) => (node === undefined ? undefined : node[step]), data);
}

function labelOf(path) {
  const [first, second, field] = path;
  let name = first;
  if (first === "contacts" && field) { name = `contact_${field}`; }
  if (first === "locations" && field) { name = `location_${field}`; }
  if (first === "hours" && second !== undefined) { name = `hours-${Number(second) + 1}`; }
  if (first === "provider") { name = `provider_${field || second}`; } // ["provider", name] or ["provider", "address", city]
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

/* German messages for a schema's errors, one per field (prefix: where the data sits among the form's fields). */
function schemaProblems(data, outcome, found, prefix = []) {
  for (const error of outcome.errors) {
    if (!(error.keyword in MESSAGES)) { continue; } // "properties", "items", "$ref": summaries of the others
    const path = error.instanceLocation.replace(/^#\/?/, "").split("/").filter(Boolean);
    if (path[0] === "hours") { continue; } // the rows say it themselves (below)
    if (error.keyword === "required") {
      const missing = /"([^"]+)"/.exec(error.error);
      if (missing) { path.push(missing[1]); }
    }
    const field = labelOf([...prefix, ...path]);
    const empty = error.keyword === "minLength" && valueAt(data, path) === "";
    // a language code names the codes it expects, with the one typed
    const message = error.keyword === "pattern" && path[0] === "languages" ? "msgLanguages" : MESSAGES[error.keyword];
    if (!found.has(field)) { found.set(field, fill(texts[empty ? "msgRequired" : message], { field, value: valueAt(data, path) })); }
  }
}

/* The schemas' errors and the rules they cannot say. */
function problems(offer, outcome, provider, providerOutcome) {
  const found = new Map();
  schemaProblems(offer, outcome, found);
  for (const row of hourRows()) {
    if (!row.days.length || !row.opens || !row.closes) {
      found.set(`hours-${row.number}`, fill(texts.msgHoursRow, { field: row.legend }));
    } else if (row.opens === row.closes) {
      found.set(`hours-${row.number}`, fill(texts.msgHoursSame, { field: row.legend }));
    }
  }
  if (provider) {
    schemaProblems(provider, providerOutcome, found, ["provider"]);
    const known = texts.providers.split(" ");
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(folder())) { found.set("folder", texts.msgFolder); }
    else if (known.includes(folder())) { found.set("folder", fill(texts.msgFolderTaken, { folder: folder() })); }
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

function offerDownload(link, name, text, type) {
  if (link.href.startsWith("blob:")) { URL.revokeObjectURL(link.href); }
  link.href = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  link.download = name;
}

/* The finished files: shown, as an e-mail to the coordination, to download, and for GitHub.
 * files: [{path, name, text, type, link}] with the provider's first where it is new. */
function showFiles(offerText, providerText) {
  const place = `angebote/${folder()}/`;
  const files = [];
  if (providerText !== null) { files.push({ path: `${place}traeger.yml`, name: "traeger.yml", text: providerText, type: "application/yaml", box: "traeger" }); }
  files.push({ path: `${place}${value("file_name")}.md`, name: `${value("file_name")}.md`, text: offerText, type: "text/markdown", box: "datei" });
  result.className = "form-result";
  result.textContent = texts.ok;
  document.getElementById("traegerdatei").hidden = providerText === null;
  document.getElementById("traeger-herunterladen").hidden = providerText === null;
  for (const file of files) {
    const prefix = file.box === "traeger" ? "traeger" : "datei";
    document.getElementById(`${prefix}pfad`).textContent = file.path;
    document.getElementById(`${prefix}inhalt`).textContent = file.text;
    offerDownload(document.getElementById(file.box === "traeger" ? "traeger-herunterladen" : "herunterladen"), file.name, file.text, file.type);
  }
  const mail = document.getElementById("per-mail");
  if (mail) {
    const body = [texts.mailIntro, ...files.map((file) => `${fill(texts.mailFile, { path: file.path })}\n\n${file.text}`)].join("\n\n");
    mail.href = `mailto:${texts.coordination}?subject=${encodeURIComponent(fill(texts.mailSubject, { title: value("title") }))}` +
      `&body=${encodeURIComponent(body)}`;
  }
  const github = document.getElementById("github");
  if (github) {
    const newFile = (file) => `${texts.repository}/new/${texts.branch}/angebote/${encodeURIComponent(folder())}` +
      `?filename=${encodeURIComponent(file.name)}&value=${encodeURIComponent(file.text)}`;
    github.href = newFile(files[files.length - 1]);
    const first = document.getElementById("github-traeger");
    first.hidden = providerText === null;
    document.getElementById("github-zwei").hidden = providerText === null;
    if (providerText !== null) { first.href = newFile(files[0]); }
  }
  fileBox.hidden = false;
}

if (!value("reviewed")) { // today, in the visitor's time zone
  const today = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  form.elements.reviewed.value = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
}
/* A name field fills its file or folder name field, until that is typed into. */
function derive(from, to) {
  let touched = false;
  form.elements[to].addEventListener("input", () => { touched = true; });
  form.elements[from].addEventListener("input", () => {
    if (!touched) { form.elements[to].value = slugify(form.elements[from].value); }
  });
}
derive("title", "file_name");
derive("provider_name", "provider_folder");

// "Neuer Träger": its fields show (and count) only while it is chosen
const providerBox = document.getElementById("f-neuer-traeger");
form.elements.traeger.addEventListener("change", () => {
  providerBox.hidden = !newProvider();
  providerBox.disabled = !newProvider();
});

// one row of opening hours shows; each click shows the next
const moreHours = document.getElementById("weitere-zeit");
moreHours.addEventListener("click", () => {
  const hidden = form.querySelectorAll(".hours-row[hidden]");
  if (!hidden.length) { return; }
  hidden[0].hidden = false;
  hidden[0].querySelector("input").focus();
  moreHours.hidden = hidden.length === 1;
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const { schema, validator, providers } = await loaded;
  const offer = readOffer(schema.required);
  const provider = newProvider() ? readProvider() : null;
  const found = problems(offer, validator.validate(offer), provider, provider && providers.validate(provider));
  if (found.length) {
    showProblems(found);
    result.focus();
  } else {
    showFiles(toYaml(offer), provider && providerYaml(provider));
  }
});
