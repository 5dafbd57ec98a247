"""Citation verification keeps what the passage states and drops invented claims that copy its
words (a name swapped, a number changed, a clause added, negation flipped); echoed prompt
scaffolding never reaches an answer; the labelled claim set is the committed script's output."""

from __future__ import annotations

import json
import re

import pytest

from rag.embedding import HashEmbedder
from rag.llm.distinctive import Evidence, missing_content
from rag.llm.sanitize import StreamSanitizer, sanitize_answer, strip_scaffolding
from rag.llm.verify import SupportScorer, answer_sentences, strip_markers, verify_answer
from rag.models import Passage
from rag.text import STOPWORDS

from .conftest import DEMO_QUESTION, shared

UN = (
    "Russia has not pledged military defense of Iran. At the UN Security Council on Sunday, Russia, China, and "
    "Pakistan submitted a draft resolution demanding an immediate and unconditional ceasefire in the Middle East "
    "following the US strikes. Russia's UN Ambassador Vassily Nebenzia referenced the 2003 US case against Iraq, "
    "accusing Washington of repeating history. Putin received Iranian Foreign Minister Abbas Araqchi at the Kremlin "
    "alongside Russian Foreign Minister Sergei Lavrov. While Moscow did not confirm the letter, Araqchi conveyed best "
    "wishes from Iran's Supreme Leader."
)
PASSAGE = Passage("c1", "a1", UN, "Putin slams US strikes on Iran", "Reuters", None, None, 0, 0.9)

TRUE = [
    "Russia, China and Pakistan submitted a draft resolution demanding an immediate and unconditional ceasefire in "
    "the Middle East.",
    "At the UN Security Council, Russia tabled a draft resolution calling for an immediate ceasefire.",  # synonyms
    "Russia, China and Pakistan submitted a draft resolution that calls for an immediate ceasefire.",  # "calls"
    "Nebenzia referenced the 2003 US case against Iraq.",  # partial quote
    "Putin received Iranian Foreign Minister Abbas Araqchi at the Kremlin.",
    "Moscow did not confirm the letter.",
]
INVENTED = [
    "Russia's UN Ambassador Vassily Nebenzia referenced the 2003 US case against Iraq and called for sanctions.",
    "Russia, China and Iran submitted a draft resolution demanding an immediate ceasefire.",  # name of the article
    "Putin received Iranian Foreign Minister Sergei Lavrov at the Kremlin.",  # name from the same sentence
    "Nebenzia referenced the 2004 US case against Iraq.",  # number changed
    "Russia submitted a draft resolution demanding an immediate ceasefire and called for sanctions against Iran.",
    "Moscow confirmed the letter.",  # negation removed
    "Russia did not submit a draft resolution.",  # negation added
    "The UN Security Council approved a draft resolution demanding an immediate ceasefire.",  # verb changed
]


def keeps(claim: str, scorer: SupportScorer, threshold: float = 0.5) -> bool:
    return verify_answer(f"{claim} [1]", [PASSAGE], scorer, threshold).kept == 1


@pytest.mark.parametrize("claim", TRUE)
def test_what_the_passage_states_keeps_its_citation(claim):
    assert keeps(claim, SupportScorer(HashEmbedder())), missing_content(claim, Evidence.of(UN, PASSAGE.title))


@pytest.mark.parametrize("claim", INVENTED)
def test_an_invented_claim_loses_its_citation_although_it_shares_the_words(claim):
    assert keeps(claim, SupportScorer(HashEmbedder(), strict=False)), "not a hard case: the old verifier drops it too"
    assert not keeps(claim, SupportScorer(HashEmbedder()))
    assert missing_content(claim, Evidence.of(UN, PASSAGE.title))


def test_a_win_reworded_keeps_its_citation():
    """Found with the test model in chromium: "New Orleans (AP) — The Philadelphia Eagles defeated the Kansas
    City Chiefs 40-22 in Super Bowl LIX ..." was dropped: the report says "overwhelmed"."""
    text = "NEW ORLEANS (AP) — The Philadelphia Eagles overwhelmed the Kansas City Chiefs 40-22 in Super Bowl LIX."
    bowl = Passage("c2", "a2", text, "Eagles rout Chiefs", "AP", None, None, 0, 0.9)
    scorer = SupportScorer(HashEmbedder())
    claim = "The Philadelphia Eagles defeated the Kansas City Chiefs 40-22 in Super Bowl LIX. [1]"
    assert verify_answer(claim, [bowl], scorer, 0.5).kept == 1
    lost = "The Philadelphia Eagles lost to the Kansas City Chiefs 40-22 in Super Bowl LIX. [1]"
    assert verify_answer(lost, [bowl], scorer, 0.5).kept == 0


def test_a_dropped_claim_is_reported_and_the_supported_one_stays():
    text = f"{TRUE[0]} [1] {INVENTED[0]} [1]"
    v = verify_answer(text, [PASSAGE], SupportScorer(HashEmbedder()), 0.5)
    assert v.kept == 1 and v.unsupported == 1 and v.dropped == [INVENTED[0]]
    assert v.text == TRUE[0].rstrip(".") + " [1]." or v.text == TRUE[0] + " [1]"


