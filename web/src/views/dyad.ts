// Dyad view: a timeline per measure (trade, arms, ties in force, UN
// agreement, events by PLOVER category with negated ones apart) and an
// evidence panel: choosing a year lists the dataset rows (file, line) and
// sentences every figure of that year rests on.
import uPlot from "uplot";
import { get, Evidence, qs } from "../api";
import { h, status, table } from "../dom";
import { exportBar, exportCSV, exportCanvasPNG, exportJSON } from "../export";
import { go, Route } from "../main";

interface Share {
  value: number | null;
}
interface DyadYear {
  year: number;
  trade: { data_year: number; a_on_b: { share: Share }; b_on_a: { share: Share }; evidence: Evidence[] };
  arms_a_on_b: { share: Share; evidence: Evidence[]; basis: string };
  arms_b_on_a: { share: Share; evidence: Evidence[]; basis: string };
  security: { type: string; dataset: string; name?: string; from: number; to?: number }[];
  alignment: { agreement: { share: Share; votes: number; evidence: Evidence[] } };
  events_a_to_b: { events: number; negated: number; categories: { plover: string; events: number; negated: number }[]; query: string };
  events_b_to_a: { events: number; negated: number; categories: { plover: string; events: number; negated: number }[]; query: string };
  leverage_b_over_a: { score: number; label: string; terms: { name: string; explanation: string; evidence: Evidence[] }[] };
  leverage_a_over_b: { score: number; label: string; terms: { name: string; explanation: string; evidence: Evidence[] }[] };
}
interface Dyad {
  a: string;
  b: string;
  from: number;
  to: number;
  years: DyadYear[];
  security: { type: string; dataset: string; name?: string; from: number; to?: number }[];
  facts: { id: string; type: string; date: string; value: number; unit?: string; source?: string; note?: string }[];
}

const v = (s: Share) => (s && s.value !== null && s.value !== undefined ? s.value : null);

