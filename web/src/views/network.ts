// Network view: states as nodes, edges by a chosen tie in a chosen year,
// laid out by d3-force and coloured by the communities (blocs) the server
// finds with gonum's Louvain method; a slider moves through the years.
import { forceSimulation, forceLink, forceManyBody, forceCenter, forceCollide, SimulationNodeDatum } from "d3-force";
import { get, qs } from "../api";
import { h, status, table } from "../dom";
import { exportBar, exportCSV, exportJSON, exportPNG, exportSVG } from "../export";
import { go, Route } from "../main";

interface Net {
  tie: string;
  year: number;
  threshold: number;
  nodes: { code: string; community: number; degree: number }[];
  edges: { a: string; b: string; weight: number }[];
  communities: number;
  modularity: number;
  source: string;
}
interface N extends SimulationNodeDatum {
  code: string;
  community: number;
  degree: number;
}

const palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"];
const colour = (c: number) => (c < palette.length ? palette[c] : "#aaa");
const ties: Record<string, string> = { alliance: "Alliances in force", arms: "Arms supplier (share of imports)", trade: "Trade partner (share of imports)", votes: "UN voting agreement" };
const SVG = "http://www.w3.org/2000/svg";

export async function networkView(view: HTMLElement, r: Route) {
  const tie = r.params.get("tie") || "alliance";
  const year = r.params.get("year") || "2010";
  const threshold = r.params.get("threshold") || "";
  const set = (k: string, v: string) => go("network", { tie, year, threshold, [k]: v });
  const sel = h("select", { id: "tie", onchange: (e: Event) => set("tie", (e.target as HTMLSelectElement).value) });
  for (const [k, label] of Object.entries(ties)) sel.append(h("option", { value: k, selected: k === tie }, label));
  const yearOut = h("output", {}, year);
  const slider = h("input", { type: "range", id: "year", min: 1950, max: 2024, value: year,
    oninput: (e: Event) => (yearOut.textContent = (e.target as HTMLInputElement).value),
    onchange: (e: Event) => set("year", (e.target as HTMLInputElement).value) });
  view.append(
    h("h2", {}, "Network"),
    h("div", { class: "controls" }, h("label", {}, "Tie", sel), h("label", {}, "Year ", slider, yearOut),
      h("label", {}, "Threshold (share)", h("input", { type: "number", step: "0.05", min: 0, max: 1, value: threshold, placeholder: "default", onchange: (e: Event) => set("threshold", (e.target as HTMLInputElement).value) }))),
  );
  status("Building the network…");
  const n = await get<Net>(`/api/v1/network${qs({ tie, year, threshold })}`);
  status("");
  view.append(h("p", {}, `${n.nodes.length} states, ${n.edges.length} ties, ${n.communities} communities (modularity ${n.modularity.toFixed(2)}); ${n.source}, threshold ${n.threshold}.`));
  const width = 1000,
    height = 640;
  const nodes: N[] = n.nodes.map((x) => ({ ...x }));
  const byCode = new Map(nodes.map((x) => [x.code, x]));
  const links = n.edges.filter((e) => byCode.has(e.a) && byCode.has(e.b)).map((e) => ({ source: byCode.get(e.a)!, target: byCode.get(e.b)!, weight: e.weight }));
  const sim = forceSimulation(nodes)
    .force("link", forceLink(links).distance(40).strength(0.3))
    .force("charge", forceManyBody().strength(-40))
    .force("center", forceCenter(width / 2, height / 2))
    .force("collide", forceCollide(8))
    .stop();
  // A fixed number of ticks instead of an animation: the picture is the
  // same for the same data, and exports are complete at once.
  for (let i = 0; i < 300; i++) sim.tick();
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("xmlns", SVG);
  const bg = document.createElementNS(SVG, "rect");
  bg.setAttribute("width", String(width));
  bg.setAttribute("height", String(height));
  bg.setAttribute("fill", "#fff");
  svg.appendChild(bg);
  for (const l of links) {
    const line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", String(l.source.x));
    line.setAttribute("y1", String(l.source.y));
    line.setAttribute("x2", String(l.target.x));
    line.setAttribute("y2", String(l.target.y));
    line.setAttribute("stroke", "#9aa5b1");
    line.setAttribute("stroke-opacity", "0.5");
    svg.appendChild(line);
  }
  for (const x of nodes) {
    const g = document.createElementNS(SVG, "g");
    g.setAttribute("transform", `translate(${x.x},${x.y})`);
    const c = document.createElementNS(SVG, "circle");
    c.setAttribute("r", String(4 + Math.min(8, Math.sqrt(x.degree))));
    c.setAttribute("fill", colour(x.community));
    c.setAttribute("stroke", "#fff");
    const t = document.createElementNS(SVG, "text");
    t.textContent = x.code;
    t.setAttribute("font-size", "8");
    t.setAttribute("x", "7");
    t.setAttribute("y", "3");
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${x.code}: community ${x.community + 1}, ${x.degree} ties`;
    g.append(c, t, title);
    g.addEventListener("click", () => go(`map`, { measure: n.tie === "votes" ? "agreement" : n.tie === "alliance" ? "agreement" : n.tie, country: x.code, year: String(n.year) }));
    svg.appendChild(g);
  }
  view.append(h("div", { class: "network" }, svg));
  const rows = n.nodes.map((x) => ({ code: x.code, community: x.community + 1, degree: x.degree }));
  const sizes = new Map<number, string[]>();
  for (const x of n.nodes) sizes.set(x.community, [...(sizes.get(x.community) ?? []), x.code]);
  view.append(
    exportBar({ SVG: () => exportSVG(`entente-network-${tie}-${year}`, svg), PNG: () => exportPNG(`entente-network-${tie}-${year}`, svg), CSV: () => exportCSV(`entente-network-${tie}-${year}`, rows), JSON: () => exportJSON(`entente-network-${tie}-${year}`, n) }),
    h("h3", {}, "Communities"),
    table(["", "members"], [...sizes.entries()].sort((a, b) => a[0] - b[0]).slice(0, 10).map(([c, codes]) => [h("span", {}, h("span", { class: "swatch", style: `background:${colour(c)}` }), String(c + 1)), codes.join(" ")])),
  );
}
