// Coalition builder: write or load a motion, run it, see the map recolour
// and the ranked supporters, swing states and opponents with reasons; then
// toggle scenario changes and see who moves, with a diff list.
import { post, CoalitionAnswer, Member, Reason } from "../api";
import { h, status, table } from "../dom";
import { drawMap, stanceShade, Shade } from "../worldmap";
import { exportBar, exportCSV, exportJSON, exportPNG, exportSVG } from "../export";
import { currentMotion, encodeMotion, motivatingMotion } from "../motion";
import { go, Route } from "../main";

// The scenario toggles: the three counterfactuals of the motivating case
// (motions/dprk-troops-2024-scenario.yaml), one change each.
const toggles: Record<string, { label: string; change: Record<string, string> }> = {
  china: { label: "China condemns the deployment", change: { kind: "stance", a: "CHN", stance: "condemns" } },
  arms: { label: "Russian arms deliveries to India halve", change: { kind: "arms", a: "RUS", b: "IND", change: "-50%", name: "RUS arms deliveries to IND -50%" } },
  phl: { label: "A new Philippines–United States agreement", change: { kind: "alliance", a: "PHL", b: "USA", action: "add", name: "a new PHL-USA agreement" } },
};

// Lists may come back null from the engine when empty.
const reasons = (rs: Reason[] | null | undefined, n = 2) => (rs ?? []).slice(0, n).map((r) => r.detail).join(" · ");

