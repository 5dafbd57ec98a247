"""The docs are checked against the code: generated parts are current, every command and setting is
documented, every page is reachable, every link resolves, and the README's examples work."""

from __future__ import annotations

import importlib.util
import re
import shlex
import shutil
from pathlib import Path

import pytest

from rag.cli import build_parser, markdown_reference
from rag.settings import Settings

from .conftest import ROOT, SAMPLE

README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
# NEWSRAG_* variables that are not settings: read by the CLI, the setup scripts or the test server
NOT_SETTINGS = {
    "NEWSRAG_DEBUG": "rag/cli.py",
    "NEWSRAG_VENV": "scripts/setup.sh",
    "NEWSRAG_TEST_CACHE": "tests/llm_server.py",
    "NEWSRAG_TEST_LLM_THREADS": "tests/llm_server.py",
}


def _update_docs():
    spec = importlib.util.spec_from_file_location("update_docs", ROOT / "scripts" / "update_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prose(text: str) -> str:
    """The page without fenced code blocks (links and headings there are not Markdown)."""
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def _anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#{1,6} +(.+?) *$", _prose(path.read_text()), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def _links(path: Path) -> list[str]:
    return re.findall(r"\]\(([^)\s]+)\)", _prose(path.read_text()))


def test_settings_table_matches_the_code():
    update_docs = _update_docs()
    table = update_docs.read_region((DOCS / "settings.md").read_text(), "settings")
    assert table == Settings.markdown_table(), "regenerate with: python scripts/update_docs.py"


def test_cli_reference_matches_the_parser():
    update_docs = _update_docs()
    reference = update_docs.read_region((DOCS / "cli.md").read_text(), "cli")
    assert reference == markdown_reference(), "regenerate with: python scripts/update_docs.py"


def test_cli_reference_has_every_command_and_option():
    reference = markdown_reference()
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name, parser in sub.choices.items():
        section = reference.split(f"## `newsrag {name}`\n", 1)[1].split("\n## ", 1)[0]
        for action in parser._actions:
            for flag in action.option_strings:
                assert flag in section or flag in ("-h", "--help"), f"newsrag {name} {flag}"
            if not action.option_strings:
                assert (action.metavar or action.dest.upper()) in section, f"newsrag {name} {action.dest}"


def test_update_docs_rewrites_a_stale_page(tmp_path):
    update_docs = _update_docs()
    for page in update_docs.generators():
        (tmp_path / page).parent.mkdir(parents=True, exist_ok=True)
        text = (ROOT / page).read_text()
        name = update_docs.generators()[page][0]
        (tmp_path / page).write_text(update_docs.replace_region(text, name, "stale"))
    assert sorted(update_docs.stale_pages(tmp_path)) == sorted(update_docs.generators())
    assert sorted(update_docs.update(tmp_path)) == sorted(update_docs.generators())
    assert update_docs.stale_pages(tmp_path) == []
    for page in update_docs.generators():
        assert (tmp_path / page).read_text() == (ROOT / page).read_text()
    with pytest.raises(ValueError, match="markers"):
        update_docs.read_region("no markers here", "cli")


def test_every_docs_page_is_linked_from_the_readme_or_the_index():
    linked = {
        (page.parent / link.split("#")[0]).resolve() for page in (README, DOCS / "index.md") for link in _links(page)
    }
    for page in sorted(DOCS.glob("*.md")):
        assert page.resolve() in linked or page.name == "index.md", f"{page.name} is linked from nowhere"
    assert (DOCS / "index.md").resolve() in linked


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_and_anchors_resolve(page):
    for link in _links(page):
        if re.match(r"[a-z]+:", link):  # http:, https:, mailto:
            continue
        target, _, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        assert path.exists(), f"{page.name}: link to missing {link}"
        if anchor:
            assert anchor in _anchors(path), f"{page.name}: no heading #{anchor} in {target or page.name}"


def test_readme_is_short():
    lines = README.read_text().splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move reference material into docs/"
    assert "PLACEHOLDER" not in README.read_text()


def test_every_environment_variable_in_the_docs_exists():
    settings_vars = {Settings.env_name(name) for name in Settings.model_fields}
    for name, source in NOT_SETTINGS.items():
        assert name in (ROOT / source).read_text(), f"{name} is no longer read by {source}"
    for page in PAGES:
        for var in set(re.findall(r"\bNEWSRAG_[A-Z0-9_]*[A-Z0-9]", page.read_text())):
            assert var in settings_vars or var in NOT_SETTINGS, f"{page.name} mentions unknown {var}"
        assert "PLACEHOLDER" not in page.read_text(), page.name


def _commands(text: str) -> list[list[str]]:
    """Every `newsrag ...` invocation in the page's code (indented and fenced blocks), outside the generated
    reference (its usage lines are synopses, not commands)."""
    text = re.sub(r"<!-- (\w+):start -->.*?<!-- \1:end -->", "", text, flags=re.S)
    found = []
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
            continue
        if not (in_fence or line.startswith("    ")):
            continue
        try:
            words = shlex.split(line, comments=True)
        except ValueError:  # Python code in a fence
            continue
        command: list[str] = []
        for word in [*words, "&&"]:
            if word in ("&&", "&", ";", "|"):
                while command and re.fullmatch(r"[A-Z_]+=\S*", command[0]):
                    command.pop(0)  # VAR=value prefixes
                if command and Path(command[0]).name == "newsrag":
                    found.append(command[1:])
                command = []
            else:
                command.append(word)
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_documented_commands_parse(page):
    parser = build_parser()
    for argv in _commands(page.read_text()):
        try:
            args = parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"{page.name}: `newsrag {' '.join(argv)}` does not parse")
        assert args.command, f"{page.name}: `newsrag {' '.join(argv)}` names no command"


def test_readme_commands_are_found():
    assert ["ask", "What did Russia propose at the UN?"] in _commands(README.read_text())
    assert ["ask", "--llm", "What did Russia propose at the UN?"] in _commands(README.read_text())


def test_readme_python_example_runs(tmp_path, monkeypatch, capsys):
    block = re.search(r"^## Python\n.*?^```python\n(.*?)^```", README.read_text(), flags=re.S | re.M).group(1)
    (tmp_path / "articles").mkdir()
    shutil.copy(SAMPLE, tmp_path / "articles" / SAMPLE.name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSRAG_EMBED_MODEL", "hash")  # the fast fake embedder; the code is the README's
    exec(compile(block, "README.md", "exec"), {"__name__": "readme"})
    out = capsys.readouterr().out
    assert re.search(r"added [1-9]", out), out
    assert (tmp_path / "news-index").is_dir()
