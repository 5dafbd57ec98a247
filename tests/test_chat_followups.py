"""Chat without an LLM: only a follow-up that refers back is searched with the previous question."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from rag.llm.chat import Turn, heuristic_standalone, refers_back

from .conftest import DEMO_QUESTION, article, indexed, indexed_files

REFERS_BACK = [
    "What did China say about it?",
    "Why did they do that?",
    "And what did China say?",
    "and China?",
    "What about the ECB?",
    "how about Japan?",
    "What did they propose?",
    "Why?",
    "How did markets react to this?",
    "Who voted against it?",
    "What does that mean?",
    "Did he win?",
    "What was its death toll?",
    "What did those countries say?",
    "When did she resign?",
    "What did TASS say?",
    "How did Moscow react?",
    "What has the European Commission said?",
    "What for?",
    "Since when?",
    "By whom?",
    "How much?",
    "How long for?",
    "Why not?",
    "Which one?",
    "Where from?",
    # names nothing of its own: no name, number or date, two words at most
    "How many people died?",
    "Who won?",
    "What is the death toll?",
    "What's the latest?",
    # an acronym of a role or a measure is of something: found in chromium, "Who was named MVP?" after "Which team
    # won the Super Bowl recently?" was searched alone and refused
    "Who was named MVP?",
    "Who is the CEO?",
    # a continuation: a fragment after "and"/"but", or a whole question that refers back without it
    "And the cost?",
    "But why?",
    "And what did China say?",
    "And how much did it cost?",
    "So who won?",
    # "I" is no name for "it" to stand for (found with the comet: searched alone)
    "Can I see it without a telescope?",
    # typed in lower case: a pronoun says who said it, or one word is no name
    "did they say it would veto",
    "what did the mayor say about it",
    "why did he resign",
]
STANDS_ALONE = [
    "Who won the Super Bowl?",
    DEMO_QUESTION,
    "What happened this week?",
    "Did Russia say it would veto the resolution?",
    "What did Apple say about its earnings?",
    "Which team won the Super Bowl this year?",
    "Is it true that the Fed cut rates?",
    "What did the Fed decide?",
    "How many people died in the Turkey earthquake?",
    "What is the draft resolution that Russia proposed?",
    "Is there a ceasefire in Gaza?",
    "What did the ECB do last week?",
    "What did the ECB say about inflation?",
    "How did markets react to the rate cut?",
    "What happened?",
    # all of the news, not the conversation's story (session 42: searched with the Super Bowl question)
    "What are the top stories?",
    "Headlines",
    "Brief me",
    "Summarize the news",
    "What's in the news?",
    "How much did the Fed raise rates?",
    "Since when has the ECB been cutting rates?",
    "Which one of the candidates won?",
    "What happened today?",
    "What did the central bank decide?",
    "what did russia propose?",
    # typed in lower case, with what its pronoun stands for (found in chromium: "why did bed bath and beyond say it
    # may go bankrupt?" after the Golden Globes was answered with the Globes' telecast)
    "why did bed bath and beyond say it may go bankrupt?",
    "why did bed bath and beyond close its stores",
    "how is prince harry promoting his memoir",
    "what did nvidia say it is worth",  # no English word: a name
    "when will the tram open and how much will it cost",
    # "after he left": a subject after a conjunction, not an object after a preposition
    "What did Damar Hamlin say after he left hospital?",
    "Who was named MVP of Super Bowl LIX?",
    # a whole question after "and": found in chromium, where it was searched with a port strike
    "And who scored for the Mariners?",
    "But what did the ECB decide on rates?",
]


@pytest.mark.parametrize("question", REFERS_BACK)
def test_a_follow_up_that_refers_back(question):
    assert refers_back(question)


@pytest.mark.parametrize("question", STANDS_ALONE)
def test_a_question_that_stands_alone(question):
    assert not refers_back(question)


def test_only_a_follow_up_that_refers_back_takes_the_previous_question():
    history = [Turn(question=DEMO_QUESTION, asked=DEMO_QUESTION, answer="Russia put forward a draft resolution [1].")]
    assert heuristic_standalone("Who won the Super Bowl?", history) == "Who won the Super Bowl?"
    assert heuristic_standalone("And what did China say?", history) == f"And what did China say? ({DEMO_QUESTION})"
    assert heuristic_standalone("And what did China say?", []) == "And what did China say?"


def test_a_lower_case_question_naming_what_it_means_is_searched_alone(sample_rag):
    """Found in chromium: typed in lower case, "why did bed bath and beyond say it may go bankrupt?" after the Golden
    Globes was searched with them (no capital marked a name for "it" to stand for) and answered with their telecast.
    So "why did the european central bank say it cut rates" after the Super Bowl is about the ECB."""
    session = sample_rag.chat(llm=False)
    session.ask("Who won the Super Bowl?")
    answer = session.ask("why did the european central bank say it cut rates")
    assert "Super Bowl" not in answer.question  # searched alone
    titles = [c.title for c in answer.citations]
    assert "ECB cuts interest rates for the first time since 2019" in titles
    assert not any("Super Bowl" in t for t in titles)


def test_a_chain_of_follow_ups_is_searched_flat_with_where_it_started():
    """A follow-up to a follow-up is searched with the previous question and the one the conversation
    started from, not with a growing nest of earlier searches."""
    first = Turn(question=DEMO_QUESTION, asked=DEMO_QUESTION, answer="Russia put forward a draft resolution [1].")
    china = Turn(question=f"And what did China say? ({DEMO_QUESTION})", asked="And what did China say?", answer="...")
    why = heuristic_standalone("And why?", [first, china])
    assert why == f"And why? (And what did China say? {DEMO_QUESTION})"
    third = Turn(question=why, asked="And why?", answer="...")
    assert heuristic_standalone("What about Pakistan?", [first, china, third]) == (
        f"What about Pakistan? (And why? {DEMO_QUESTION})"
    )
    # turns told by an API client (question = the user's words): a follow-up among them counts as one
    told = Turn(question="And what did China say?", asked="And what did China say?", answer="...")
    assert heuristic_standalone("And why?", [first, told]) == f"And why? (And what did China say? {DEMO_QUESTION})"
    # an LLM's standalone rewrite stands for its turn as it is
    rewritten = Turn(question="What did China say about the UN draft?", asked="And China?", answer="...")
    assert heuristic_standalone("And why?", [first, rewritten]) == "And why? (What did China say about the UN draft?)"


def test_hash_facade_searches_a_new_topic_alone(fake_rag):
    from .conftest import SAMPLE

    fake_rag.ingest([SAMPLE])
    session = fake_rag.chat()
    session.ask(DEMO_QUESTION, llm=False)
    other = session.ask("Who won the Super Bowl?", llm=False)
    assert other.question == "Who won the Super Bowl?" and other.asked is None
    follow = session.ask("And why?", llm=False)
    assert follow.question == "And why? (Who won the Super Bowl?)"
    assert follow.asked == "And why?"


@pytest.mark.slow
def test_sample_chat_a_new_question_leaves_the_un_and_a_follow_up_keeps_it(sample_rag):
    """The acceptance on the bundled sample with the real model: after the UN question, the Super
    Bowl question cites the Super Bowl article; "And what did China say?" still uses the UN context."""
    session = sample_rag.chat(llm=False)
    first = session.ask(DEMO_QUESTION)
    assert "draft resolution" in first.citations[0].quote
    bowl = session.ask("Who won the Super Bowl?")
    assert bowl.question == "Who won the Super Bowl?"
    assert "Super Bowl" in bowl.citations[0].title and "Eagles" in bowl.text.split("[")[0]
    assert all("Super Bowl" in c.title for c in bowl.citations)

    session.reset()
    session.ask(DEMO_QUESTION)
    china = session.ask("And what did China say?")
    assert DEMO_QUESTION in china.question and china.asked == "And what did China say?"
    assert china.citations[0].title.startswith("Putin tells Iran's Araqchi")
    assert "China" in china.text


def test_sample_chat_summarize_it_and_the_top_stories(sample_rag):
    """Session 42: "Summarize it" after the Super Bowl question led with "Kansas City scored three touchdowns late",
    not the game's opening; "Give me a summary" next found the phone maker's features that "summarize text"; and
    "What are the top stories?" after them was searched with the Super Bowl and quoted the phone maker."""
    session = sample_rag.chat(llm=False)
    session.ask("Who won the Super Bowl?")
    for followup in ("Summarize it", "Give me a summary"):
        summary = session.ask(followup)
        assert not summary.refused, summary.text
        assert all("Super Bowl" in c.title for c in summary.citations), followup
        assert summary.text.startswith("NEW ORLEANS (AP) — The Philadelphia Eagles overwhelmed"), followup
    top = session.ask("What are the top stories?")
    assert top.question == "What are the top stories?"
    newest = datetime.fromtimestamp(sample_rag.manifest.newest_published(2**40), UTC).date().isoformat()
    assert top.citations[0].published_at[:10] == newest


def test_sample_chat_typed_as_people_type(sample_rag):
    """Typed in lower case without marks, "who won the superbowl" was refused ("None of the passages I found mentions
    the superbowl") and "who was mvp" after it too: the news writes "Super Bowl", spells out "most valuable player",
    and the model rated the question without its mark too low. The answer says what was searched for instead."""
    session = sample_rag.chat(llm=False)
    bowl = session.ask("who won the superbowl")
    assert not bowl.refused and "Eagles" in bowl.text.split("[")[0]
    assert bowl.note == "Searched for “super bowl” (you wrote “superbowl”)."
    mvp = session.ask("who was mvp")
    assert not mvp.refused and "Jalen Hurts" in mvp.text
    assert "you wrote “mvp”" in mvp.note


def test_a_follow_up_is_answered_about_its_own_words(fake_rag, tmp_path):
    """ "And how much will it cost?" is searched with the previous question, but the answer leads with the
    cost, not with the sentence the previous question asked for (`Query.focus`, set by the chat)."""
    from .conftest import article, write_jsonl

    text = (
        "The Valmora town council voted 7-2 on Thursday to approve the Valmora ferry route to Birch Island. "
        "The ferry route will cost 4.2 million crowns over five years, paid from the harbour budget."
    )
    fake_rag.ingest([write_jsonl(tmp_path / "ferry.jsonl", [article("Valmora ferry route approved", text)])])
    session = fake_rag.chat(llm=False)
    session.ask("How did the Valmora town council vote on the ferry route?")
    cost = session.ask("And how much will it cost?")
    assert cost.asked == "And how much will it cost?" and "Valmora town council" in cost.question
    assert cost.text.startswith("The ferry route will cost 4.2 million crowns")
    assert "voted" not in cost.text  # a runner-up must name what the follow-up asks about
    # without the focus, the same search is answered about the vote too (the cost leads since session 28: a "how
    # much" lead giving no figure, "voted 7-2", is followed by its report's figure)
    assert "The Valmora town council voted" in fake_rag.ask(cost.question, llm=False).text


def test_a_follow_ups_runner_up_comes_from_the_conversations_subject(fake_rag, tmp_path, monkeypatch):
    """ "Who is against it?" after a question about Valmora's ferry: a sports report that plays "against"
    a team names the follow-up's word but is about something else, so it is not quoted."""
    from dataclasses import replace

    import rag.extractive

    from .conftest import article, write_jsonl

    ferry = article(
        "Valmora council approves ferry",
        "The Valmora council voted 7-2 to approve a ferry route to Birch Island. "
        "Councillor Mara Villen, who voted against, wants the harbour wall repaired first.",
        url="https://x.example.com/ferry",
    )
    game = article(
        "Port Calder plays on Sunday",
        "Port Calder returns to the field on Sunday at home against the Birch Island Gulls.",
        url="https://y.example.com/game",
    )
    fake_rag.ingest([write_jsonl(tmp_path / "news.jsonl", [ferry, game])])
    answerer = fake_rag.extractive
    monkeypatch.setattr(answerer, "weights", replace(answerer.weights, runner_up_margin=1.0))  # quote 3
    session = fake_rag.chat(llm=False)
    session.ask("What did the Valmora council approve?")
    against = session.ask("Who is against it?")
    assert "Valmora" in against.question and "Mara Villen" in against.text
    assert "Gulls" not in against.text
    # the passage rule is what leaves it out: with no share of the earlier words required, it is quoted
    monkeypatch.setattr(rag.extractive, "SAME_SUBJECT", 0.0)
    session = fake_rag.chat(llm=False)
    session.ask("What did the Valmora council approve?")
    assert "Gulls" in session.ask("Who is against it?").text


def test_a_follow_up_is_answered_by_the_sentences_naming_most_of_its_words(fake_rag, tmp_path, monkeypatch):
    """ "Who voted against it?": the vote sentence names "voted" only, Councillor Villen's names "voted
    against"; found in the browser, where the vote sentence led the answer."""
    from dataclasses import replace

    from .conftest import article, write_jsonl

    ferry = article(
        "Valmora council approves ferry",
        "The Valmora council voted 7-2 to approve a ferry route to Birch Island. "
        "Councillor Mara Villen, who voted against, wants the harbour wall repaired first.",
    )
    fake_rag.ingest([write_jsonl(tmp_path / "news.jsonl", [ferry])])
    answerer = fake_rag.extractive
    monkeypatch.setattr(answerer, "weights", replace(answerer.weights, runner_up_margin=1.0))  # quote 3
    session = fake_rag.chat(llm=False)
    session.ask("What did the Valmora council approve?")
    against = session.ask("Who voted against it?")
    assert against.text.startswith("Councillor Mara Villen") and "7-2" not in against.text
    # a follow-up whose words one sentence alone names keeps the earlier rule
    assert session.ask("And what does Villen want?").text.startswith("Councillor Mara Villen")


def test_a_follow_up_naming_a_short_form_is_answered_by_the_full_name(fake_rag, tmp_path):
    """ "And the Fed?" after a question about the ECB: the report says "The Federal Reserve", never "Fed";
    found in the browser, where the answer stayed on the ECB."""
    from .conftest import article, write_jsonl

    ecb = article(
        "ECB cuts rates again",
        "The European Central Bank cut its deposit rate on Thursday, its third cut since June. "
        "Policymakers in Frankfurt said inflation was close to target.",
        url="https://x.example.com/ecb",
    )
    fed = article(
        "Federal Reserve holds rates",
        "The Federal Reserve left its benchmark rate unchanged on Wednesday after two cuts since September. "
        "Officials in Washington said they would watch the labour market.",
        url="https://y.example.com/fed",
    )
    fake_rag.ingest([write_jsonl(tmp_path / "banks.jsonl", [ecb, fed])])
    session = fake_rag.chat(llm=False)
    session.ask("Since when has the ECB been cutting rates?")
    answer = session.ask("And the Fed?")
    assert "ECB" in answer.question
    assert answer.text.startswith("The Federal Reserve left its benchmark rate unchanged")


@pytest.mark.slow
def test_sample_chat_what_an_outlet_said_is_answered_from_that_outlet(sample_rag):
    """Found in the browser: "What did TASS say?" after the dam question was searched alone and refused.
    It asks who said what, not about what: it keeps the dam, and the answer quotes the outlet it names."""
    session = sample_rag.chat(llm=False)
    dam = session.ask("Who blew up the Kakhovka dam?")
    assert {c.outlet for c in dam.citations} >= {"Reuters"}
    tass = session.ask("What did TASS say?")
    assert "Kakhovka" in tass.question and not tass.refused
    assert {c.outlet for c in tass.citations} == {"TASS"}
    # its sentences name the outlet the question names: the answer quotes what TASS reported, not only
    # the one sentence that holds the word "TASS" (its dateline)
    assert "The Kremlin said on Tuesday" in tass.text


@pytest.mark.slow
def test_sample_chat_and_another_outlet_asks_the_same_of_it(sample_rag):
    """Found in the browser (session 39): "and Halvik Tidende?" after "What did the Norrland Courier report?" was
    refused ("None of the passages on what we were discussing names Halvik Tidende"): searched with the conversation,
    no passage names the outlet in its text. A follow-up of an outlet alone asks the conversation's question of it.
    And "What did Reuters say about the dam?" quoted Reuters' "Reuters could not independently verify who was behind
    the destruction" alone: all an outlet's report says is its word, the sentence naming it no more than the rest."""
    session = sample_rag.chat(llm=False)
    session.ask("What did TASS say about the dam?")
    reuters = session.ask("and Reuters?")
    assert reuters.question == "What did Reuters say about the dam?"
    assert {c.outlet for c in reuters.citations} == {"Reuters"} and "Kakhovka" in reuters.text
    assert not reuters.text.startswith("Reuters could not independently verify")


@pytest.mark.slow
def test_sample_chat_a_bare_new_name_is_looked_for_in_the_conversations_topic(sample_rag):
    """Found on the sample: "And the United States?" after "What did China say about it?" (the UN draft)
    quoted the Olympics medal table, the one sentence naming the United States. A follow-up that names a new
    subject is answered from the passages on the conversation's topic (without the subject it replaces:
    "And the Fed?" after the ECB is about rates, not the ECB), and refused when none of them names it. A
    name counts written as its acronym ("U.S." for the United States)."""
    session = sample_rag.chat(llm=False)
    session.ask("What did Russia propose at the UN?")
    session.ask("What did China say about it?")
    us = session.ask("And the United States?")  # the UN report writes it "U.S."
    assert not us.refused and "medal" not in us.text and "the U.S. case for invading Iraq" in us.text
    session = sample_rag.chat(llm=False)
    session.ask("What did Russia propose at the UN?")
    japan = session.ask("And Japan?")  # the Bank of Japan report names it, but is not about the UN draft
    assert japan.refused and "None of the passages on what we were discussing names Japan." in japan.text
    pakistan = session.ask("and Pakistan?")
    assert not pakistan.refused and "co-sponsored by China and Pakistan" in pakistan.text
    session = sample_rag.chat(llm=False)
    session.ask("What did the ECB decide?")
    fed = session.ask("And the Fed?")  # a Fed report, not the ECB report's "ahead of the US Federal Reserve"
    assert not fed.refused and "Fed" in fed.citations[0].title and "ECB" not in fed.citations[0].title
    boe = session.ask("And the Bank of England?")  # "What did the decide?" is no topic: its report is not off it
    assert boe.text.startswith("The Bank of England has lowered interest rates") and "Federal" not in boe.text
    boj = session.ask("What about the Bank of Japan?")  # replaces the ECB and the Bank of England both
    assert "The Bank of Japan on Tuesday raised its short-term policy rate" in boj.text
    session = sample_rag.chat(llm=False)
    session.ask("What did Russia propose at the UN?")
    us = session.ask("How did the US respond?")  # "US" is the report's "U.S."
    assert not us.refused and "the U.S. case for invading Iraq" in us.text


def test_a_follow_up_that_names_nothing_is_answered_from_the_conversations_subject(fake_rag, tmp_path):
    """Found in the browser: "Since when?" after "Who was elected pope?" quoted "the highest since German
    reunification in 1990" from an election report: the follow-up's only word, "since", picked the sentence."""
    from .conftest import article, write_jsonl

    pope = article(
        "Cardinal elected pope",
        "Cardinal Ana Moreno was elected pope on Thursday by the conclave in Rome. "
        "She had led the Vatican's office for bishops since 2019.",
        url="https://x.example.com/pope",
    )
    vote = article(
        "Election turnout",
        "Turnout in the federal election was the highest since reunification in 1990. "
        "The conservatives won the most seats.",
        url="https://y.example.com/vote",
    )
    fake_rag.ingest([write_jsonl(tmp_path / "news.jsonl", [pope, vote])])
    session = fake_rag.chat(llm=False)
    session.ask("Who was elected pope?")
    answer = session.ask("Since when?")
    assert "pope" in answer.question
    assert {c.url for c in answer.citations} == {"https://x.example.com/pope"}


def test_a_follow_up_about_him_stays_with_him_and_says_something_new(minilm, tmp_path):
    """Found in chromium on a messy folder: after "Who was sacked by Velmar FC?", "Who replaces him?" and
    "Why was he sacked?" were both answered "Philadelphia's defense sacked Mahomes six times ...": "him"
    counted as a word to look for (the Super Bowl sentence has it), and "sacked" was looked for in every
    passage, not in those about the coach. A follow-up that points back with a pronoun is answered from the
    passages about the conversation's subject, and one asking about what no sentence names ("replaces") is
    not answered with the sentence the last answer quoted."""

    from .conftest import article

    coach = article(
        "Velmar FC sack coach after 5-0 defeat",
        "Velmar FC dismissed head coach Ruben Salas on Sunday, a day after a 5-0 home defeat left the club "
        "bottom of the league. Assistant coach Petra Holm will take charge for the next match.",
        url="https://sport.example.com/coach",
    )
    bowl = article(
        "Eagles rout Chiefs in the final",
        "The Eagles beat the Chiefs 40-22 in the final on Sunday night. "
        "Philadelphia's defense sacked Mahomes six times and intercepted him twice.",
        url="https://wire.example.com/bowl",
    )
    rag = indexed(tmp_path, [coach, bowl], minilm)
    session = rag.chat(llm=False)
    first = session.ask("Who was sacked by Velmar FC?")
    assert first.text.startswith("Velmar FC dismissed head coach Ruben Salas")
    who = session.ask("Who replaces him?")
    assert who.text.startswith("Assistant coach Petra Holm will take charge")
    why = session.ask("Why was he sacked?")
    assert {c.url for c in why.citations} == {"https://sport.example.com/coach"}
    assert "a 5-0 home defeat" in why.text


def test_what_for_asks_the_reason_of_the_previous_answer(fake_rag, tmp_path):
    """Found in the browser: "What for?" after the Nobel question was searched alone and refused."""
    from .conftest import article, write_jsonl

    nobel = article(
        "Physics Nobel for network pioneers",
        "Two scientists, Ana Lind and Ben Okafor, have won the Nobel Prize in physics. "
        "The academy announced the award in Stockholm on Tuesday, citing discoveries that made learning "
        "machines possible. The two will share the prize money.",
        url="https://x.example.com/nobel",
    )
    fake_rag.ingest([write_jsonl(tmp_path / "news.jsonl", [nobel])])
    session = fake_rag.chat(llm=False)
    session.ask("Who won the Nobel Prize in physics?")
    answer = session.ask("What for?")
    assert "Nobel" in answer.question and not answer.refused
    assert "citing discoveries" in answer.text


@pytest.mark.slow
def test_a_question_like_nothing_alone_is_asked_about_the_conversation(minilm, tmp_path):
    """Found using the product on a messy folder: "How much will repairs cost?" after "Why was the Birch
    Island ferry suspended?" was refused ("I found nothing ..."), the ferry report saying what repairs
    cost: alone, a question that names no ferry is like no passage. Searched with the conversation it is
    answered; a question that finds its answer alone is still searched alone. Asked outside a chat, the one
    sentence holding both its words answers it (found on a one-article index: "When will power be
    restored?" was refused, "... crews hoped to restore power to most homes by Thursday evening")."""

    from .conftest import article

    ferry = article(
        "Birch Island ferry suspended after storm",
        "The Birch Island ferry was suspended on Tuesday after a storm damaged the landing ramp, the harbour "
        "authority said. Repairs are expected to take two weeks and cost about 80,000 crowns, according to "
        "harbour master Tove Lind. Islanders will be carried by a water taxi until the ramp is fixed.",
        url="https://x.example.com/ferry",
    )
    bowl = article(
        "Gulls win the Valmora cup",
        "The Harbour City Gulls beat the Port Calder Otters 3-1 on Sunday to win the Valmora cup.",
        url="https://y.example.com/cup",
    )
    rag = indexed(tmp_path, [ferry, bowl], minilm)
    alone = rag.ask("How much will repairs cost?", llm=False)  # like no passage, but one sentence says it
    assert not alone.refused and "80,000 crowns" in alone.text
    assert rag.ask("How much will the new stadium cost?", llm=False).refused  # no sentence holds "stadium"
    # a name the model does not know, but a sentence names it in full: answered, not refused
    lind = rag.ask("Who is Tove Lind?", llm=False)
    assert not lind.refused and "harbour master Tove Lind" in lind.text
    assert rag.ask("Who is Tove Andersen?", llm=False).refused
    session = rag.chat(llm=False)
    session.ask("Why was the Birch Island ferry suspended?")
    cost = session.ask("How much will repairs cost?")
    assert not cost.refused and "80,000 crowns" in cost.text
    assert cost.asked == "How much will repairs cost?" and "ferry" in cost.question
    # a follow-up to it is searched with it and with what it leaned on
    took = session.ask("How long will they take?")
    assert (
        took.question
        == "How long will they take? (How much will repairs cost? Why was the Birch Island ferry suspended?)"
    )
    assert "two weeks" in took.text
    bread = session.ask("How do I knead sourdough bread?")  # about nothing the conversation holds either
    assert bread.refused and bread.question == "How do I knead sourdough bread?"
    cup = session.ask("Who won the Valmora cup?")
    assert cup.question == "Who won the Valmora cup?" and "Gulls" in cup.text


@pytest.mark.slow
def test_a_follow_up_about_someone_no_passage_names_is_refused(sample_rag):
    """Found in chromium: "What did Trump say?" after a question on the US strikes on Iran quoted Putin:
    no passage found names Trump, and the answer says so instead of quoting someone else."""
    session = sample_rag.chat(llm=False)
    session.ask("What did Russia say about the US strikes on Iran?")
    trump = session.ask("What did Trump say?")
    assert trump.refused and "names Trump" in trump.text
    assert not sample_rag.ask("What did the Fed decide?", llm=False).refused  # "Federal Reserve" names the Fed


def test_a_follow_up_that_names_nothing_stays_with_the_conversation(minilm, tmp_path):
    """Found in chromium on a folder of news: after "What happened in Brenek?" (an earthquake), "How many
    people died?" was searched alone and also quoted another country's earthquake; "Who won?" after "Who won
    the Super Bowl?" quoted an election and an Olympics table (the sentences saying "won"); "What did they
    win?" after the ferry strike skipped "having won a 6% pay rise" ("won" was not "win")."""

    from .conftest import article

    news = [
        article(
            "Earthquake strikes near Brenek",
            "A strong earthquake struck near the town of Brenek on Saturday. "
            "The regional agency said on Monday that 23 people had died in Brenek and nearby villages. "
            "Prime Minister Oskar Venn visited Brenek and promised reconstruction aid.",
            url="https://a.example.com/brenek",
        ),
        article(
            "Quake in Tarsia kills hundreds",
            "At least 400 people died when an earthquake hit southern Tarsia, officials said.",
            url="https://b.example.com/tarsia",
        ),
        article(
            "Eagles rout Chiefs in the Super Bowl",
            "The Philadelphia Eagles overwhelmed the Kansas City Chiefs 40-22 in the Super Bowl on Sunday night.",
            url="https://c.example.com/final",
        ),
        article(
            "Conservatives win the election",
            "The conservative bloc won the snap election with 28% of the vote.",
            url="https://d.example.com/vote",
        ),
        article(
            "Ferry strike ends after five days",
            "The ferry workers' union ended its strike on Wednesday after five days, having won a 6% pay rise. "
            "Services to the islands resume on Thursday.",
            url="https://e.example.com/ferry",
        ),
    ]
    rag = indexed(tmp_path, news, minilm)
    session = rag.chat(llm=False)
    session.ask("What happened in Brenek?")
    died = session.ask("How many people died?")
    assert "Brenek" in died.question and "23 people" in died.text and "400" not in died.text
    pm = session.ask("Who is the prime minister?")
    assert pm.text.startswith("Prime Minister Oskar Venn")
    session = rag.chat(llm=False)
    assert session.ask("Who won the Super Bowl?").text.startswith("The Philadelphia Eagles")
    won = session.ask("Who won?")
    assert won.text.startswith("The Philadelphia Eagles") and "election" not in won.text
    session = rag.chat(llm=False)
    session.ask("Did the ferry strike end?")
    assert "6% pay rise" in session.ask("What did they win?").text


def test_outlets_named_earlier_in_a_chat_neither_compare_nor_narrow_a_later_question(minilm, tmp_path):
    """Found in chromium: after "What did the Herald say about the earthquake?" and "And Northwire?", "What
    did the prime minister promise?" was answered as a comparison of the two outlets (the conversation named
    both), and "How much?" after it only from the Herald's coverage (the first question had the Herald
    speak): the outlets a question names are read off the user's own words."""

    from .conftest import article

    news = [
        article(
            "Valdoria earthquake: 23 dead, says regional agency",
            "The regional civil protection agency said on Monday that 23 people had died in Saturday's "
            "earthquake, while the national government's figure stood at 19.",
            url="https://herald.example/quake",
            outlet="Valdoria Herald",
        ),
        article(
            "Valdoria quake toll rises to 19",
            "The death toll from Saturday's earthquake in northern Valdoria rose to 19 on Sunday, officials "
            "said. Prime Minister Oskar Venn visited Brenek and promised 50 million korun in reconstruction aid.",
            url="https://wire.example/toll",
            outlet="Northwire",
        ),
    ]
    rag = indexed(tmp_path, news, minilm)
    session = rag.chat(llm=False)
    session.ask("What did the Herald say about the earthquake?")
    session.ask("And Northwire?")
    promise = session.ask("What did the prime minister promise?")
    assert promise.text.startswith("Prime Minister Oskar Venn") and "Valdoria Herald:" not in promise.text
    much = session.ask("How much?")
    assert "50 million korun" in much.text


TRAM = {
    "title": "Council approves Calder Bay tram line",
    "text": "The Calder Bay city council voted 7 to 2 to build a tram line to the university. The tram line will "
    "cost 430 million dollars and is due to open in 2030.",
    "url": "https://b.example.com/tram",
    "published_at": "2026-11-20",
}


def _chat(minilm, tmp_path, news: list[dict]):

    rag = indexed(tmp_path, news, minilm)
    return rag.chat(llm=False)


def test_a_question_about_none_of_the_conversation_is_searched_alone(minilm, tmp_path):
    """Found in chromium: after two questions on a port strike, "How much will the tram cost?" (no name, two
    words of its own) was searched with the strike questions and answered with the strike. None of its words
    is in the conversation (questions, answers, the passages they cited), so it is searched alone; the
    follow-up "When will it open?" is then searched with it, not with the strike."""

    from .conftest import article

    news = [
        article(
            "Deal ends Calder Bay port strike",
            "The Calder Bay port strike is over. The union and the port authority agreed on Thursday to a 6% pay "
            "rise over two years.",
            url="https://a.example.com/deal",
            published_at="2026-12-04",
        ),
        article(
            "Dock workers walk out at Calder Bay port",
            "About 2,000 dock workers at the port of Calder Bay walked off the job on Monday. The port authority "
            "said the union's demand was unaffordable.",
            url="https://a.example.com/walkout",
            published_at="2026-12-01",
        ),
        TRAM,
    ]
    session = _chat(minilm, tmp_path, news)
    session.ask("What's the latest on the port strike?")
    session.ask("And the port authority?")
    cost = session.ask("How much will the tram cost?")
    assert cost.question == "How much will the tram cost?"
    assert "430 million dollars" in cost.text and {c.url for c in cost.citations} == {"https://b.example.com/tram"}
    opens = session.ask("When will it open?")
    assert "tram" in opens.question and "strike" not in opens.question
    assert "2030" in opens.text
    # "latest" is a time word, not one a passage must hold: back to the strike, searched alone
    latest = session.ask("What is the latest on the strike?")
    assert latest.question == "What is the latest on the strike?"
    assert latest.text.startswith("The Calder Bay port strike is over.")


def test_what_a_refusal_found_does_not_make_the_conversation_about_it(minilm, tmp_path):
    """Found in chromium on a nine-article index: a refused question's passages (the index's other stories)
    counted as what the conversation was about, so "When will the tram open?" was searched with the refused
    question and the one before it, and answered with a cup final."""

    from .conftest import article

    news = [
        article(
            "Mariners win regional cup",
            "The Calder Bay Mariners beat Westport Rovers 3-1 on Saturday to win the regional cup. Striker Tomas "
            "Lind scored twice.",
            url="https://a.example.com/cup",
            published_at="2026-11-29",
        ),
        TRAM,
    ]
    session = _chat(minilm, tmp_path, news)
    refused = session.ask("How long should I knead sourdough bread dough?")
    assert refused.refused and {p.url for p in refused.passages} == {
        "https://a.example.com/cup",
        "https://b.example.com/tram",
    }
    opens = session.ask("When will the tram open?")
    assert opens.question == "When will the tram open?"
    assert "2030" in opens.text and {c.url for c in opens.citations} == {"https://b.example.com/tram"}


CUP = {
    "title": "Mariners win regional cup",
    "text": "The Calder Bay Mariners beat Westport Rovers 3-1 on Saturday to win the regional cup for the first time "
    "since 2011. Striker Tomas Lind scored twice. Coach Ada Moreno said the team had grown up this season. About "
    "9,000 fans watched at Harbour Park.",
    "url": "https://a.example.com/cup",
    "published_at": "2026-11-29",
}
STRIKE_TALKS = {
    "title": "Port talks collapse as strike spreads",
    "text": "Talks between the Calder Bay port authority and striking dock workers broke down on Wednesday. Port "
    "director Henrik Sauer said the authority would not go above a 5% offer. The union called the offer an insult.",
    "url": "https://c.example.com/talks",
    "published_at": "2026-12-03",
}


def test_a_follow_up_about_what_the_last_answer_quoted_is_answered_from_it(minilm, tmp_path):
    """Found in chromium: "Who scored?" after "Which team won the cup?" was refused: searched with the
    question before it, the cup report was 0.29 like it, under `refuse_threshold`. The passage the last answer
    quoted holds "scored", so it answers."""
    session = _chat(minilm, tmp_path, [CUP, STRIKE_TALKS, TRAM])
    assert "Mariners beat Westport Rovers" in session.ask("Which team won the cup?").text
    scored = session.ask("Who scored?")
    assert not scored.refused and scored.text.startswith("Striker Tomas Lind scored twice. [1]")
    assert "9,000 fans" in session.ask("How many fans were there?").text

    assert session.ask("What was the final score?").text.startswith("The Calder Bay Mariners beat Westport Rovers 3-1")


def test_sample_chat_who_was_named_mvp_after_the_super_bowl(sample_rag):
    """Found in chromium: "Who was named MVP?" after "Which team won the Super Bowl recently?" was refused, searched
    alone ("MVP" was taken for a name)."""
    session = sample_rag.chat(llm=False)
    session.ask("Which team won the Super Bowl recently?")
    mvp = session.ask("Who was named MVP?")
    assert "Jalen Hurts was named the game's most valuable player" in mvp.text


def test_sample_chat_what_about_another_bank_after_the_latest_is_its_latest(sample_rag):
    """Found using the sample: "What about the ECB?" after "What's the latest on interest rates?" led with the Fed's
    September cut: the follow-up is searched with "latest", the ECB's June report was more than 30 days older than the
    newest (`Weights.stale`), and the Fed's sentence, like the ECB's, was taken for its update. A follow-up naming a
    subject is answered from the newest report naming it, and an update of it names it too."""
    session = sample_rag.chat(llm=False)
    session.ask("What's the latest on interest rates?")
    ecb = session.ask("What about the ECB?")
    assert ecb.text.startswith("The European Central Bank lowered borrowing costs")
    assert "Federal Reserve lowered" not in ecb.text


def test_sample_chat_what_was_the_score_quotes_the_scoreline(sample_rag):
    """Found in chromium on the sample: "What was the score?" after "Who won the Super Bowl?" looked for
    sentences saying "score" and quoted "Kansas City scored three touchdowns late"; the 40-22 is in the
    sentence the last answer quoted."""
    session = sample_rag.chat(llm=False)
    session.ask("Who won the Super Bowl?")
    score = session.ask("What was the score?")
    assert score.text.startswith("NEW ORLEANS (AP) — The Philadelphia Eagles overwhelmed the Kansas City Chiefs 40-22")


def test_sample_chat_where_was_the_game_played_is_answered_from_the_super_bowl_report(sample_rag):
    """Found on the sample: "Where was the game played?" after "Who won the Super Bowl?" quoted the Olympics
    report ("at the Stade de France"): it says "winning", a third of what the conversation says, but never
    names the Super Bowl. A conversation that names its subject is about the passages naming it."""
    session = sample_rag.chat(llm=False)
    session.ask("Who won the Super Bowl?")
    where = session.ask("Where was the game played?")
    assert where.text.startswith("Rookie Cooper DeJean") and "at the Caesars Superdome. [1]" in where.text
    assert {c.title for c in where.citations} == {
        "Eagles rout Chiefs 40-22 in Super Bowl, ending Kansas City's bid for a three-peat"
    }


def test_sample_chat_a_new_subject_nothing_indexed_names_is_not_answered_from_the_conversation(sample_rag):
    """Found on the sample: "How much will the ferry cost?" after the UN question (no ferry is indexed) was
    searched with the UN question and answered with the Russia-Iran treaty's "20-year"; "Who will pay for the
    bridge?" next was searched with both and quoted the UN draft. Each asks about something the conversation
    never touched: searched alone, each is refused."""
    session = sample_rag.chat(llm=False)
    session.ask("What did Russia propose at the UN?")
    ferry = session.ask("How much will the ferry cost?")
    assert ferry.refused and ferry.question == "How much will the ferry cost?" and not ferry.citations
    bridge = session.ask("Who will pay for the bridge?")
    assert bridge.refused and not bridge.citations
    # what the conversation is about is what it last found something on
    china = session.ask("And what did China say?")
    assert china.question == "And what did China say? (What did Russia propose at the UN?)"
    # a question about the conversation in words it never used is still searched with it
    session.reset()
    session.ask("Who won the Super Bowl?")
    assert session.ask("Where was the game played?").citations


def test_a_bare_new_subject_no_passage_on_the_conversation_names_is_refused(minilm, tmp_path):
    """Found in chromium: "And the mayor?" after "What did the port director say?" was answered with strike
    sentences naming no mayor (the mayor is in the tram report)."""
    session = _chat(minilm, tmp_path, [CUP, STRIKE_TALKS, TRAM])
    assert "Henrik Sauer" in session.ask("What did the port director say?").text
    mayor = session.ask("And the mayor?")
    assert mayor.refused and mayor.text.startswith("None of the passages on what we were discussing names the mayor.")
    assert not session.ask("And why?").text.startswith("None of the passages")


def test_the_conversations_topic_is_what_its_questions_name_beyond_time_and_asking_words():
    """`_on_topic`: what is left of the conversation once the follow-up's own words, time words ("latest",
    "this week") and asking words ("happened") are out; a lone word that is not a name is no topic."""
    from rag.extractive import _on_topic
    from rag.models import Passage

    def passage(title: str, text: str) -> Passage:
        return Passage("c:0", title, text, title, None, None, None, 0, 0.5)

    talks = passage("Port talks collapse", "The union said 2,400 workers were now out after the talks.")
    deal = passage("Deal ends port strike", "The Calder Bay port strike is over.")
    cup = passage("Mariners win cup", "The Mariners beat Westport Rovers 3-1 in Brenek.")
    own = {"worker", "strik"}
    context = "What's the latest on the strike? What happened this week?"  # leaves nothing
    assert _on_topic(context, own, [talks, deal, cup]) == [True, True, True]
    assert _on_topic("What did the   decide?", set(), [talks, deal]) == [True, True]  # the ECB replaced
    assert _on_topic("What happened in Brenek?", own, [talks, deal, cup]) == [False, False, True]  # a name
    assert _on_topic("What did the port union say about the talks?", own, [talks, deal, cup]) == [True, False, False]


def test_a_count_follow_up_after_a_latest_question_quotes_the_count(minilm, tmp_path):
    """Found on hand-written news: "How many workers were on strike?" after "What's the latest on the
    strike?" quoted "The Calder Bay port strike is over." and "Workers will return on Friday morning.": once
    "strike" (its own word) and "latest" (a time word) were taken out, the conversation's topic was "happened",
    which no passage says, so only the passage the last answer quoted was left; and "2,400 workers were now
    out" does not say "strike"."""
    news = [
        {
            "title": "Dock workers walk out at Calder Bay port",
            "text": "About 2,000 dock workers at the port of Calder Bay walked off the job on Monday, halting the "
            "loading of container ships. The port authority called the strike premature.",
            "url": "https://c.example.com/walkout",
            "published_at": "2026-12-01",
        },
        {
            "title": "Port talks collapse as strike spreads to rail yard",
            "text": "Talks between the Calder Bay port authority and striking dock workers broke down on Wednesday "
            "after six hours. The union said 2,400 workers were now out, after crews at the rail yard joined the "
            "walkout.",
            "url": "https://c.example.com/talks",
            "published_at": "2026-12-03",
        },
        {
            "title": "Deal ends Calder Bay port strike",
            "text": "The Calder Bay port strike is over. The union and the port authority agreed on Thursday to a 6% "
            "pay rise. Workers will return on Friday morning.",
            "url": "https://c.example.com/deal",
            "published_at": "2026-12-04",
        },
    ]
    session = _chat(minilm, tmp_path, [*news, CUP, TRAM])
    session.ask("What happened this week?", as_of="2026-12-05")
    latest = session.ask("What's the latest on the strike?", as_of="2026-12-05")
    assert latest.text.startswith("The Calder Bay port strike is over.")
    count = session.ask("How many workers were on strike?", as_of="2026-12-05")
    assert count.text.startswith("The union said 2,400 workers were now out")


def test_a_newer_sentence_naming_nobody_does_not_lead_a_who_answer(minilm, tmp_path):
    """Found in chromium on hand-written news: "Who leads the union?" led with the newest report's "The union
    and the port authority agreed ..." (news first: a newer sentence on the same subject goes first), which
    names nobody, before the sentences naming the union and its leader."""
    news = [
        {
            "title": "Dock workers walk out at Calder Bay port",
            "text": "About 2,000 dock workers at the port of Calder Bay walked off the job on Monday. The Calder Bay "
            "Dockers Union is asking for an 8% pay rise. Union leader Rosa Delgado said members had been without a "
            "raise for three years.",
            "url": "https://c.example.com/walkout",
            "published_at": "2026-12-01",
        },
        {
            "title": "Deal ends Calder Bay port strike",
            "text": "The Calder Bay port strike is over. The union and the port authority agreed early on Thursday "
            "to a 6% pay rise spread over two years. Workers will return on Friday morning.",
            "url": "https://c.example.com/deal",
            "published_at": "2026-12-04",
        },
    ]
    session = _chat(minilm, tmp_path, news)
    session.ask("What happened at the port this week?", as_of="2026-12-05")
    leads = session.ask("Who leads the union?", as_of="2026-12-05")
    assert not leads.text.startswith("The union and the port authority agreed") and "Rosa Delgado" in leads.text


def test_sample_chat_what_someone_new_to_the_conversation_said_is_searched_alone(sample_rag):
    """Found in chromium on the sample: "What did the pope say?" after the earthquake question was searched
    with it (it asks who said what about nothing, as "What did TASS say?" does) and quoted Turkish officials.
    No passage on the earthquake names a pope, so it is searched alone; "What did TASS say?" after the UN
    question is still searched with it."""
    session = sample_rag.chat(llm=False)
    session.ask("How many people died in the earthquake in Turkey?")
    pope = session.ask("What did the pope say?")
    assert pope.question == "What did the pope say?" and "Leo XIV" in pope.text
    session = sample_rag.chat(llm=False)
    session.ask("What did Russia propose at the UN?")
    assert session.ask("What did TASS say?").question.startswith("What did TASS say? (")


WALKOUT = {
    "title": "Dock workers walk out at Calder Bay port",
    "text": "About 2,000 dock workers at the port of Calder Bay walked off the job on Monday. The Calder Bay Dockers "
    "Union is asking for an 8% pay rise and limits on night shifts. Union leader Rosa Delgado said members had been "
    "without a raise for three years.",
    "url": "https://c.example.com/walkout",
    "published_at": "2026-12-01",
}


def test_who_leads_the_union_is_answered_by_the_leaders_name_and_stands_alone(minilm, tmp_path):
    """Found on hand-written news: "Who leads the dockers' union?" led with "The Calder Bay Dockers Union is
    asking ..." (it holds both of the question's words), and "Who leads the union?" after a question on the cup
    final was searched with it and quoted the cup report: alone, MiniLM finds it 0.33 like "Union leader Rosa
    Delgado said ...", under the refusal threshold. The name next to the word for the role answers it."""
    session = _chat(minilm, tmp_path, [WALKOUT, CUP, TRAM])
    assert session.ask("Who leads the dockers' union?").text.startswith("Union leader Rosa Delgado said")
    assert session.ask("Who coaches the Mariners?").text.startswith("Coach Ada Moreno said")
    leads = session.ask("Who leads the union?")
    assert leads.question == "Who leads the union?"
    assert leads.text.startswith("Union leader Rosa Delgado said")


def test_what_is_going_on_with_a_new_subject_is_searched_alone(minilm, tmp_path):
    """Found on hand-written news: "What is going on with the tram?" after "What's new with the port
    strike?" was searched with the strike question and quoted it: of its words only "tram" names anything,
    and "going" was counted as one a passage had to hold."""
    session = _chat(minilm, tmp_path, [WALKOUT, CUP, TRAM])
    session.ask("What's new with the port strike?")
    tram = session.ask("What is going on with the tram?")
    assert tram.question == "What is going on with the tram?"
    assert {c.url for c in tram.citations} == {"https://b.example.com/tram"}


def test_sample_chat_a_question_naming_nothing_is_answered_from_what_the_conversation_cited(sample_rag):
    """Found on the sample: "Which countries sent help?" after the earthquake question stood alone (three
    words of its own) and quoted the climate summit's "to help developing countries". A question naming
    nothing is searched with the conversation when a passage the last answer cited says most of it ("45
    countries had offered to send search and rescue teams"), and answered from the conversation's passages."""
    session = sample_rag.chat(llm=False)
    session.ask("How many people died in the earthquake in Turkey?")
    help_ = session.ask("Which countries sent help?")
    assert help_.question.startswith("Which countries sent help? (")
    assert "45 countries had offered to send search and rescue teams" in help_.text
    assert all("arthquake" in c.title for c in help_.citations)
    # a question naming nothing that the conversation's passages do not say stands alone
    session.ask("How many people died in the earthquake in Turkey?")
    company = session.ask("Which company was valued at 4 trillion dollars?")
    assert company.question == "Which company was valued at 4 trillion dollars?" and "Nvidia" in company.text
    session.ask("How many people died in the earthquake in Turkey?")
    chip = session.ask("Which chipmaker became the most valuable company?")
    assert chip.question == "Which chipmaker became the most valuable company?" and "Nvidia" in chip.text


def test_a_follow_up_asks_for_its_own_kind_of_answer(sample_rag):
    """Found in chromium on the sample: "What was the turnout?" after "Who won the German election?" quoted the
    parties' results and never "Turnout was 82.5%": the search's context asked "who", so sentences naming
    someone were preferred. A whole follow-up asks for its own kind of answer; an ellipsis ("And China?")
    still asks what the question before it asked."""
    from rag.answer_type import asks_on_its_own

    assert asks_on_its_own("What was the turnout?") and not asks_on_its_own("What about the ECB?")
    session = sample_rag.chat(llm=False)
    session.ask("Who won the German election?")
    turnout = session.ask("What was the turnout?")
    assert turnout.text.startswith("Turnout was 82.5%")


def test_a_count_follow_up_keeps_the_sentence_that_says_it_in_other_words(sample_rag):
    """Found in chromium on the sample: "How many people died?" after "What happened in Turkey?" quoted 8,574
    and 1,541 but not "has risen to 11,236": that sentence says "dead", not "died", so it was taken for one
    naming less of what the follow-up asks about. Words news uses for one another count as one."""
    session = sample_rag.chat(llm=False)
    session.ask("What happened in Turkey?")
    died = session.ask("How many people died?")
    assert "has risen to 11,236" in died.text


def test_who_was_hurt_is_answered_by_the_sentence_on_injuries(minilm, tmp_path):
    """Found in chromium on a saved page: "Who was hurt?" after "Tell me about the ferry fine" quoted the
    operator's response and the captain's hours, not "Two fishermen were treated for minor injuries.": "hurt"
    and "injuries" were two words. They are one now, as "died" and "dead" are."""
    from .conftest import article

    fine = article(
        "Ferry operator fined after Tessel crossing collision",
        "The maritime authority has fined Bluewater Ferries 80,000 euros after one of its boats hit a fishing "
        "vessel on the Tessel crossing in September. An investigation found the ferry's captain had been on duty "
        "for 14 hours without a break. Two fishermen were treated for minor injuries. Bluewater Ferries said it "
        "accepted the findings and had hired six more crew.",
        outlet="Harbour Tribune",
        date="2026-12-04",
    )
    session = indexed(tmp_path, [fine], minilm).chat(llm=False)
    session.ask("Tell me about the ferry fine")
    assert session.ask("Who was hurt?").text.startswith("Two fishermen were treated for minor injuries.")


WEEK = [
    article(
        "Wildfire forces 2,000 from homes in Aurel Hills",
        "About 2,000 residents of the Aurel Hills were told to leave their homes on Saturday as a wildfire "
        "spread across 400 hectares of pine forest. The fire started near the Brenna reservoir on Friday "
        "evening, the regional fire service said. Fire chief Nadia Orlov said strong easterly winds were "
        "driving the flames towards the village of Tessel. Two schools in Port Aurel were opened as shelters.",
        outlet="Aurel Herald",
        published_at="2026-11-28T15:00:00Z",
    ),
    article(
        "Aurel Hills fire doubles in size, firefighter injured",
        "The Aurel Hills wildfire has grown to 1,200 hectares and 5,500 people are now under evacuation "
        "orders, the regional fire service said on Sunday. A firefighter was taken to hospital with burns to "
        "his arms; his injuries are not life-threatening. Fire chief Nadia Orlov said the blaze was likely "
        "started by a discarded barbecue. Aircraft from two neighbouring regions joined the effort.",
        outlet="Coast Post",
        published_at="2026-11-29T18:30:00Z",
    ),
    article(
        "Aurel Hills fire 60% contained as Brenna residents return",
        "Firefighters have contained 60% of the Aurel Hills wildfire, and evacuation orders for the Brenna "
        "district were lifted on Tuesday, the fire service said. About 3,000 people remain away from their "
        "homes in and around Tessel. Rain forecast for Thursday should help crews, Nadia Orlov said. Eleven "
        "houses and a sawmill were destroyed.",
        outlet="Aurel Herald",
        published_at="2026-12-01T12:00:00Z",
    ),
    article(
        "Aurel Shipyards profit falls 18%, 300 jobs to go",
        "Aurel Shipyards said on Wednesday that its quarterly profit fell 18% to 42 million euros as orders "
        "for ferries slowed. Chief executive Laura Kett said the company would cut 300 jobs at its Port Aurel "
        "yard next year but that its order book for 2028 was strong. Shares fell 6%.",
        outlet="Aurel Business",
        published_at="2026-12-02T09:00:00Z",
    ),
    article(
        "Union says 450 shipyard jobs at risk",
        "The metalworkers' union said on Wednesday that up to 450 jobs at Aurel Shipyards were at risk, not "
        "the 300 the company announced, because contractors would also be cut. Union representative Piet "
        "Sandor called the cuts a betrayal of the town and said workers would protest outside the yard on "
        "Saturday.",
        outlet="Coast Post",
        published_at="2026-12-02T17:00:00Z",
    ),
    article(
        "Central bank holds rates at 3.25%",
        "The central bank kept its main interest rate at 3.25% on Thursday, saying inflation of 2.9% was "
        "still too high to cut. Governor Elias Brandt said a cut in the spring was possible if prices cooled. "
        "Most economists had expected the decision.",
        outlet="Aurel Wire",
        published_at="2026-12-03T11:00:00Z",
    ),
]


def test_a_follow_up_is_about_what_the_last_answer_said_not_every_word_of_its_report(minilm, tmp_path):
    """Found with a week of local news: "How many people are still away from home?" after "Is the fire still
    burning?" (answered with Sunday's "Fire chief Nadia Orlov said the blaze was likely started by a discarded
    barbecue.") quoted Tuesday's "Firefighters have contained 60% ..." and Sunday's 5,500, not Tuesday's "About
    3,000 people remain away from their homes": the conversation's subject was every word of the question that
    Sunday's report holds, "burning" among them ("burns to his arms"), and Tuesday's report never says it. It is
    now the words the quoted sentence holds. ("Is the fire still burning?" now leads with Tuesday's report, next
    test; this question still leads with Sunday's.)"""
    session = indexed(tmp_path, WEEK, minilm).chat(llm=False)
    first = session.ask("What started the fire that is burning?")
    assert first.text.startswith("Fire chief Nadia Orlov said the blaze")  # what the follow-up leans on
    away = session.ask("How many people are still away from home?")
    assert away.question.endswith("(What started the fire that is burning?)")  # searched with the conversation
    assert away.text.startswith("About 3,000 people remain away from their homes")


def test_who_is_leading_it_in_a_chat_is_answered_by_the_chief(minilm, tmp_path):
    """Found in chromium with the same week: "Who is leading the firefighting?" after "Is the fire still burning?"
    and "How many people are still away from home?" quoted "Firefighters have contained 60% ..." (it says
    "firefighting"), not "Fire chief Nadia Orlov said ...": a follow-up's sentences must name what it asks
    about, and "chief" was not "leading". Words news uses for one another count as one: chief, head, leader,
    leading."""
    session = indexed(tmp_path, WEEK, minilm).chat(llm=False)
    session.ask("Is the fire still burning?")
    session.ask("How many people are still away from home?")
    assert session.ask("Who is leading the firefighting?").text.startswith("Fire chief Nadia Orlov said")


def test_is_it_still_going_on_leads_with_the_newest_report(minilm, tmp_path):
    """Found with the same week: "Is the fire still burning?" quoted Sunday's report twice (the fire's cause,
    a firefighter's burns) and Saturday's start, never Tuesday's "Firefighters have contained 60% ...": its
    sentence ranked fourth, and "wildfire" is not "fire". A question on how a story stands now ("still", "now",
    "latest", not "recently") quotes each report's best sentence before a second one of the same report, and
    a report whose title names the subject is on it; the newest leads."""
    answer = indexed(tmp_path, WEEK, minilm).ask("Is the fire still burning?", llm=False, as_of="2026-12-05")
    assert answer.text.startswith("Firefighters have contained 60% of the Aurel Hills wildfire")
    assert len({c.article_id for c in answer.citations}) == len(answer.citations) == 3


def test_a_follow_up_about_a_side_of_the_story_or_another_reports_subject(minilm, tmp_path):
    """Found with `newsrag chat` on a messy folder: after "What happened to the Old Harbour bridge?", "How will
    buses get around?" was refused ("get" and "around" were taken for what it asks about, so it stood alone),
    and "And the ferry fares?" was refused as named by no passage on the bridge, though a report's title names
    it ("ferries" and "ferry" were two words, and a report's title naming the subject now counts)."""

    from .conftest import article

    news = [
        article(
            "Harbour bridge closes for repairs",
            "The Old Harbour bridge in Calder Bay will close for six weeks from Monday while engineers replace "
            "corroded cables, the city's transport office said. Buses will be diverted over the Mill Road "
            "crossing, adding about 15 minutes to journeys, according to the office.",
            outlet="Bay Ledger",
            date="2026-11-30",
        ),
        article(
            "Ferry fares rise 10% in January",
            "Island Ferries will raise fares by 10% from 1 January, the company said on Tuesday, blaming fuel "
            "costs. A return ticket will cost 24 euros.",
            outlet="Coast Post",
            date="2026-12-01",
        ),
    ]
    rag = indexed(tmp_path, news, minilm)
    session = rag.chat(llm=False)
    session.ask("What happened to the Old Harbour bridge?")
    buses = session.ask("How will buses get around?")
    assert buses.text.startswith("Buses will be diverted over the Mill Road crossing")
    fares = session.ask("And the ferry fares?")
    assert not fares.refused and "Island Ferries will raise fares by 10%" in fares.text


def test_a_follow_up_about_the_subject_is_answered_from_another_outlets_report(minilm, tmp_path):
    """Found in chromium on hand-written news: "How many stops will it have?" after "What did the mayor say
    about the tram?" quoted "The line will cost 430 million dollars": only the report naming the mayor was
    taken for the conversation's, and the route's "14 stops" is in another outlet's tram report."""

    from .conftest import article

    news = [
        article(
            "Council approves Calder Bay tram line",
            "The Calder Bay city council voted 7 to 2 on Thursday to build a tram line from the harbour to the "
            "university. The line will cost 340 million dollars and is due to open in 2030. Mayor Alma Fischer "
            "called the vote a turning point for the city.",
            outlet="Harbor Times",
            date="2026-11-20",
        ),
        article(
            "Tram vote splits Calder Bay council",
            "Calder Bay will get a tram line after a 7 to 2 council vote. The route has 14 stops between the "
            "harbour and the university. Opponents plan a petition for a referendum.",
            outlet="Coastline News",
            date="2026-11-21",
        ),
    ]
    rag = indexed(tmp_path, news, minilm)
    session = rag.chat(llm=False)
    session.ask("What did the mayor say about the tram?")
    stops = session.ask("How many stops will it have?")
    assert stops.text.startswith("The route has 14 stops")


def test_a_which_follow_up_no_passage_answers_is_refused(sample_rag):
    """Found in chromium on the sample: "Which countries voted against it?" after the UN question quoted "The
    two countries signed a 20-year strategic partnership treaty ...", a sentence that says "countries" and
    nothing of a vote. When no sentence on the conversation's subject holds what a which-question asks
    about besides the kind of answer it wants, the answer says so."""
    session = sample_rag.chat(llm=False)
    session.ask("What did Russia propose at the UN?")
    voted = session.ask("Which countries voted against it?")
    assert voted.refused and "None of the passages on what we were discussing says that" in voted.text
    session = sample_rag.chat(llm=False)
    session.ask("What happened in Turkey?")
    helped = session.ask("Which countries sent help?")  # "45 countries had offered to send ... teams"
    assert not helped.refused and "45 countries" in helped.text


def test_why_after_a_count_is_answered_by_the_counted_sentence_s_reason(minilm, tmp_path):
    """Found in chromium on a messy dump: "why are they striking?" after "how many dockworkers walked out?" quoted
    "... as the dockworkers' strike entered its third day": the reason ("had walked out over a pay offer of 2.5%")
    never says "strike", which the sentence before it does."""
    news = [
        article(
            "Harbour strike enters third day",
            "Ferries, buses and trams in Port Alder stayed idle on Saturday as the dockworkers' strike entered its"
            ' third day. The union said 3,400 members had walked out over a pay offer of 2.5%, which it called "an'
            ' insult". Talks with the port authority will resume on Monday, union leader Mara Quist said.',
            url="https://coastline.example/strike-day-3",
            source="Coastline Daily",
            published_at="2026-12-05",
        )
    ]
    session = indexed(tmp_path, news, minilm).chat(llm=False)
    assert "3,400 members" in session.ask("how many dockworkers walked out").text
    assert session.ask("why are they striking").text.startswith("The union said 3,400 members had walked out over")


def test_by_how_much_after_who_won_leads_with_the_score(sample_rag):
    """Found over the OpenAI-compatible endpoint on the sample: "by how much?" after "Who won the Super Bowl?"
    led with the MVP's "17 of 22 passes for 221 yards", a figure but not the margin. A win's margin is its
    score ("overwhelmed the Kansas City Chiefs 40-22"), alone or asked in full."""
    session = sample_rag.chat(llm=False)
    session.ask("Who won the Super Bowl?")
    margin = session.ask("by how much?")
    assert margin.text.split("[1]")[0].count("40-22") == 1, margin.text
    asked = sample_rag.ask("By how much did the Eagles win the Super Bowl?", llm=False)
    assert "40-22" in asked.text.split("[1]")[0], asked.text


def test_how_many_died_after_the_earthquake_keeps_the_newest_toll(sample_rag):
    """Found in chromium on the sample: "how many died?" after "What happened in Turkey?" quoted the toll of
    8,574 in Turkey and an earlier 1,541, and left out the newest, "has risen to 11,236": that sentence says
    "dead", and the answer scored only the follow-up's own word, "died". Words news uses for one another
    count as one in the score, as they already did in choosing the sentences."""
    session = sample_rag.chat(llm=False)
    session.ask("What happened in Turkey?")
    toll = session.ask("how many died?")
    assert "11,236" in toll.text, toll.text


def test_what_did_the_fed_do_says_what_the_decision_was_before_a_word_on_it(sample_rag):
    """Found in chromium on the sample: "What did the Fed do?" led with "Fed Chair Jerome Powell described the
    decision as a risk-management cut ...", which never says what was decided. A speaker's word on "the
    decision" points back as "The decision ..." does: the report's opening sentence goes first."""
    answer = sample_rag.ask("What did the Fed do?", llm=False)
    first = answer.text.split("[1]")[0]
    assert "lowered its benchmark interest rate" in first, answer.text


def test_why_after_who_voted_against_is_the_reason_they_gave(minilm, tmp_path):
    """Found by ingesting a messy feed: "why?" after "who voted against?" (the bridge repair) led with another
    report's "..., citing fuel costs" and never said why the four voted against. "voted against, saying the money
    should go to a new ferry link" gives their reason, as "citing" does."""
    rag = indexed(
        tmp_path,
        [
            article(
                "Council approves bridge repair",
                "The Kestra city council voted 9-4 on Tuesday to approve a plan to repair the Old Harbour Bridge. "
                "Work will begin in January. Four councillors voted against, saying the money should go to a new "
                "ferry link instead.",
                published_at="2026-12-01",
            ),
            article(
                "Ferry fares to rise",
                "Kestra Ferries will raise fares by 10% from 1 January, the company said, citing fuel costs. "
                "A single adult ticket will rise from €3.20 to €3.50.",
                published_at="2026-12-02",
            ),
        ],
        minilm,
    )
    session = rag.chat(llm=False)
    session.ask("How did the council vote on the bridge?")
    session.ask("who voted against?")
    why = session.ask("why?")
    assert why.text.startswith("Four councillors voted against, saying the money should go"), why.text
    assert "fuel" not in why.text
    # asked alone, "who voted against" is answered by the counted group that did, before the vote's "9-4" (found in
    # chromium with the installed wheel)
    against = rag.ask("Who voted against the bridge repair?", llm=False)
    assert against.text.startswith("Four councillors voted against"), against.text
    # and "How much will fares cost?" is answered with the sum, not only the lead's "by 10%"
    fares = rag.ask("How much will ferry fares cost?", llm=False)
    assert "€3.50" in fares.text, fares.text


def test_a_follow_up_about_a_thing_with_its_own_report_is_searched_alone(minilm, tmp_path):
    """Found by ingesting a messy feed (session 37): after "What did the Kestra council decide about the bridge?"
    (the green bridge, whose report mentions "repairing the old harbour bridge"), "is the harbour bridge open
    again?" was searched with the vote, since the cited report says "harbour bridge", and quoted the councillor
    who voted against. Alone it finds a report titled with it, which the conversation never cited."""
    green = article(
        "Kestra council approves green bridge plan",
        "Kestra city council approved the green bridge over the Aul river on Thursday night by seven votes to two. "
        "Councillor Pia Holm, who voted against, said the money would be better spent on repairing the old harbour "
        "bridge.",
        outlet="Kestra Evening Post",
        date="2026-12-04",
    )
    harbour = article(
        "Harbour bridge closed for repairs",
        "The old harbour bridge closed on Friday for at least six weeks of repairs after engineers found cracks in "
        "two of its supports, the city said.",
        outlet="Kestra Evening Post",
        date="2026-11-20",
    )
    rag = indexed(tmp_path, [green, harbour], minilm)
    session = rag.chat()
    session.ask("What did the Kestra council decide about the bridge?")
    answer = session.ask("is the harbour bridge open again?")
    assert answer.text.startswith("The old harbour bridge closed on Friday"), answer.text
    assert session.history.turns[-1].question == "is the harbour bridge open again?"


def test_why_after_who_voted_against_is_what_they_said(minilm, tmp_path):
    """Found by ingesting a messy feed (session 37): "why?" after "who voted against?" quoted the vote again, not
    "Councillor Pia Holm, who voted against, said the money would be better spent on ...": what someone told by
    what they did says is their reason, as ", saying ..." after the deed is."""
    from rag.answer_type import offers

    said = (
        "Councillor Pia Holm, who voted against, said the money would be better spent on repairing the old harbour "
        "bridge."
    )
    assert offers(said, "reason", "why?") > 0
    assert (
        offers("Mayor Ilse Varga, who visited the site on Monday, said the damage was extensive.", "reason", "why?")
        == 0
    )
    green = article(
        "Kestra council approves green bridge plan",
        "Kestra city council approved the green bridge over the Aul river on Thursday night by seven votes to two, "
        f"clearing the way for construction to start in March. {said}",
        outlet="Kestra Evening Post",
        date="2026-12-04",
    )
    rag = indexed(tmp_path, [green], minilm)
    session = rag.chat()
    session.ask("What did the Kestra council decide about the bridge?")
    session.ask("who voted against?")
    assert session.ask("why?").text.startswith("Councillor Pia Holm, who voted against, said")


def test_sample_chat_what_a_country_said_is_its_governments_word(sample_rag):
    """Found on the sample: "what did Russia say?" after "Who blew up the Kakhovka dam?" quoted Ukraine's accusation
    only ("Ukraine accused Russian forces ..."), and asked alone it led with Zelenskiy's "said Russian troops had
    detonated the dam". Russia speaks by the Kremlin, and what joins its word is Russia's word too."""
    session = sample_rag.chat()
    session.ask("Who blew up the Kakhovka dam?")
    for answer in (session.ask("what did Russia say?"), sample_rag.ask("What did Russia say about the Kakhovka dam?")):
        assert answer.text.startswith("The Kremlin said"), answer.text
        assert "Zelenskiy" not in answer.text and "Ukraine accused" not in answer.text


def test_sample_an_acronym_with_a_repeated_initial_is_found_written_out(sample_rag):
    """Found on the sample: "what did apple announce at wwdc" was refused ("None of the passages I found names
    WWDC"), though the report says "Worldwide Developers Conference"."""
    answer = sample_rag.ask("what did apple announce at wwdc", llm=False)
    assert not answer.refused and "Apple Intelligence" in answer.text


def test_sample_chat_a_follow_up_of_dates_alone_asks_the_question_again_with_them(sample_rag):
    """Found on the sample: "and in September 2025?" after "What did the Fed do in July 2023?" quoted the 2023
    report's "another hike would come in September": searched with the conversation, the sentence holding its own
    word "September" led. It asks the question again with its dates."""
    session = sample_rag.chat()
    assert "lifted its benchmark interest rate" in session.ask("What did the Fed do in July 2023?").text
    again = session.ask("and in September 2025?")
    assert again.question == "What did the Fed do in September 2025?"
    assert "lowered its benchmark interest rate" in again.text.split("[1]")[0]
    assert "another hike" not in again.text


def test_a_follow_up_of_dates_alone_is_redated():
    from rag.llm.chat import Turn, redated

    def turn(question: str) -> Turn:
        return Turn(question=question, asked=question, answer="...", about=frozenset(), searched=True)

    fed = [turn("What did the Fed do in July 2023?")]
    assert redated("and in September 2025?", fed) == "What did the Fed do in September 2025?"
    assert redated("What about last week?", [turn("What happened in Kestra?")]) == "What happened in Kestra last week?"
    assert redated("and the ECB?", fed) is None  # more than dates
    assert redated("and why?", fed) is None


def test_who_opposed_it_is_answered_by_those_who_protested(minilm, tmp_path):
    """Found ingesting a hand-written feed (session 39): "who opposed it?" after "What did Orlund and Vessby agree?"
    (a hospital deal) quoted the mayor's "Nobody wanted to lose a hospital ..."; "About 3,000 people marched ... to
    protest against plans to close the town's hospital" is who opposed it: news says "protest" for opposing."""
    news = [
        article(
            "Orlund and Vessby agree to share one hospital",
            "The towns of Orlund and Vessby agreed on Saturday to run a single hospital, ending a two-year dispute over "
            "which site should close. Under the deal, the Vessby site will become a clinic for outpatients by 2028. "
            "\u201cNobody wanted to lose a hospital, but we could not afford two,\u201d said Orlund mayor Henrik Dahl.",
            outlet="Orlund Tribune",
            date="2026-12-06",
        ),
        article(
            "Vessby residents march against hospital closure",
            "About 3,000 people marched through Vessby on Saturday to protest against plans to close the town's "
            "hospital. Organisers said they had collected 12,000 signatures.",
            outlet="Orlund Tribune",
            date="2026-11-28",
        ),
    ]
    session = indexed(tmp_path, news, minilm).chat(llm=False)
    session.ask("What did Orlund and Vessby agree?")
    assert session.ask("who opposed it?").text.startswith("About 3,000 people marched through Vessby")


def test_a_follow_ups_answer_does_not_quote_again_what_the_last_answer_said(minilm, tmp_path):
    """Found with a dataset's zip (session 42): "Who replaces her?" after "Who resigned in Tolvik?" quoted the
    resignation again before "Her deputy, Jonas Ek, will lead the council": a lead pointing back ("Her deputy")
    is quoted after what it points at, which the reader had just read. Asked alone, it still is."""
    news = [
        article(
            "Tolvik mayor resigns",
            "Tolvik's mayor, Sara Lind, resigned on Tuesday after eleven years in office, citing health reasons. "
            "Her deputy, Jonas Ek, will lead the council until an election in April.",
            outlet="Tolvik Post",
            date="2026-12-02",
        ),
        article(
            "Water board fined over dam delays",
            "The regional water board was fined 2.4 million kronor for missing deadlines on the Tolvik dam repairs.",
            outlet="Coastline News",
            date="2026-11-27",
        ),
    ]
    rag = indexed(tmp_path, news, minilm)
    session = rag.chat(llm=False)
    assert session.ask("Who resigned in Tolvik?").text.startswith("Tolvik's mayor, Sara Lind, resigned")
    assert session.ask("Who replaces her?").text.startswith("Her deputy, Jonas Ek, will lead the council")
    alone = rag.ask("Who will lead the Tolvik council?", llm=False)
    assert alone.text.startswith("Tolvik's mayor, Sara Lind, resigned") and "Jonas Ek" in alone.text


@pytest.mark.parametrize("followup", ["Who lost?", "Who did they beat?"])
def test_sample_chat_who_lost_is_the_side_the_winner_beat(sample_rag, followup):
    """Session 40's known gap: "Who lost?" after "Who won the Super Bowl?" led with "Kansas City scored three
    touchdowns late, but the outcome was settled long before", then the Eagles' second title: the sentence naming
    the beaten side ("overwhelmed the Kansas City Chiefs 40-22") had been quoted already, so it was left out, and
    "overwhelmed" was no word for beating."""
    session = sample_rag.chat(llm=False)
    session.ask("Who won the Super Bowl?")
    lost = session.ask(followup)
    assert lost.text.startswith("NEW ORLEANS (AP) — The Philadelphia Eagles overwhelmed the Kansas City Chiefs")
    # session 44: nor is the Eagles' earlier title ("..., who also beat New England after the 2017 season") a loser
    assert "New England" not in lost.text


def test_sample_who_the_winner_beat_is_not_another_seasons_loser(sample_rag):
    """Found on the sample (session 44): "Who did the Eagles beat in the Super Bowl?" led with "Kansas City scored three
    touchdowns late ...", put before "It is the second Super Bowl championship for the Eagles, who also beat New England
    after the 2017 season", which counted as naming who was beaten: a defeat told as another occasion's ("also beat",
    "had beaten") does not."""
    from rag.answer_type import fills_slot

    question = "Who did the Eagles beat in the Super Bowl?"
    assert not fills_slot("It is the second title for the Eagles, who also beat New England in 2018.", question)
    answer = sample_rag.ask(question, llm=False)
    assert answer.text.startswith("NEW ORLEANS (AP) — The Philadelphia Eagles overwhelmed the Kansas City Chiefs")
    assert "New England" not in answer.text


def test_an_attribute_asked_after_an_answer_is_the_conversations_storys(sample_rag):
    """Found with the OpenAI endpoint on the sample: "What was the turnout?" after "Who won the midterms?" quoted
    "Turnout was 82.5%" from the German election's report. "The turnout" is the midterms' turnout, which their
    report does not give: it was searched alone for naming a word new to the conversation, and with the
    conversation the German report still counted as on its topic for holding "won"."""
    session = sample_rag.chat(llm=False)
    session.ask("Who won the midterms?")
    turnout = session.ask("What was the turnout?")
    assert "midterm" in turnout.question
    assert "82.5%" not in turnout.text
    assert all("German" not in c.title for c in turnout.citations)


DOCK_STRIKE_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>Tessby Evening News - Business</title>
<link>https://eveningnews.example/business</link>
<description>Business news from the Tessby Evening News</description>
<item>
  <title>Tessby dockworkers walk out over pay</title>
  <link>https://eveningnews.example/business/tessby-dockworkers-walk-out</link>
  <pubDate>Mon, 30 Nov 2026 07:15:00 +0000</pubDate>
  <dc:creator>Nora Quist</dc:creator>
  <description><![CDATA[<p>About 3,100 dockworkers at the Port of Tessby began a strike on Monday.</p>]]></description>
  <content:encoded><![CDATA[<p>About 3,100 dockworkers at the Port of Tessby began an indefinite strike at 6am on Monday after talks over pay collapsed late on Sunday night.</p>
<p>The Harbour Workers Union is demanding an 10% rise, saying wages have fallen behind prices for three years. Tessby Port Holdings has offered 6% this year and 3% next year.</p>
<p>"Our members keep this port running and they are not going to accept another real-terms pay cut," said Rosa Lind, the union's regional secretary.</p>
<p>The port handles roughly a fifth of the country's container traffic. Freight forwarders warned that supermarket supplies could be hit within a fortnight.</p>
<p><em>Sign up for our morning business newsletter.</em></p>]]></content:encoded>
</item>
<item>
  <title>Ships queue off Tessby as strike enters third day</title>
  <link>https://eveningnews.example/business/ships-queue-off-tessby</link>
  <pubDate>Wed, 02 Dec 2026 18:40:00 +0000</pubDate>
  <dc:creator>Nora Quist</dc:creator>
  <content:encoded><![CDATA[<p>Thirty-four container ships were anchored off Tessby on Wednesday evening waiting for a berth, according to the harbour master's office, as the dockworkers' strike entered its third day.</p>
<p>Tessby Port Holdings chief executive Anton Moreau said the company's offer was "fair and final" and accused the union of holding the economy to ransom.</p>
<p>Two shipping lines, Skarvik and Ostrand Lines, said they were diverting vessels to Brinmouth, about 90 miles up the coast.</p>]]></content:encoded>
</item>
<item>
  <title>Tessby strike: talks to resume at conciliation service</title>
  <link>https://eveningnews.example/business/tessby-talks-resume</link>
  <pubDate>Fri, 04 Dec 2026 12:05:00 +0000</pubDate>
  <dc:creator>Jan Ekberg</dc:creator>
  <content:encoded><![CDATA[<p>The union and Tessby Port Holdings agreed on Friday to return to talks at the national conciliation service on Monday, raising hopes of an end to the five-day strike.</p>
<p>The strike will continue while talks take place, the union said. Lind said members would vote on any new offer.</p>
<p>The government's transport minister, Ingrid Hale, welcomed the move and urged both sides to "find a deal before Christmas shelves empty".</p>]]></content:encoded>
</item>
</channel>
</rss>
"""

BACKLOG_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Strike backlog: 39 ships now waiting off Tessby | The Coast Gazette</title>
<meta property="og:site_name" content="The Coast Gazette">
<meta property="article:published_time" content="2026-12-03T09:30:00Z">
<meta name="author" content="Mira Lund">
<link rel="canonical" href="https://coastgazette.example/news/2026/12/03/tessby-backlog">
<script>window.dataLayer=[];function track(){}</script>
<style>.nav{display:flex}</style>
</head><body>
<nav class="nav"><a href="/">Home</a><a href="/news">News</a><a href="/sport">Sport</a><a href="/login">Sign in</a></nav>
<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies</div>
<article>
<h1>Strike backlog: 39 ships now waiting off Tessby</h1>
<p class="byline">By Mira Lund, Transport Correspondent</p>
<time datetime="2026-12-03T09:30:00Z">3 December 2026</time>
<p>The number of vessels waiting to unload at Tessby rose to 39 on Thursday morning, shipping data analysed by the Gazette shows, as the strike by dockworkers dragged into its fourth day.</p>
<p>Retailers' trade body the Retail Traders' Guild said fresh fruit imports were already delayed and that toys ordered for Christmas were "sitting in boxes at sea".</p>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">Ten best winter walks</a></li><li><a href="/y">Council tax to rise 5%</a></li></ul></aside>
<p>Rosa Lind of the Harbour Workers Union said the dispute could end "tomorrow" if the company improved its offer.</p>
<p>The company said it had drawn up contingency plans to move priority cargo through its smaller terminal at Kelby.</p>
</article>
<footer><p>&copy; 2026 Coast Gazette Media. All rights reserved.</p><p>Follow us on social media</p></footer>
</body></html>
"""


def test_a_follow_up_naming_the_story_is_answered_from_its_reports_not_the_last_sub_topics(minilm, tmp_path):
    """Found on a user's feed and saved pages: after "How many ships are waiting?" and "What did the union say?",
    "When did the strike start?" quoted the ship counts ("... dragged into its fourth day"), not "began an indefinite
    strike at 6am on Monday": the passages searched were narrowed to the conversation's ships, and the walkout's
    report, which holds more of what was asked, was left out."""
    rag, _ = indexed_files(tmp_path, {"port.rss": DOCK_STRIKE_FEED, "backlog.html": BACKLOG_PAGE}, minilm)
    chat = rag.chat(llm=False)
    for question in ("Why are the dockworkers striking?", "How many ships are waiting?", "What did the union say?"):
        chat.ask(question)
    answer = chat.ask("When did the strike start?")
    assert answer.text.startswith("About 3,100 dockworkers at the Port of Tessby began an indefinite strike")
    # "Is the strike over?" asks how it stands now (it was no such question): Friday's report on the talks, which names
    # no ship, answers, not Thursday's ship count
    over = chat.ask("Is the strike over?")
    assert over.text.startswith("The strike will continue while talks take place, the union said.")
    assert rag.ask("Is the strike over?", llm=False).text.startswith("The strike will continue while talks take place")
    # and the latest is Friday's report on the talks, though it names no ship and the conversation asked about ships
    latest = chat.ask("What's the latest?")
    assert latest.text.startswith("The union and Tessby Port Holdings agreed on Friday to return to talks")
