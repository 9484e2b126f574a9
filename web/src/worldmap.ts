// The world map: countries of Natural Earth (world-atlas, 1:110m) drawn
// with d3-geo, each coloured by a figure the caller gives for its ISO3 code.
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import world from "world-atlas/countries-110m.json";
import { get, ActorSummary } from "./api";

export interface Shade {
  fill: string;
  title: string;
}

const SVG = "http://www.w3.org/2000/svg";
let isoByNum: Map<number, ActorSummary> | undefined;

// actorsByNumber maps ISO numeric codes (the atlas's feature IDs) to the
// registry's states, fetched once.
export async function actorsByNumber(): Promise<Map<number, ActorSummary>> {
  if (isoByNum) return isoByNum;
  const actors = await get<ActorSummary[]>("/api/v1/actors?kind=state");
  isoByNum = new Map();
  for (const a of actors) if (a.isonum && a.iso3) isoByNum.set(parseInt(a.isonum, 10), a);
  return isoByNum;
}

const countries = feature(
  world as unknown as Topology,
  (world as unknown as Topology).objects.countries as GeometryCollection,
) as unknown as FeatureCollection<Geometry, { name: string }>;

// drawMap draws the map into host and returns the SVG element. shade gives
// the colour of a country by ISO3 (undefined: no data, drawn grey).
export async function drawMap(
  host: HTMLElement,
  shade: (iso3: string) => Shade | undefined,
  onClick: (iso3: string, name: string) => void,
): Promise<SVGSVGElement> {
  const byNum = await actorsByNumber();
  const width = 960,
    height = 500;
  const projection = geoNaturalEarth1().fitSize([width, height], countries);
  const path = geoPath(projection);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("class", "worldmap");
  svg.setAttribute("xmlns", SVG);
  const bg = document.createElementNS(SVG, "rect");
  bg.setAttribute("width", String(width));
  bg.setAttribute("height", String(height));
  bg.setAttribute("fill", "#f4f6f8");
  svg.appendChild(bg);
  for (const f of countries.features as Feature<Geometry, { name: string }>[]) {
    const actor = f.id !== undefined ? byNum.get(parseInt(String(f.id), 10)) : undefined;
    const iso3 = actor?.iso3 ?? "";
    const p = document.createElementNS(SVG, "path");
    p.setAttribute("d", path(f) ?? "");
    p.setAttribute("stroke", "#fff");
    p.setAttribute("stroke-width", "0.5");
    const s = iso3 ? shade(iso3) : undefined;
    p.setAttribute("fill", s ? s.fill : "#d5d9de");
    p.setAttribute("data-iso3", iso3);
    p.setAttribute("class", s ? "country shaded" : "country");
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${actor?.name ?? f.properties.name}${s ? ": " + s.title : ": no data"}`;
    p.appendChild(title);
    if (iso3) p.addEventListener("click", () => onClick(iso3, actor?.name ?? iso3));
    svg.appendChild(p);
  }
  host.replaceChildren(svg);
  return svg;
}

// stanceShade colours a predicted stance: yes green, abstain amber, no
// red, with the probability of the predicted stance as saturation.
export function stanceShade(predicted: string, p: number): string {
  const hue = predicted === "yes" ? 135 : predicted === "no" ? 0 : 40;
  const sat = Math.round(25 + 70 * Math.max(0, Math.min(1, (p - 0.33) / 0.67)));
  return `hsl(${hue}, ${sat}%, 45%)`;
}

// rampShade colours a figure in [0, max] on a blue ramp.
export function rampShade(v: number, max: number): string {
  const t = max > 0 ? Math.max(0, Math.min(1, v / max)) : 0;
  return `hsl(212, ${Math.round(30 + 60 * t)}%, ${Math.round(88 - 50 * t)}%)`;
}