export async function coalitionView(view: HTMLElement, r: Route) {
  const motion = currentMotion(r.params);
  const on = new Set((r.params.get("scenario") ?? "").split(",").filter((k) => k in toggles));
  const asof = r.params.get("asof") ?? "";
  const area = h("textarea", { id: "motion", rows: 12, spellcheck: "false" });
  area.value = motion;
  const asofIn = h("input", { type: "date", id: "asof", value: asof });
  const permalink = (scenario: Set<string>) => {
    const text = area.value;
    go("coalition", { m: text === motivatingMotion ? "" : encodeMotion(text), asof: asofIn.value, scenario: [...scenario].join(",") });
  };
  const boxes = Object.entries(toggles).map(([k, t]) =>
    h("label", { class: "toggle" }, h("input", { type: "checkbox", "data-toggle": k, checked: on.has(k), onchange: (e: Event) => {
      const next = new Set(on);
      if ((e.target as HTMLInputElement).checked) next.add(k);
      else next.delete(k);
      permalink(next);
    } }), " " + t.label),
  );
  const file = h("input", { type: "file", accept: ".yaml,.yml,.json", onchange: async (e: Event) => {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (f) area.value = await f.text();
  } });
  view.append(
    h("h2", {}, "Coalition builder"),
    h(
      "div",
      { class: "cols" },
      h("div", {}, h("label", {}, "Motion (YAML or JSON: id, title, date, kind, targets, sponsors, beneficiaries, similar, issues)"), area,
        h("div", { class: "controls" }, h("label", {}, "Load a file", file), h("label", {}, "As of", asofIn),
          h("button", { id: "run", type: "button", onclick: () => permalink(on) }, "Run"),
          h("button", { type: "button", onclick: () => { area.value = motivatingMotion; } }, "Motivating case"))),
      h("div", { class: "panel", id: "scenario-panel" }, h("h3", {}, "Scenario"), ...boxes.map((b) => h("div", {}, b))),
    ),
  );
  const out = h("div", { id: "coalition-out" });
  view.append(out);
  status(on.size ? "Predicting with and without the scenario…" : "Predicting (the first prediction for a day loads the data: up to a minute)…");
  const scenario = on.size ? { id: "builder", title: [...on].map((k) => toggles[k].label).join("; "), changes: [...on].map((k) => toggles[k].change) } : undefined;
  const ans = await post<CoalitionAnswer>("/api/v1/coalition", { motion, asof: asof || undefined, scenario });
  status("");
  const c = { supporters: ans.coalition.supporters ?? [], swing: ans.coalition.swing ?? [], opponents: ans.coalition.opponents ?? [] };
  const all: Member[] = [...c.supporters, ...c.swing, ...c.opponents];
  const shades = new Map<string, Shade>();
  for (const s of all) {
    const p = s.predicted === "yes" ? s.p_yes : s.predicted === "no" ? s.p_no : s.p_abstain;
    shades.set(s.country, { fill: stanceShade(s.predicted, p), title: `${s.predicted} (yes ${(100 * s.p_yes).toFixed(0)}%) — ${reasons(s.reasons, 1)}` });
  }
  const mapHost = h("div", { id: "coalition-map" });
  out.append(h("h3", {}, `Predicted as of ${(ans.asof ?? "").slice(0, 10)}: ${c.supporters.length} supporters, ${c.swing.length} swing states, ${c.opponents.length} opponents`), mapHost);
  const svg = await drawMap(mapHost, (iso3) => shades.get(iso3), (iso3) => go(`dyad/${iso3}/RUS`));
  if (ans.simulation) {
    const moves = ans.simulation.moves ?? [];
    // The diff sits under the toggles, where the eye is after a click.
    document.getElementById("scenario-panel")!.append(
      h("h4", {}, `Who moves: ${(ans.simulation.changes ?? []).join("; ")}`),
      moves.length
        ? h("ul", { class: "moves", id: "moves" }, ...moves.map((m) => h("li", { "data-country": m.country },
            h("b", {}, `${m.name} (${m.country})`), ": ", h("span", { class: "stance-" + m.before }, m.before), " → ", h("span", { class: "stance-" + m.after }, m.after),
            ` (yes ${(100 * m.p_yes_before).toFixed(0)}% → ${(100 * m.p_yes_after).toFixed(0)}%) — ${reasons(m.why, 2)}`)))
        : h("p", { id: "moves" }, "Nobody moves."),
    );
  }
  const memberRows = (ms: Member[]) => ms.map((s) => [h("a", { href: `#/dyad/${s.country}/RUS` }, s.country), s.name, h("span", { class: "stance-" + s.predicted }, s.predicted), (100 * s.p_yes).toFixed(0) + "%", reasons(s.reasons)]);
  out.append(
    h("h3", {}, `Likely supporters (${c.supporters.length})`),
    table(["", "state", "predicted", "p(yes)", "why"], memberRows(c.supporters)),
    h("h3", {}, `Swing states, by the yes votes lobbying could gain (${c.swing.length})`),
    table(["", "state", "predicted", "p(yes)", "gain", "followers", "in the way", "for"], c.swing.map((s) => [h("a", { href: `#/dyad/${s.country}/RUS` }, s.country), s.name, h("span", { class: "stance-" + s.predicted }, s.predicted), (100 * s.p_yes).toFixed(0) + "%", "+" + s.gain.toFixed(2), "+" + s.followers.toFixed(2), reasons(s.obstacles), reasons(s.levers, 1)])),
    h("h3", {}, `Likely opponents (${c.opponents.length})`),
    table(["", "state", "predicted", "p(yes)", "why"], memberRows(c.opponents)),
  );
  const flat = [
    ...c.supporters.map((s) => ({ group: "supporter", country: s.country, predicted: s.predicted, p_yes: s.p_yes, p_abstain: s.p_abstain, p_no: s.p_no, why: reasons(s.reasons, 5) })),
    ...c.swing.map((s) => ({ group: "swing", country: s.country, predicted: s.predicted, p_yes: s.p_yes, p_abstain: s.p_abstain, p_no: s.p_no, why: reasons(s.obstacles, 5) })),
    ...c.opponents.map((s) => ({ group: "opponent", country: s.country, predicted: s.predicted, p_yes: s.p_yes, p_abstain: s.p_abstain, p_no: s.p_no, why: reasons(s.reasons, 5) })),
  ];
  mapHost.after(exportBar({ SVG: () => exportSVG("entente-coalition", svg), PNG: () => exportPNG("entente-coalition", svg), CSV: () => exportCSV("entente-coalition", flat), JSON: () => exportJSON("entente-coalition", ans) }));
}
