"""A labelled claim set for citation verification, and the verifier's precision and recall on it.

    python -m eval.claims build     # writes eval/sets/claims.jsonl (deterministic, from the sample news)
    python -m eval.claims report    # runs the verifier on it, writes eval/results/claims.md

The set is built from the bundled sample news (ingest/sample/news.jsonl) by rules. For chosen
sentences of each article the passage is the sentence's paragraph with the paragraphs around it
(and the article's title), as a retrieved chunk would be. Claims:

* true: the sentence verbatim; a partial quote (its longest clause); the attribution moved
  ("X said Y" -> "According to X, Y"); a weekday or adverb dropped; one word replaced by a
  synonym (from a table that is not the verifier's);
* invented, each made from a true claim: a name swapped for another name of the same article
  (one in the passage when there is one); a number changed; a clause added that the passage does
  not state; negation added or removed; the main verb replaced by a contrary one.

`report` scores each (claim, passage) pair with the verifier before (`SupportScorer(strict=False)`:
shared words and embedding similarity) and after (names, numbers, words and negation checked),
sweeps the threshold, and picks, among the thresholds that keep at most 2% of invented claims, the
one with the best recall (among equals: the current setting, else the strictest).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "ingest" / "sample" / "news.jsonl"
CLAIMS = ROOT / "eval" / "sets" / "claims.jsonl"
REPORT = ROOT / "eval" / "results" / "claims.md"
PER_ARTICLE = 7  # sentences per article
MAX_INVENTED_KEPT = 0.02
MIN_TRUE_KEPT = 0.85
CURRENT_THRESHOLD = 0.5  # the llm_support_threshold setting

WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
DATE_WORDS = (
    WEEKDAYS
    + "|January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
DATELINE = re.compile(r"^[^.]{0,60}?\((?:AP|Reuters|AFP)\)\s*[—–-]\s*")
# Paraphrase table of the generator (deliberately not the verifier's SYNONYMS: some of these the
# verifier does not know, and the true claims using them measure what that costs).
PARAPHRASE = {
    "said": "stated", "told": "informed", "submitted": "put forward", "demanding": "calling for",
    "immediate": "urgent", "received": "hosted", "help": "support", "attacks": "strikes",
    "began": "started", "started": "began", "killed": "left dead", "big": "large", "more than": "over",
    "won": "clinched", "beat": "defeated", "rose": "climbed", "fell": "dropped", "announced": "said",
    "dangerous": "perilous", "wants": "hopes", "continued": "went on", "plans": "intends",
    "about": "around", "nearly": "almost", "large": "big", "major": "big", "attack": "assault",
}  # fmt: skip
CONTRARY = {
    "submitted": "withdrew", "won": "lost", "rose": "fell", "fell": "rose", "received": "snubbed",
    "approved": "rejected", "increased": "cut", "killed": "injured", "arrested": "released",
    "began": "ended", "opened": "closed", "agreed": "refused", "supported": "opposed",
    "said": "denied", "promised": "refused", "confirmed": "denied", "joined": "left",
    "beat": "lost to", "raised": "lowered", "signed": "rejected", "praised": "criticized",
    "accepted": "rejected", "added": "removed", "allowed": "banned", "called": "rejected",
    "launched": "cancelled", "hit": "missed", "led": "trailed", "passed": "failed",
}  # fmt: skip
ADDED = (
    "and called for sanctions against {e}",
    "after talks with {e} collapsed",
    "and blamed {e} for the delay",
    "in a move {e} said it would challenge in court",
    "and promised a full investigation by {e}",
)
QUOTES = ' “”"'
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _articles() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]


def _names(text: str) -> list[str]:
    """Runs of capitalized words inside sentences (not a sentence's first word, a weekday, a month
    or an all-capitals dateline), as written."""
    from rag.text import STOPWORDS

    out = []
    for m in re.finditer(r"(?<=[a-z,;]\s)([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)", text):
        run = re.sub(r"['’]s$", "", m.group(1))
        first = run.split()[0]
        if (
            first.lower() in STOPWORDS
            or len(run) < 3
            or re.fullmatch(DATE_WORDS, first)
            or first.isupper()
            and len(first) > 3
        ):
            continue
        out.append(run)
    return list(dict.fromkeys(out))


def _clauses(sentence: str) -> list[str]:
    return [c.strip(' ,;—–"“”') for c in re.split(r"[,;]\s|\s[—–]\s|:\s", sentence) if c.strip()]


def _finish(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip(' ,;"“”')
    if text and text[0].islower():
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text.rstrip(".") + "."


# --- true claims


def partial(s: str) -> str | None:
    from rag.text import STOPWORDS, content_words

    clauses = [c for c in _clauses(s) if len(content_words(c)) >= 5 and c.split()[0].lower() not in STOPWORDS]
    if len(clauses) < 2 and not (clauses and clauses[0] != s.strip(' ."“”')):
        return None
    best = max(clauses, key=len) if clauses else None
    return _finish(best) if best and _finish(best) != _finish(s) else None


def attribution(s: str) -> str | None:
    m = re.match(
        r"^(?P<what>.{25,}?),[\"”]?\s+(?P<who>(?:the\s+)?[\w .’'-]{2,50}?)\s+(?:said|says|told \w+)\.?$", s.strip()
    )
    if m:
        what = m.group("what").strip(QUOTES)
        return _finish(f"{m.group('who')} said that {what}")
    m = re.match(
        r"^(?P<who>[A-Z][\w .’'-]{2,60}?)\s+said(?:\s+on\s+(?:" + WEEKDAYS + r"))?\s+(?:that\s+)?(?P<what>.{20,})$",
        s.strip(),
    )
    if m:
        return _finish(f"According to {m.group('who')}, {m.group('what')}")
    return None


def dropped_adjunct(s: str) -> str | None:
    out = re.sub(rf"\s+(?:on|last|this)\s+(?:{WEEKDAYS})\b", "", s)
    out = re.sub(r"\s+(?:also|still|now|publicly|privately|directly)\b", "", out)
    return _finish(out) if out != s else None


def synonym(s: str, k: int) -> str | None:
    keys = [w for w in PARAPHRASE if re.search(rf"\b{re.escape(w)}\b", s)]
    if not keys:
        return None
    w = keys[k % len(keys)]
    return _finish(re.sub(rf"\b{re.escape(w)}\b", PARAPHRASE[w], s, count=1))


# --- invented claims


def swap_name(s: str, article_names: list[str], passage: str) -> str | None:
    mine = _names(s)
    if not mine:
        return None
    others = [n for n in article_names if all(n not in m and m not in n for m in mine)]
    others.sort(key=lambda n: (n not in passage, article_names.index(n)))  # names in the passage first
    if not others:
        return None
    target = max(mine, key=len)
    return _finish(s.replace(target, others[0], 1))


def change_number(s: str) -> str | None:
    m = re.search(r"\b\d[\d,]*(?:\.\d+)?\b", s)
    if m:
        raw = m.group(0).replace(",", "")
        n = float(raw)
        new = n - 1 if 1900 <= n <= 2100 else (n * 2 if n < 3 else n + 3)
        text = f"{int(new)}" if new == int(new) else f"{new:g}"
        return _finish(s[: m.start()] + text + s[m.end() :])
    for i, w in enumerate(NUMBER_WORDS):
        if re.search(rf"\b{w}\b", s, re.I):
            return _finish(re.sub(rf"\b{w}\b", NUMBER_WORDS[(i + 2) % len(NUMBER_WORDS)], s, count=1, flags=re.I))
    return None


def add_clause(s: str, article_names: list[str], k: int) -> str:
    names = [n for n in article_names if n not in s] or ["officials"]
    clause = ADDED[k % len(ADDED)].format(e=names[k % len(names)])
    return _finish(s.rstrip(' ."”') + ", " + clause)


def flip_negation(s: str) -> str | None:
    if re.search(r"\bnot\b", s):
        return _finish(re.sub(r"\s+not\b", "", s, count=1))
    if re.search(r"\bno longer\b", s):
        return _finish(re.sub(r"\bno longer\b", "still", s, count=1))
    m = re.search(r"\b(is|was|were|are|has|had|have|will|would|can|could)\b", s)
    if m:
        return _finish(s[: m.end()] + " not" + s[m.end() :])
    m = re.search(r"\b(?:[A-Z]\w+|he|she|they|it)\s+([a-z]{3,})ed\b", s)
    if m:
        return _finish(s[: m.start(1)] + "did not " + m.group(1) + s[m.end() :])
    return None


def contrary_verb(s: str) -> str | None:
    for w, c in CONTRARY.items():
        if re.search(rf"\b{w}\b", s):
            return _finish(re.sub(rf"\b{w}\b", c, s, count=1))
    return None


# --- the set


def _sentences(article: dict) -> Iterator[tuple[str, str]]:
    """(sentence, passage) pairs: passage = the sentence's paragraph and its neighbours."""
    from rag.text import content_words, split_sentences

    paras = [p.strip() for p in article["text"].split("\n\n") if p.strip()]
    for i, para in enumerate(paras):
        passage = "\n\n".join(paras[max(0, i - 1) : i + 2])
        for s in split_sentences(para):
            s = DATELINE.sub("", " ".join(s.split()))
            if 6 <= len(content_words(s)) <= 45 and not s.startswith(("“", '"')) and not s.endswith("?"):
                yield s, passage


