// The search box: resolves a name, a code or a phrase to actors,
// date-aware ("the Kremlin in 1985", "COW 365 in 1980", "Duterte on
// 2020-01-01"), and offers the views of what it found.
import { get } from "../api";
import { h } from "../dom";

interface Found {
  query: string;
  on: string;
  actor?: { code: string; name: string; kind: string };
  mentions: { code: string; actor: string; country: string; text: string; why: string }[];
  suggestions: string[];
}

export function setupSearch() {
  const form = document.getElementById("search") as HTMLFormElement;
  const input = document.getElementById("search-q") as HTMLInputElement;
  const box = document.getElementById("search-results") as HTMLElement;
  const links = (code: string) => [
    h("a", { href: `#/map?measure=agreement&country=${code}` }, `${code} on the map (UN agreement)`),
    h("a", { href: `#/dyad/${code}/RUS` }, `dyad ${code}–RUS`),
    h("a", { href: `/api/v1/actors/${code}` }, `${code} in the registry (JSON)`),
  ];
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (!q) return;
    try {
      const f = await get<Found>(`/api/v1/search?q=${encodeURIComponent(q)}`);
      const on = f.on.startsWith("0001") ? "" : ` on ${f.on.slice(0, 10)}`;
      const items: (HTMLElement | string)[] = [];
      if (f.actor) items.push(h("p", { id: "search-actor" }, h("b", {}, `${f.actor.name} (${f.actor.code})`), ` is what “${f.query}” names${on}.`), ...links(f.actor.code));
      for (const m of f.mentions) if (!f.actor || m.code !== f.actor.code) items.push(h("p", {}, h("b", {}, `${m.text} → ${m.actor} (${m.code})`), ` ${m.why}`), ...links(m.country || m.actor));
      if (!items.length) items.push(h("p", {}, `Nothing matches “${f.query}”${on}.`), f.suggestions.length ? h("p", {}, `Closest: ${f.suggestions.join(", ")}`) : "");
      box.replaceChildren(...items);
    } catch (err) {
      box.replaceChildren(h("p", {}, String(err)));
    }
    box.hidden = false;
  });
  document.addEventListener("click", (e) => {
    if (!form.contains(e.target as Node)) box.hidden = true;
  });
  box.addEventListener("click", (e) => {
    if ((e.target as HTMLElement).tagName === "A") box.hidden = true;
  });
}