def test_a_sentence_the_model_repeats_is_said_once():
    v = verify_answer(f"{TRUE[0]} [1] {TRUE[0]} [1] {TRUE[0]}", [PASSAGE], SupportScorer(HashEmbedder()), 0.5)
    assert v.repeated == 2 and len(answer_sentences(v.text)) == 1
    assert v.kept + v.out_of_range + v.unsupported == v.model_citations == 2


def test_a_repeat_reworded_a_little_or_cut_off_is_said_once_too():
    """A looping model rewords the sentence it repeats, or stops in its middle (seen in the chat with the
    test model); a sentence that says something new beside it stays."""
    first = "Russia put forward a draft resolution calling for an immediate ceasefire in the Middle East [1]."
    reworded = "Russia's proposal was a draft resolution calling for an immediate ceasefire in the Middle East [1]."
    cut = "Russia put forward a draft resolution calling for an immediate [1]"
    new = "Vassily Nebenzia compared the strikes with the 2003 invasion of Iraq [1]."
    v = verify_answer(" ".join([first, reworded, new, cut]), [PASSAGE], SupportScorer(HashEmbedder()), 0.0)
    assert v.repeated == 2
    assert [strip_markers(s).rstrip(".") for s in answer_sentences(v.text)] == [
        strip_markers(first).rstrip("."),
        strip_markers(new).rstrip("."),
    ]


SUPER_BOWL = Passage(
    "c2",
    "a2",
    "The Philadelphia Eagles beat the Kansas City Chiefs 40-22 to win the Super Bowl on Sunday night.",
    "Eagles win the Super Bowl",
    "AP",
    None,
    None,
    0,
    0.8,
)
SCHEDULE = Passage(
    "c3",
    "a3",
    "Buffalo returns to the field on Sunday at home against the New England Patriots.",
    "Bills",
    "ESPN",
    None,
    None,
    0,
    0.7,
)


MEDALS = Passage(
    "c4",
    "a4",
    "The United States finished the Paris Olympics at the top of the medal table on Sunday, winning 40 gold medals.",
    "US tops the medal table",
    "NBC",
    None,
    None,
    0,
    0.8,
)


@pytest.mark.parametrize(
    ("answer", "question", "kept"),
    [
        # the question's words in other words ("the US" / "The United States"): most of them is enough
        ("40 [3].", "How many gold medals did the US win at the Paris Olympics this week?", True),
        ("41 [3].", "How many gold medals did the US win at the Paris Olympics this week?", False),
        ("Buffalo [2].", "How many gold medals did the US win at the Paris Olympics?", False),
        # named in the passage, but not where it says what the question asks (seen: the losing quarterback as MVP)
        ("Jalen Hurts [4].", "Who was named the most valuable player?", True),
        ("The Kansas City Chiefs [4].", "Who was named the most valuable player?", False),
    ],
)
def test_a_bare_answer_needs_most_of_the_question_beside_it(answer, question, kept):
    mvp = Passage(
        "c5",
        "a5",
        SUPER_BOWL.text + " Quarterback Jalen Hurts was named the most valuable player.",
        "",
        "AP",
        None,
        None,
        0,
        0.8,
    )
    passages, scorer = [SUPER_BOWL, SCHEDULE, MEDALS, mvp], SupportScorer(HashEmbedder())
    v = verify_answer(answer, passages, scorer, 0.5, question=question)
    assert (v.supported_claims == 1) is kept, v
    if answer.startswith(("Buffalo", "The Kansas")):  # named by its passage: only the question tells it is no answer
        assert verify_answer(answer, passages, scorer, 0.5).supported_claims == 1


@pytest.mark.parametrize(
    ("answer", "kept"),
    [
        ("The Philadelphia Eagles [1].", True),
        ("The New England Patriots [2].", False),  # seen with the test model: the passage only names them
        ("The New England Patriots.", False),  # and no citation is attached to it either
        ("The Eagles beat the Chiefs 40-22 [1].", True),  # a statement is checked as it is
    ],
)
def test_a_bare_answer_is_checked_as_the_answer_to_the_question(answer, kept):
    scorer, question = SupportScorer(HashEmbedder()), "Who won the Super Bowl?"
    v = verify_answer(answer, [SUPER_BOWL, SCHEDULE], scorer, 0.5, question=question)
    assert (v.supported_claims == 1) is kept, v
    if not kept:  # without the question, the name alone passes: the hole this closes
        assert verify_answer(answer, [SUPER_BOWL, SCHEDULE], scorer, 0.5).supported_claims == 1


# --- prompt scaffolding


