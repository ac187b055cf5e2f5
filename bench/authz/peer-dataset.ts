/**
 * One small world, asked of Tollgate and of a peer (Cerbos) in the same words: an ABAC question
 * (three user conditions and three resource conditions) and a ReBAC question (document owner, or
 * editor of the folder two `parent` hops above the document). The expected decision of every
 * question is computed here from the facts, by plain code that is neither engine, so each side's
 * answers are checked against it rather than against each other.
 */
import { Prng } from "../lib/prng.ts";

export const PEER_TENANT = "acme";
const TOPS = 20;
const SUBS_PER_TOP = 10;
const DOCS_PER_SUB = 5;

export interface PeerUser {
  key: string;
  attributes: { dept: string; level: number; tags: string[] };
  /** The top folder the user holds `folder#editor` on. */
  editorOf: string;
}

export interface PeerDocument {
  key: string;
  /** Sub folder, then its top folder: the `parent` chain above the document. */
  ancestors: [string, string];
  owner: string;
}

export interface PeerWorld {
  users: PeerUser[];
  documents: PeerDocument[];
  /** `folder:top parent folder:sub` and `folder:sub parent document:doc`. */
  tuples: { subject: string; relation: string; object: string }[];
}

export interface ReportAttributes {
  owner_dept: string;
  level: number;
  archived: boolean;
}

export interface AbacQuestion {
  user: PeerUser;
  report: ReportAttributes;
  expected: boolean;
}

export interface RebacQuestion {
  user: PeerUser;
  document: PeerDocument;
  expected: boolean;
}

export function buildPeerWorld(userCount: number): PeerWorld {
  const users: PeerUser[] = [];
  for (let i = 0; i < userCount; i++) {
    users.push({
      key: `user-${i}`,
      attributes: {
        dept: i % 2 === 0 ? "eng" : "ops",
        level: i % 10,
        tags: i % 3 === 0 ? ["oncall", "x"] : ["x"],
      },
      editorOf: `t${i % TOPS}`,
    });
  }
  const documents: PeerDocument[] = [];
  const tuples: PeerWorld["tuples"] = [];
  for (let t = 0; t < TOPS; t++) {
    for (let s = 0; s < SUBS_PER_TOP; s++) {
      const sub = `t${t}s${s}`;
      tuples.push({ subject: `folder:t${t}`, relation: "parent", object: `folder:${sub}` });
      for (let d = 0; d < DOCS_PER_SUB; d++) {
        const key = `${sub}d${d}`;
        // Owners spread over users so that most users own a document or two.
        const owner = users[(documents.length * 7) % userCount]!.key;
        documents.push({ key, ancestors: [sub, `t${t}`], owner });
        tuples.push({ subject: `folder:${sub}`, relation: "parent", object: `document:${key}` });
      }
    }
  }
  return { users, documents, tuples };
}

/** The ABAC rule, written once in plain code: senior on-call engineers read open eng reports below level 7. */
export function abacAllows(user: PeerUser, report: ReportAttributes): boolean {
  const a = user.attributes;
  const seniorEng = a.dept === "eng" && a.level >= 5 && a.tags.includes("oncall");
  const openEngReport = report.owner_dept === "eng" && report.level < 7 && report.archived === false;
  return seniorEng && openEngReport;
}

/** The ReBAC rule in plain code: the owner, or an editor of a folder above the document, may edit. */
export function rebacAllows(user: PeerUser, doc: PeerDocument): boolean {
  return doc.owner === user.key || doc.ancestors.includes(user.editorOf);
}

export function abacQuestions(world: PeerWorld, count: number, seed = 21): AbacQuestion[] {
  const rng = new Prng(seed);
  const out: AbacQuestion[] = [];
  for (let i = 0; i < count; i++) {
    // Bias towards senior on-call engineers so that allows are common enough to matter.
    const base = rng.int(world.users.length);
    // Every sixth user is an on-call engineer (even and a multiple of three).
    const user = world.users[i % 2 === 0 ? base - (base % 6) : base]!;
    const report = { owner_dept: i % 3 === 0 ? "ops" : "eng", level: rng.int(10), archived: i % 5 === 0 };
    out.push({ user, report, expected: abacAllows(user, report) });
  }
  return out;
}

/** A third owners, a third editors of the document's top folder, a third anyone (mostly denied). */
export function rebacQuestions(world: PeerWorld, count: number, seed = 22): RebacQuestion[] {
  const rng = new Prng(seed);
  const byKey = new Map(world.users.map((u) => [u.key, u]));
  const out: RebacQuestion[] = [];
  for (let i = 0; i < count; i++) {
    const document = world.documents[rng.int(world.documents.length)]!;
    let user: PeerUser;
    if (i % 3 === 0) user = byKey.get(document.owner)!;
    else if (i % 3 === 1) {
      const editors = world.users.filter((u) => u.editorOf === document.ancestors[1]);
      user = editors[rng.int(editors.length)]!;
    } else user = world.users[rng.int(world.users.length)]!;
    out.push({ user, document, expected: rebacAllows(user, document) });
  }
  return out;
}