def build() -> list[dict]:
    rows: list[dict] = []
    used: set[str] = set()  # the sample holds some stories twice (two outlets' copies)
    for a_idx, article in enumerate(_articles()):
        title = " ".join(article["title"].split())
        names = _names(title + ". " + article["text"])
        candidates = [(s, p) for s, p in _sentences(article) if s not in used]
        step = max(1, len(candidates) // PER_ARTICLE)
        for k, (s, passage) in enumerate(candidates[::step][:PER_ARTICLE]):
            key = a_idx * 100 + k
            used.add(s)
            base = {"article": a_idx, "title": title, "passage": passage, "source_sentence": s}
            trues = [("verbatim", s)]
            for kind, out in (
                ("partial", partial(s)),
                ("attribution", attribution(s)),
                ("adjunct dropped", dropped_adjunct(s)),
                ("synonym", synonym(s, key)),
            ):
                if out and out != s:
                    trues.append((kind, out))
            seen = set()
            for kind, claim in trues:
                if claim not in seen:
                    seen.add(claim)
                    rows.append({**base, "claim": claim, "label": True, "kind": kind})
            # invented: each rule on the verbatim sentence, or on its partial quote every other time
            base_claim = trues[1][1] if key % 2 and len(trues) > 1 and trues[1][0] == "partial" else s
            for kind, out in (
                ("name swapped", swap_name(base_claim, names, passage)),
                ("number changed", change_number(base_claim)),
                ("clause added", add_clause(base_claim, names, key)),
                ("negation flipped", flip_negation(base_claim)),
                ("verb contrary", contrary_verb(base_claim)),
            ):
                if out and out != _finish(base_claim) and out not in seen:
                    seen.add(out)
                    rows.append({**base, "claim": out, "label": False, "kind": kind, "from": base_claim})
    for i, r in enumerate(rows):
        r["id"] = f"c{i:04d}"
    return rows


def write_set(rows: list[dict], path: Path = CLAIMS) -> None:
    keys = ("id", "label", "kind", "claim", "from", "article", "title", "source_sentence", "passage")
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in keys if k in r}, ensure_ascii=False) + "\n")


