// The entente web application: one page, views chosen by the URL's hash
// so that every view is a permalink (#/map?measure=stance&country=RUS).
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { status } from "./dom";
import { mapView } from "./views/map";
import { dyadView } from "./views/dyad";
import { coalitionView } from "./views/coalition";
import { readingView, documentView } from "./views/reading";
import { networkView } from "./views/network";
import { setupSearch } from "./views/search";
import { ApiError } from "./api";

export interface Route {
  path: string[];
  params: URLSearchParams;
}

export function parseHash(): Route {
  const raw = location.hash.replace(/^#\/?/, "");
  const [p, q] = raw.split("?", 2);
  return { path: p.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(q ?? "") };
}

// go sets the URL (and so the permalink) of a view; replace keeps the
// history from filling with every control change.
export function go(path: string, params: Record<string, string | number | undefined> = {}, replace = false) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") u.set(k, String(v));
  const q = u.toString();
  const hash = "#/" + path + (q ? "?" + q : "");
  if (replace) history.replaceState(null, "", hash);
  else location.hash = hash;
}

let rendering = 0;

async function render() {
  const r = parseHash();
  const view = document.getElementById("view")!;
  const name = r.path[0] ?? "map";
  document.querySelectorAll("nav a").forEach((a) => a.classList.toggle("active", a.getAttribute("data-view") === name));
  const me = ++rendering;
  view.replaceChildren();
  view.dataset.view = name;
  view.dataset.ready = "false";
  status("");
  try {
    switch (name) {
      case "dyad":
        await dyadView(view, r);
        break;
      case "coalition":
        await coalitionView(view, r);
        break;
      case "reading":
        await readingView(view, r);
        break;
      case "doc":
        await documentView(view, r);
        break;
      case "network":
        await networkView(view, r);
        break;
      default:
        await mapView(view, r);
    }
  } catch (e) {
    if (me !== rendering) return;
    const msg = e instanceof ApiError ? `${e.problem.title}: ${e.problem.detail ?? ""}${e.problem.field ? " (field " + e.problem.field + ")" : ""}` : String(e);
    status(msg, true);
  }
  if (me === rendering) view.dataset.ready = "true";
}

window.addEventListener("hashchange", render);
setupSearch();
render();
