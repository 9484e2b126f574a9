// Exports of what a view shows: pictures as SVG or PNG, tables as CSV or
// JSON, all made in the browser from the data already fetched.

function download(name: string, blob: Blob) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function svgText(svg: SVGSVGElement): string {
  return new XMLSerializer().serializeToString(svg);
}

export function exportSVG(name: string, svg: SVGSVGElement) {
  download(name + ".svg", new Blob([svgText(svg)], { type: "image/svg+xml" }));
}

export async function exportPNG(name: string, svg: SVGSVGElement) {
  const box = svg.viewBox.baseVal;
  const img = new Image();
  img.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgText(svg));
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = box.width * 2;
  canvas.height = box.height * 2;
  const ctx = canvas.getContext("2d")!;
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  canvas.toBlob((b) => b && download(name + ".png", b), "image/png");
}

export function exportCanvasPNG(name: string, canvas: HTMLCanvasElement) {
  canvas.toBlob((b) => b && download(name + ".png", b), "image/png");
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

export function toCSV(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "";
  const cols = Object.keys(rows[0]);
  return [cols.join(","), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(","))].join("\n") + "\n";
}

export function exportCSV(name: string, rows: Record<string, unknown>[]) {
  download(name + ".csv", new Blob([toCSV(rows)], { type: "text/csv" }));
}

export function exportJSON(name: string, data: unknown) {
  download(name + ".json", new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
}

// exportBar returns a row of export buttons; each action is given lazily
// so that it exports what the view shows at the time of the click.
export function exportBar(actions: Record<string, () => void>): HTMLElement {
  const bar = document.createElement("div");
  bar.className = "exports";
  for (const [label, fn] of Object.entries(actions)) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", fn);
    bar.appendChild(b);
  }
  return bar;
}