def load_set(path: Path = CLAIMS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# --- the report


def score(rows: list[dict], embedder) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """Support of each claim by its passage: before (no distinctive-content check) and after; and what is missing."""
    from rag.llm.distinctive import Evidence, missing_content
    from rag.llm.verify import SupportScorer
    from rag.models import Passage

    scorer = SupportScorer(embedder, strict=True)
    before = np.zeros(len(rows), dtype=np.float32)
    after = np.zeros(len(rows), dtype=np.float32)
    missing: list[list[str]] = [[] for _ in rows]
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[(r["title"], r["passage"])].append(i)
    for (title, text), idx in groups.items():
        p = Passage("claims", "claims", text, title, None, None, None, 0, 1.0)
        parts = scorer.parts([rows[i]["claim"] for i in idx], [p])
        before[idx] = parts.support(strict=False)[:, 0]
        after[idx] = parts.support(strict=True)[:, 0]
        ev = Evidence.of(text, title)
        for i in idx:
            missing[i] = missing_content(rows[i]["claim"], ev) if after[i] == 0 else []
    return before, after, missing


def rates(support: np.ndarray, labels: np.ndarray, t: float) -> dict[str, float]:
    kept = support >= t
    tp = int((kept & labels).sum())
    fp = int((kept & ~labels).sum())
    return {
        "threshold": t,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / int(labels.sum()),
        "invented_kept": fp / int((~labels).sum()),
    }


def choose(support: np.ndarray, labels: np.ndarray, grid: np.ndarray, current: float) -> dict[str, float] | None:
    """Among thresholds keeping at most MAX_INVENTED_KEPT of invented claims, the one with the best
    recall; among equals, the current setting when it is one of them (no change without a gain),
    else the strictest. None: no threshold keeps so few invented claims."""
    admissible = [
        r for r in (rates(support, labels, float(t)) for t in grid) if r["invented_kept"] <= MAX_INVENTED_KEPT
    ]
    if not admissible:
        return None
    best = max(r["recall"] for r in admissible)
    top = [r for r in admissible if r["recall"] == best]
    return next((r for r in top if abs(r["threshold"] - current) < 1e-9), max(top, key=lambda r: r["threshold"]))


def report(rows: list[dict], embedder, current: float) -> str:
    before, after, missing = score(rows, embedder)
    labels = np.array([r["label"] for r in rows])
    grid = np.round(np.arange(0.0, 0.951, 0.05), 3)
    kinds = Counter(r["kind"] for r in rows)
    lines = [
        "# Citation verification on the labelled claim set",
        "",
        "Produced by `python -m eval.claims report` (set: `python -m eval.claims build` -> eval/sets/claims.jsonl,",
        f"built by rules from ingest/sample/news.jsonl; embedding model: {embedder.name}).",
        "",
        f"{len(rows)} (claim, passage) pairs: {int(labels.sum())} true, {int((~labels).sum())} invented.",
        "",
        "| kind | label | pairs |",
        "|---|---|---|",
        *[
            f"| {k} | {'true' if any(r['label'] for r in rows if r['kind'] == k) else 'invented'} | {n} |"
            for k, n in kinds.items()
        ],
        "",
        "A claim is kept when its support by the passage reaches the threshold. Precision: share of kept",
        "claims that are true; recall: share of true claims kept; invented kept: share of invented claims kept.",
        f"Target: invented kept <= {MAX_INVENTED_KEPT:.0%} with recall >= {MIN_TRUE_KEPT:.0%}.",
        "",
        f"## At the current threshold ({current})",
        "",
        "| verifier | precision | recall | invented kept |",
        "|---|---|---|---|",
    ]
    for name, sup in (
        ("before (shared words + embedding)", before),
        ("after (+ names, numbers, words, negation)", after),
    ):
        r = rates(sup, labels, current)
        lines.append(f"| {name} | {r['precision']:.3f} | {r['recall']:.3f} | {r['invented_kept']:.3f} |")
    chosen_before = choose(before, labels, grid, current)
    chosen = choose(after, labels, grid, current)
    lines += [
        "",
        "## Threshold sweep",
        "",
        "| threshold | before: precision | recall | invented kept | after: precision | recall | invented kept |",
        "|---|---|---|---|---|---|---|",
    ]
    for t in grid:
        b, a = rates(before, labels, float(t)), rates(after, labels, float(t))
        lines.append(
            f"| {t:.2f} | {b['precision']:.3f} | {b['recall']:.3f} | {b['invented_kept']:.3f} | "
            f"{a['precision']:.3f} | {a['recall']:.3f} | {a['invented_kept']:.3f} |"
        )
    lines += ["", "## Chosen threshold", ""]
    if chosen_before:
        lines.append(
            f"Before: threshold {chosen_before['threshold']:.2f} keeps <= {MAX_INVENTED_KEPT:.0%} of invented claims, "
            f"with recall {chosen_before['recall']:.3f}."
        )
    else:
        lines.append(f"Before: no threshold keeps <= {MAX_INVENTED_KEPT:.0%} of invented claims.")
    if chosen:
        t = chosen["threshold"]
        met = chosen["recall"] >= MIN_TRUE_KEPT
        lines.append(
            f"After: **{t:.2f}** (the best recall among thresholds keeping <= {MAX_INVENTED_KEPT:.0%} of invented "
            f"claims; among equals the current setting): precision "
            f"{chosen['precision']:.3f}, recall {chosen['recall']:.3f}, invented kept {chosen['invented_kept']:.3f}"
            f" ({'target met' if met else 'recall target NOT met'})."
        )
        kept = after >= t
        lines += ["", "Per kind at the chosen threshold (share kept):", "", "| kind | pairs | kept |", "|---|---|---|"]
        for k in kinds:
            idx = [i for i, r in enumerate(rows) if r["kind"] == k]
            lines.append(f"| {k} | {len(idx)} | {kept[idx].mean():.3f} |")
        fp = [i for i in range(len(rows)) if kept[i] and not labels[i]]
        fn = [i for i in range(len(rows)) if not kept[i] and labels[i]]
        lines += ["", f"Invented claims kept ({len(fp)}):", ""]
        lines += [f"- {rows[i]['id']} ({rows[i]['kind']}): {rows[i]['claim']}" for i in fp] or ["- none"]
        lines += ["", f"True claims dropped ({len(fn)}; what the passage lacks):", ""]
        lines += [
            f"- {rows[i]['id']} ({rows[i]['kind']}): {rows[i]['claim']} -- missing: {', '.join(missing[i]) or 'support below threshold'}"
            for i in fn
        ]
    else:
        lines.append(f"After: no threshold keeps <= {MAX_INVENTED_KEPT:.0%} of invented claims.")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("build", help=f"write {CLAIMS.relative_to(ROOT)}")
    rp = sub.add_parser("report", help=f"write {REPORT.relative_to(ROOT)}")
    rp.add_argument("--embed-model", help="embedding model (default: the index default)")
    rp.add_argument("--out", type=Path, default=REPORT)
    args = ap.parse_args(argv)
    if args.cmd == "build":
        rows = build()
        write_set(rows)
        labels = Counter(r["label"] for r in rows)
        print(f"wrote {CLAIMS}: {len(rows)} pairs ({labels[True]} true, {labels[False]} invented)")
        return 0
    from rag.embedding import make_embedder

    embedder = make_embedder(args.embed_model or "all-MiniLM-L6-v2")
    text = report(load_set(), embedder, current=CURRENT_THRESHOLD)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
