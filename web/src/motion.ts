// The motion the map and the builder work on: the motivating case by
// default (the repository's motions/ file, bundled as text), or one
// written in the builder and carried in the URL (m=, base64url) so that
// the permalink reproduces it.
import motivating from "../../motions/dprk-troops-2024.yaml";
import article from "../../motions/dprk-troops-2024-article.txt";

export const motivatingMotion = motivating;
export const motivatingArticle = article;

export function encodeMotion(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let s = "";
  bytes.forEach((b) => (s += String.fromCharCode(b)));
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export function decodeMotion(m: string): string {
  const s = atob(m.replace(/-/g, "+").replace(/_/g, "/"));
  return new TextDecoder().decode(Uint8Array.from(s, (c) => c.charCodeAt(0)));
}

export function motionParam(params: URLSearchParams): string {
  return params.get("m") ?? "";
}

export function currentMotion(params: URLSearchParams): string {
  const m = motionParam(params);
  if (m) {
    try {
      return decodeMotion(m);
    } catch {
      /* a damaged permalink falls back to the motivating motion */
    }
  }
  return motivating;
}
