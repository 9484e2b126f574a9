// The JSON API client: every call returns parsed JSON or throws an
// ApiError carrying the server's problem detail (with the field at fault).

export interface Problem {
  title: string;
  status: number;
  detail?: string;
  field?: string;
  hint?: string;
}

export class ApiError extends Error {
  constructor(public problem: Problem) {
    super(problem.detail || problem.title);
  }
}

async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (token) headers["Authorization"] = "Bearer " + token;
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) {
    let p: Problem = { title: res.statusText, status: res.status };
    try {
      p = JSON.parse(text);
    } catch {
      /* not a problem document: keep the status line */
    }
    throw new ApiError(p);
  }
  return JSON.parse(text) as T;
}

export const get = <T>(path: string) => call<T>("GET", path);
export const post = <T>(path: string, body: unknown, token?: string) => call<T>("POST", path, body, token);

export function qs(params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") u.set(k, String(v));
  const s = u.toString();
  return s ? "?" + s : "";
}

// Shapes of the API's answers, as far as the views read them.
export interface Evidence {
  source: string;
  file?: string;
  line?: number;
  document?: string;
  start?: number;
  end?: number;
  text?: string;
}
export interface ActorSummary {
  code: string;
  name: string;
  kind: string;
  iso3?: string;
  isonum?: string;
}
export interface Reason {
  factor: string;
  effect: number;
  detail: string;
  evidence?: Evidence[];
}
export interface StatePrediction {
  country: string;
  name: string;
  p_yes: number;
  p_abstain: number;
  p_no: number;
  predicted: string;
  role?: string;
  reasons: Reason[];
}
export interface Prediction {
  motion: { id: string; title: string; date: string };
  asof: string;
  states: StatePrediction[];
  notes?: string[];
}
export interface Member extends StatePrediction {}
export interface Swing extends Member {
  gain: number;
  followers: number;
  expected_votes: number;
  obstacles: Reason[];
  levers: Reason[];
}
export interface Move {
  country: string;
  name: string;
  before: string;
  after: string;
  p_yes_before: number;
  p_yes_after: number;
  p_no_before: number;
  p_no_after: number;
  why: Reason[];
}
export interface CoalitionAnswer {
  coalition: { supporters: Member[]; swing: Swing[]; opponents: Member[] };
  asof: string;
  simulation?: { changes: string[]; after: Prediction; moves: Move[] };
}
export interface MapValue {
  country: string;
  value: number;
  label: string;
  source: string;
}
export interface Mention {
  code: string;
  actor: string;
  country: string;
  role: string;
  start: number;
  end: number;
  text: string;
  why: string;
}
export interface CodedEvent {
  sentence: number;
  start: number;
  end: number;
  text: string;
  source: { code: string; text?: string } | null;
  target: { code: string; text?: string } | null;
  cameo: string;
  plover: string;
  goldstein: number;
  negated: boolean;
  modality: string;
  trigger_start: number;
  trigger_end: number;
}
export interface ReadingDoc {
  id: string;
  title: string;
  date: string;
  url?: string;
  text: string;
  mentions: Mention[];
  events: CodedEvent[];
}
