// World map view: one measure for one country and year, or the predicted
// stance of every state on the current motion.
import { get, post, MapValue, Prediction } from "../api";
import { h, status } from "../dom";
import { drawMap, rampShade, stanceShade, Shade } from "../worldmap";
import { exportBar, exportCSV, exportJSON, exportPNG, exportSVG } from "../export";
import { currentMotion, motionParam } from "../motion";
import { go, Route } from "../main";

const measures: Record<string, string> = {
  stance: "Predicted stance on the motion",
  agreement: "UN voting agreement with the country",
  trade: "Share of the country's trade",
  arms: "Share of the country's arms imports",
  leverage: "Leverage over the country",
};

export async function mapView(view: HTMLElement, r: Route) {
  const measure = r.params.get("measure") || "stance";
  const country = (r.params.get("country") || "RUS").toUpperCase();
  const year = r.params.get("year") || "";
  const asof = r.params.get("asof") || "";
  const motion = currentMotion(r.params);
  const set = (k: string, v: string) => {
    const p: Record<string, string> = { measure, country, year, asof, m: r.params.get("m") ?? "" };
    p[k] = v;
    go("map", p);
  };
  const sel = h("select", { id: "measure", onchange: (e: Event) => set("measure", (e.target as HTMLSelectElement).value) });
  for (const [k, label] of Object.entries(measures)) sel.append(h("option", { value: k, selected: k === measure }, label));
  const controls = h(
    "div",
    { class: "controls" },
    h("label", {}, "Colour by", sel),
    h("label", {}, measure === "stance" ? "Dyads open with" : "Country", h("input", { id: "country", value: country, size: 6, onchange: (e: Event) => set("country", (e.target as HTMLInputElement).value) })),
    measure === "stance"
      ? h("label", {}, "As of", h("input", { type: "date", value: asof, onchange: (e: Event) => set("asof", (e.target as HTMLInputElement).value) }))
      : h("label", {}, "Year", h("input", { type: "number", value: year, min: 1946, max: 2100, onchange: (e: Event) => set("year", (e.target as HTMLInputElement).value) })),
  );
  const title = h("h2", {}, measures[measure] ?? measure);
  const host = h("div", { id: "map" });
  const legend = h("div", { class: "legend" });
  const count = h("p", { id: "map-count" });
  view.append(title, controls, host, legend, count);

  let rows: Record<string, unknown>[] = [];
  let mapYearOf = year;
  let shades = new Map<string, Shade>();
  if (measure === "stance") {
    status("Predicting every UN member's vote (the first prediction for a day loads the data: up to a minute)…");
    const p = await post<Prediction>("/api/v1/predict", { motion, asof: asof || undefined });
    title.textContent = `Predicted stance: ${p.motion.title} (as of ${p.asof.slice(0, 10)})`;
    mapYearOf = p.asof.slice(0, 4);
    for (const s of p.states ?? []) {
      const pr = s.predicted === "yes" ? s.p_yes : s.predicted === "no" ? s.p_no : s.p_abstain;
      shades.set(s.country, { fill: stanceShade(s.predicted, pr), title: `${s.predicted} (yes ${pct(s.p_yes)}, abstain ${pct(s.p_abstain)}, no ${pct(s.p_no)}) — ${s.reasons?.[0]?.detail ?? ""} [entente coalition model, as of ${p.asof.slice(0, 10)}]` });
      rows.push({ country: s.country, name: s.name, predicted: s.predicted, p_yes: s.p_yes, p_abstain: s.p_abstain, p_no: s.p_no, reason: s.reasons?.[0]?.detail ?? "" });
    }
    legend.append(
      h("span", { style: `--c:${stanceShade("yes", 0.9)}` }, "yes"),
      h("span", { style: `--c:${stanceShade("abstain", 0.9)}` }, "abstain"),
      h("span", { style: `--c:${stanceShade("no", 0.9)}` }, "no"),
      "saturation: probability of the predicted stance",
    );
  } else {
    const m = await get<{ values: MapValue[]; year: number; country: string }>(
      `/api/v1/map?measure=${encodeURIComponent(measure)}&country=${encodeURIComponent(country)}${year ? "&year=" + encodeURIComponent(year) : ""}`,
    );
    title.textContent = `${measures[measure]} ${m.country}, ${m.year}`;
    mapYearOf = String(m.year);
    const max = Math.max(0, ...m.values.map((v) => v.value));
    for (const v of m.values) {
      shades.set(v.country, { fill: rampShade(v.value, max), title: `${v.label} — ${v.source}` });
      rows.push({ country: v.country, value: v.value, label: v.label, source: v.source });
    }
    legend.append(h("span", { style: `--c:${rampShade(0.05, 1)}` }, "low"), h("span", { style: `--c:${rampShade(1, 1)}` }, `high (max ${max.toFixed(3)})`));
  }
  const mapYear = mapYearOf;
  const svg = await drawMap(host, (iso3) => shades.get(iso3), (iso3) => {
    if (iso3 !== country) go(`dyad/${iso3}/${country}`, { to: mapYear });
  });
  const n = svg.querySelectorAll("path.shaded").length;
  count.textContent = `${n} countries coloured; click one to open its dyad with ${country}.`;
  count.dataset.count = String(n);
  const name = `entente-map-${measure}-${country}`;
  view.append(
    exportBar({
      SVG: () => exportSVG(name, svg),
      PNG: () => exportPNG(name, svg),
      CSV: () => exportCSV(name, rows),
      JSON: () => exportJSON(name, rows),
    }),
  );
  status(motionParam(r.params) ? "Custom motion from the coalition builder." : "");
}

function pct(v: number) {
  return Math.round(100 * v) + "%";
}