SCAFFOLDED = [
    ("Title: Putin slams US strikes on Iran\nOutlet and date: seed document | undated\n{a}", "Title:"),
    ("Title: Putin slams US strikes Outlet and date: Reuters | 2025-06-23 {a}", "Outlet and date"),
    ("{a} [/INST]", "INST"),
    ("<start_of_turn>model\n{a}<end_of_turn>", "turn"),
    ("<|im_start|>assistant\n{a}<|im_end|>", "im_"),
    ("Answer: {a}\nQuestion: What did China say?", "Question"),
    ("Sources:\n{a} <<end of source 1 ab12cd", "<<"),
    ("[INST] <<SYS>> {a} <</SYS>>", "SYS"),
]
ANSWER = "Russia proposed a draft resolution [1]."


@pytest.mark.parametrize(("template", "marker"), SCAFFOLDED)
def test_prompt_scaffolding_never_reaches_the_answer_or_the_stream(template, marker):
    raw = template.format(a=ANSWER)
    text, removed = sanitize_answer(raw, set())
    assert text == ANSWER and removed
    assert marker.lower() not in text.lower() and "Answer:" not in text
    for size in (1, 4, 9):
        s = StreamSanitizer(set())
        streamed = "".join([s.feed(raw[i : i + size]) for i in range(0, len(raw), size)] + [s.flush()])
        assert streamed.strip() == ANSWER, (size, streamed)


def test_scaffolding_words_inside_ordinary_sentences_stay():
    text = "The sources do not answer this question. The question of sources came up at the summit."
    assert strip_scaffolding(text) == (text, [])


# --- the claim set


def test_the_committed_claim_set_is_what_the_script_builds():
    from eval.claims import CLAIMS, build

    committed = [json.loads(line) for line in CLAIMS.read_text(encoding="utf-8").splitlines() if line.strip()]
    rebuilt = build()
    assert len(committed) == len(rebuilt) >= 200
    assert [(r["id"], r["claim"], r["label"]) for r in committed] == [
        (r["id"], r["claim"], r["label"]) for r in rebuilt
    ]
    labels = {r["label"] for r in committed}
    kinds = {r["kind"] for r in committed if not r["label"]}
    assert labels == {True, False}
    assert kinds == {"name swapped", "number changed", "clause added", "negation flipped", "verb contrary"}
    assert all(r["claim"] != r.get("from") for r in committed)


# --- the acceptance check with the real test model


def names_and_numbers(sentence: str) -> list[str]:
    """Capitalized words (a sentence's first word unless it is a stop word) and numbers of a sentence."""
    found = []
    for i, m in enumerate(re.finditer(r"\d[\d,.]*\d|\d|[A-Z][\w’'-]*", sentence)):
        w = re.sub(r"['’]s$", "", m.group(0)).rstrip(".,")
        if i == 0 and m.start() == 0 and w.lower() in STOPWORDS:
            continue
        found.append(w)
    return found


@pytest.mark.llm
@pytest.mark.slow
def test_seed_article_llm_answer_keeps_no_sentence_with_names_or_numbers_absent_from_its_passage(
    tmp_path, minilm, llm_server
):
    """`newsrag ask --llm "What did Russia propose at the UN?"` on the seed article, with the test model."""
    from rag import NewsRAG
    from rag.llm.client import OpenAIChatClient

    seed = shared("seed", "article.json")
    client = OpenAIChatClient(base_url=llm_server.base_url, api_key=None, model=None, timeout=600, retries=0)
    rag = NewsRAG(data_dir=tmp_path / "seed", embedder=minilm, llm_client=client, llm_temperature=0.0)
    rag.ingest([seed])
    answer = rag.ask(DEMO_QUESTION, llm=True)
    assert answer.verification is not None, "the LLM was not asked"
    assert "Title:" not in answer.text and "Outlet and date" not in answer.text
    if answer.mode != "llm":  # every claim dropped: the extractive answer, saying so
        assert answer.note
        return
    for sentence in answer_sentences(answer.text):
        cited = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
        assert cited, sentence
        for n in cited:
            c = next(c for c in answer.citations if c.n == n)
            source = f"{c.title} {c.text}".lower()
            absent = [w for w in names_and_numbers(re.sub(r"\[\d+\]", "", sentence)) if w.lower() not in source]
            assert not absent, f"{sentence!r} cites [{n}], which does not say {absent}"


def test_a_withdrawn_figure_is_not_supported_by_its_correction_notice():
    """A correction notice repeats the claim its outlet withdrew ("An earlier version of this story said the
    extension would cost 310 million euros."): a generated answer stating that figure is not supported by
    it, the corrected one is."""
    text = (
        "An earlier version of this story said the tram extension would cost 310 million euros. "
        "The council's figure is 290 million euros, the Velmar council said on Tuesday."
    )
    passage = Passage("c9", "a9", text, "Correction: tram extension cost", "Velmar Daily", None, None, 0, 0.9)
    scorer = SupportScorer(HashEmbedder())
    withdrawn = verify_answer("The tram extension will cost 310 million euros [1].", [passage], scorer, 0.5)
    assert withdrawn.kept == 0 and withdrawn.unsupported == 1
    corrected = verify_answer("The council's figure is 290 million euros [1].", [passage], scorer, 0.5)
    assert corrected.kept == 1
