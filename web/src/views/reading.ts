// Reading room: paste text or give a URL, see the sentences with coded
// events highlighted (actor spans, trigger, negation and modality), and
// accept the document into the store (a write: it needs the token).
import { get, post, ReadingDoc, CodedEvent } from "../api";
import { h, status, table } from "../dom";
import { exportBar, exportCSV, exportJSON } from "../export";
import { motivatingArticle } from "../motion";
import { Route } from "../main";

// byteToIndex maps the server's byte offsets (UTF-8) to string indices.
function byteIndex(text: string): (b: number) => number {
  const map: number[] = [];
  let b = 0;
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    const n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    for (let k = 0; k < n; k++) map[b + k] = i;
    b += n;
    if (cp >= 0x10000) i++;
  }
  map[b] = text.length;
  return (x) => map[Math.max(0, Math.min(b, x))] ?? text.length;
}

// isSilence tells the events that record a silence or a refusal to speak:
// CAMEO 011 (decline comment) and negated statements.
const isSilence = (e: CodedEvent) => e.cameo === "011" || (e.negated && e.plover === "STATEMENT");

interface Range {
  start: number;
  end: number;
  cls: string;
  title?: string;
}

// highlight renders text with overlapping ranges: every segment between
// two range boundaries gets the classes of the ranges covering it.
export function highlight(text: string, ranges: Range[]): HTMLElement {
  const cuts = new Set<number>([0, text.length]);
  for (const r of ranges) {
    cuts.add(r.start);
    cuts.add(r.end);
  }
  const points = [...cuts].filter((x) => x >= 0 && x <= text.length).sort((a, b) => a - b);
  const out = h("div", { class: "reading" });
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i],
      e = points[i + 1];
    const cover = ranges.filter((r) => r.start <= s && r.end >= e);
    const seg = text.slice(s, e);
    if (!cover.length) {
      out.append(seg);
      continue;
    }
    const span = h("span", { class: [...new Set(cover.flatMap((r) => r.cls.split(" ")))].join(" ") }, seg);
    const titles = cover.map((r) => r.title).filter(Boolean);
    if (titles.length) span.title = titles.join("\n");
    out.append(span);
  }
  return out;
}

function eventClasses(e: CodedEvent): string {
  return ["sent", "ev", e.negated ? "negated" : "", e.modality !== "asserted" ? "hedged" : "", isSilence(e) ? "silence" : ""].filter(Boolean).join(" ");
}

function renderDoc(d: ReadingDoc): HTMLElement {
  const at = byteIndex(d.text);
  const ranges: Range[] = [];
  for (const e of d.events) {
    const what = `${e.source?.code ?? "?"} → ${e.target?.code ?? "–"}: CAMEO ${e.cameo} ${e.plover}${e.negated ? ", negated" : ""}${e.modality !== "asserted" ? ", " + e.modality : ""}${isSilence(e) ? ", silence" : ""}`;
    ranges.push({ start: at(e.start), end: at(e.end), cls: eventClasses(e), title: what });
    if (e.trigger_end > e.trigger_start) ranges.push({ start: at(e.trigger_start), end: at(e.trigger_end), cls: "trigger" });
  }
  for (const m of d.mentions) ranges.push({ start: at(m.start), end: at(m.end), cls: "mention", title: `${m.code}: ${m.why}` });
  const rows = d.events.map((e) => ({ source: e.source?.code ?? "", target: e.target?.code ?? "", cameo: e.cameo, plover: e.plover, negated: e.negated, modality: e.modality, silence: isSilence(e), sentence: e.text }));
  return h(
    "section",
    { class: "doc" },
    h("h3", {}, d.title || "(untitled)", " ", h("small", {}, d.date.slice(0, 10))),
    h("p", { class: "legend" }, h("span", { style: "--c:#fff3c4" }, "event"), h("span", { style: "--c:#fde2e0" }, "negated or silence"), h("span", { style: "--c:#e6eefc" }, "hedged, recommended or reported"), "underlined: actors; bold: the words that name the act"),
    highlight(d.text, ranges),
    h("h4", {}, `${d.events.length} coded events`),
    table(
      ["source", "target", "CAMEO", "PLOVER", "", "sentence"],
      d.events.map((e) => [e.source?.code ?? "", e.target?.code ?? "", e.cameo, e.plover,
        h("span", {}, e.negated ? h("span", { class: "tag negated" }, "negated") : "", e.modality !== "asserted" ? h("span", { class: "tag hedged" }, e.modality) : "", isSilence(e) ? h("span", { class: "tag silence" }, "silence") : ""), e.text]),
    ),
    exportBar({ CSV: () => exportCSV("entente-reading", rows), JSON: () => exportJSON("entente-reading", d) }),
  );
}