export async function dyadView(view: HTMLElement, r: Route) {
  const a = (r.path[1] ?? "PHL").toUpperCase();
  const b = (r.path[2] ?? "RUS").toUpperCase();
  const to = r.params.get("to") ?? "";
  const from = r.params.get("from") ?? "";
  status(`Loading the dyad ${a}–${b}…`);
  const d = await get<Dyad>(`/api/v1/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}${qs({ from, to })}`);
  status("");
  const reload = (p: Record<string, string>) => go(`dyad/${p.a ?? d.a}/${p.b ?? d.b}`, { from: p.from ?? from, to: p.to ?? to });
  view.append(
    h("h2", { id: "dyad-title" }, `Dyad ${d.a} – ${d.b}, ${d.from}–${d.to}`),
    h(
      "div",
      { class: "controls" },
      h("label", {}, "A", h("input", { value: d.a, size: 6, onchange: (e: Event) => reload({ a: (e.target as HTMLInputElement).value }) })),
      h("label", {}, "B", h("input", { value: d.b, size: 6, onchange: (e: Event) => reload({ b: (e.target as HTMLInputElement).value }) })),
      h("label", {}, "From", h("input", { type: "number", value: d.from, onchange: (e: Event) => reload({ from: (e.target as HTMLInputElement).value }) })),
      h("label", {}, "To", h("input", { type: "number", value: d.to, onchange: (e: Event) => reload({ to: (e.target as HTMLInputElement).value }) })),
      h("a", { href: `#/dyad/${d.b}/${d.a}${qs({ from, to })}` }, "swap"),
    ),
  );
  const left = h("div", {});
  const panel = h("div", { class: "panel", id: "evidence" }, h("h3", {}, "Evidence"), h("p", {}, "Click a point of a timeline or a year in the table to see the rows and sentences behind it."));
  view.append(h("div", { class: "cols" }, left, panel));

  const years = d.years.map((y) => y.year);
  const showYear = (i: number) => evidencePanel(panel, d, d.years[i]);
  const charts: uPlot[] = [];
  const pctf = (x: number) => (100 * x).toFixed(0) + "%";
  const chart = (title: string, series: { label: string; values: (number | null)[]; color: string; dash?: boolean }[], fmt: (x: number) => string) => {
    const host = h("div", { class: "chart" }, h("h4", {}, title));
    left.append(host);
    const opts: uPlot.Options = {
      width: Math.min(760, window.innerWidth - 480),
      height: 150,
      scales: { x: { time: false }, y: fmt === pctf ? { range: [0, 1] } : { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      axes: [{ values: (_u, vals) => vals.map((x) => String(Math.round(x))) }, { values: (_u, vals) => vals.map(fmt), size: 60 }],
      series: [{ label: "year" }, ...series.map((s) => ({ label: s.label, stroke: s.color, width: 2, dash: s.dash ? [6, 4] : undefined, spanGaps: false, value: (_u: uPlot, x: number | null) => (x === null ? "–" : fmt(x)) }))],
      hooks: {
        ready: [
          (u: uPlot) =>
            u.over.addEventListener("click", () => {
              if (u.cursor.idx !== null && u.cursor.idx !== undefined) showYear(u.cursor.idx);
            }),
        ],
      },
    };
    charts.push(new uPlot(opts, [years, ...series.map((s) => s.values)] as uPlot.AlignedData, host));
  };
  chart(
    "Trade: share of total trade",
    [
      { label: `${d.a} on ${d.b}`, values: d.years.map((y) => v(y.trade.a_on_b.share)), color: "#1f5fa8" },
      { label: `${d.b} on ${d.a}`, values: d.years.map((y) => v(y.trade.b_on_a.share)), color: "#c0392b" },
    ],
    pctf,
  );
  chart(
    "Arms: share of arms imports (five-year window)",
    [
      { label: `${d.a} from ${d.b}`, values: d.years.map((y) => v(y.arms_a_on_b.share)), color: "#1f5fa8" },
      { label: `${d.b} from ${d.a}`, values: d.years.map((y) => v(y.arms_b_on_a.share)), color: "#c0392b" },
    ],
    pctf,
  );
  chart("Ties in force (alliances and treaties)", [{ label: "ties", values: d.years.map((y) => y.security.length), color: "#6a3d9a" }], (x) => x.toFixed(0));
  chart("UN General Assembly: identical votes", [{ label: "agreement", values: d.years.map((y) => v(y.alignment.agreement.share)), color: "#2e8b48" }], pctf);
  chart(
    "Events (negated ones dashed)",
    [
      { label: `${d.a}→${d.b}`, values: d.years.map((y) => y.events_a_to_b.events), color: "#1f5fa8" },
      { label: `${d.b}→${d.a}`, values: d.years.map((y) => y.events_b_to_a.events), color: "#c0392b" },
      { label: `${d.a}→${d.b} negated`, values: d.years.map((y) => y.events_a_to_b.negated), color: "#1f5fa8", dash: true },
      { label: `${d.b}→${d.a} negated`, values: d.years.map((y) => y.events_b_to_a.negated), color: "#c0392b", dash: true },
    ],
    (x) => x.toFixed(0),
  );

  const rows = d.years.map((y) => ({
    year: y.year,
    trade_a_on_b: v(y.trade.a_on_b.share),
    trade_b_on_a: v(y.trade.b_on_a.share),
    trade_data_year: y.trade.data_year || "",
    arms_a_on_b: v(y.arms_a_on_b.share),
    arms_b_on_a: v(y.arms_b_on_a.share),
    ties: y.security.map((t) => t.name || `${t.type} (${t.dataset})`).join("; "),
    un_agreement: v(y.alignment.agreement.share),
    events_a_to_b: y.events_a_to_b.events,
    events_b_to_a: y.events_b_to_a.events,
    plover_a_to_b: y.events_a_to_b.categories.map((c) => `${c.plover} ${c.events}${c.negated ? " (" + c.negated + " negated)" : ""}`).join(", "),
    leverage_b_over_a: y.leverage_b_over_a.score,
    leverage_a_over_b: y.leverage_a_over_b.score,
  }));
  const fmt = (x: unknown) => (typeof x === "number" ? (x <= 1 && x > 0 ? (100 * x).toFixed(1) + "%" : String(x)) : x === null ? "–" : String(x));
  const yearTable = table(
    ["year", `trade ${d.a}→${d.b}`, `trade ${d.b}→${d.a}`, `arms ${d.a}←${d.b}`, `arms ${d.b}←${d.a}`, "ties", "UN agreement", "events by PLOVER", "leverage"],
    rows.map((row, i) => [
      h("a", { href: "javascript:void 0", onclick: () => showYear(i) }, String(row.year)),
      fmt(row.trade_a_on_b),
      fmt(row.trade_b_on_a),
      fmt(row.arms_a_on_b),
      fmt(row.arms_b_on_a),
      row.ties,
      fmt(row.un_agreement),
      row.plover_a_to_b,
      `${d.b} over ${d.a} ${row.leverage_b_over_a.toFixed(2)}`,
    ]),
    "years",
  );
  left.append(h("h3", {}, "Year by year"), yearTable);
  if (d.facts.length) {
    left.append(h("h3", {}, "Curated facts"), table(["date", "fact", "value", "source"], d.facts.map((f) => [f.date, f.type, `${f.value}${f.unit ? " " + f.unit : ""}`, f.source ?? ""])));
  }
  const name = `entente-dyad-${d.a}-${d.b}`;
  left.prepend(
    exportBar({
      PNG: () => charts.forEach((c, i) => exportCanvasPNG(`${name}-${i + 1}`, c.ctx.canvas)),
      CSV: () => exportCSV(name, rows),
      JSON: () => exportJSON(name, d),
    }),
  );
  // The panel opens on the latest year with evidence to show.
  let latest = d.years.length - 1;
  while (latest > 0 && !hasEvidence(d.years[latest])) latest--;
  showYear(latest);
}

function evidenceList(evs: Evidence[]): HTMLElement {
  const ul = h("ul", { class: "evidence" });
  const seen = new Set<string>();
  for (const e of evs) {
    const key = JSON.stringify(e);
    if (seen.has(key)) continue;
    seen.add(key);
    if (e.document) {
      ul.append(h("li", {}, h("a", { href: `#/doc/${encodeURIComponent(e.document)}?start=${e.start ?? 0}&end=${e.end ?? 0}` }, `“${e.text ?? e.document}”`), ` (${e.source})`));
    } else if (e.file) {
      ul.append(h("li", {}, `${e.source}: `, h("code", {}, `${e.file}:${e.line ?? ""}`)));
    } else {
      ul.append(h("li", {}, `${e.source}${e.text ? ": " + e.text : ""}`));
    }
    if (seen.size >= 40) {
      ul.append(h("li", {}, `… ${evs.length - 40} more in the JSON export`));
      break;
    }
  }
  if (!ul.childElementCount) ul.append(h("li", {}, "no rows"));
  return ul;
}

function evidencePanel(panel: HTMLElement, d: Dyad, y: DyadYear) {
  const sec = (title: string, evs: Evidence[], note = "") => [h("h4", {}, title), note ? h("p", {}, note) : "", evidenceList(evs)];
  const ev = (x: { query: string; events: number; negated: number }) => `${x.events} events, ${x.negated} negated; list them with ${x.query}`;
  panel.replaceChildren(
    h("h3", {}, `Evidence for ${y.year}`),
    ...sec("Trade", y.trade.evidence, y.trade.data_year ? `data year ${y.trade.data_year}` : "no trade rows for this year"),
    ...sec(`Arms ${d.a} from ${d.b}`, y.arms_a_on_b.evidence, y.arms_a_on_b.basis),
    ...sec(`Arms ${d.b} from ${d.a}`, y.arms_b_on_a.evidence, y.arms_b_on_a.basis),
    ...sec("UN votes", y.alignment.agreement.evidence, `${y.alignment.agreement.votes} common votes`),
    h("h4", {}, "Events"),
    h("p", {}, `${d.a}→${d.b}: ${ev(y.events_a_to_b)}`),
    h("p", {}, `${d.b}→${d.a}: ${ev(y.events_b_to_a)}`),
    h("p", {}, h("a", { href: `/api/v1/events?source=${d.a}&target=${d.b}&from=${y.year}-01-01&to=${y.year}-12-31` }, "events with their sentences (JSON)")),
    h("h4", {}, `Leverage of ${d.b} over ${d.a}: ${y.leverage_b_over_a.score.toFixed(3)} (${y.leverage_b_over_a.label})`),
    h("ul", {}, ...y.leverage_b_over_a.terms.map((t) => h("li", {}, `${t.name}: ${t.explanation}`))),
    ...sec("Leverage rows", y.leverage_b_over_a.terms.flatMap((t) => t.evidence ?? [])),
  );
  panel.dataset.year = String(y.year);
}

function hasEvidence(y: DyadYear): boolean {
  return y.trade.evidence.length + y.arms_a_on_b.evidence.length + y.arms_b_on_a.evidence.length + y.alignment.agreement.evidence.length + y.events_a_to_b.events + y.events_b_to_a.events > 0;
}