export async function readingView(view: HTMLElement, r: Route) {
  const area = h("textarea", { id: "reading-text", rows: 10, placeholder: "Paste an article (an optional Title: and Date: header, a blank line, then the text)" });
  const url = h("input", { id: "reading-url", type: "url", size: 50, placeholder: "https://…", value: r.params.get("url") ?? "" });
  const date = h("input", { id: "reading-date", type: "date", value: r.params.get("date") ?? "" });
  const token = h("input", { id: "token", type: "password", size: 20, placeholder: "write token", value: sessionStorage.getItem("entente.token") ?? "" });
  const out = h("div", { id: "reading-out" });
  let last: { text: string; url: string; date: string } | undefined;
  const read = async () => {
    last = { text: area.value, url: url.value.trim(), date: date.value };
    status("Reading…");
    const docs = await post<ReadingDoc[]>("/api/v1/extract", last);
    out.replaceChildren(...docs.map(renderDoc));
    status(`${docs.reduce((n, d) => n + d.events.length, 0)} events coded.`);
    out.dataset.ready = "true";
  };
  const accept = async () => {
    if (!last) await read();
    sessionStorage.setItem("entente.token", token.value);
    let job = await post<{ id: string; state: string; result?: { documents: number; events: number }; error?: { detail: string } }>("/api/v1/jobs/ingest", last, token.value);
    while (job.state === "queued" || job.state === "running") {
      await new Promise((res) => setTimeout(res, 300));
      job = await get(`/api/v1/jobs/${job.id}`);
    }
    if (job.state === "failed") status(`Not stored: ${job.error?.detail}`, true);
    else status(`Stored: ${job.result?.documents} new documents, ${job.result?.events} new events.`);
  };
  const guard = (fn: () => Promise<void>) => () => fn().catch((e) => status(String(e.message ?? e), true));
  view.append(
    h("h2", {}, "Reading room"),
    area,
    h("div", { class: "controls" },
      h("label", {}, "or a URL", url),
      h("label", {}, "Date (when the text has none)", date),
      h("button", { id: "read", type: "button", onclick: guard(read) }, "Read"),
      h("button", { id: "load-article", type: "button", onclick: () => { area.value = motivatingArticle; url.value = ""; } }, "The motivating article"),
      h("label", {}, "Token", token),
      h("button", { id: "accept", type: "button", onclick: guard(accept) }, "Accept into the store")),
    out,
  );
  if (url.value) await read();
}

// documentView shows a stored document with an evidence span marked.
export async function documentView(view: HTMLElement, r: Route) {
  const id = r.path[1] ?? "";
  const d = await get<{ id: string; title: string; date: string; url?: string; text: string }>(`/api/v1/documents/${encodeURIComponent(id)}`);
  const at = byteIndex(d.text);
  const s = parseInt(r.params.get("start") ?? "0", 10),
    e = parseInt(r.params.get("end") ?? "0", 10);
  view.append(
    h("h2", {}, d.title || d.id),
    h("p", {}, d.date.slice(0, 10), " ", d.url ? h("a", { href: d.url, rel: "noopener noreferrer" }, d.url) : ""),
    highlight(d.text, e > s ? [{ start: at(s), end: at(e), cls: "sent ev" }] : []),
  );
}
