"""The README documents every setting (the table is generated from `Settings`) and every CLI command."""

import re

from rag.cli import build_parser
from rag.settings import Settings

from .conftest import ROOT


def test_settings_table_matches_the_code():
    readme = (ROOT / "README.md").read_text()
    table = re.search(r"<!-- settings:start -->\n(.*?)\n<!-- settings:end -->", readme, re.S).group(1)
    assert table == Settings.markdown_table(), "regenerate with: newsrag settings --markdown"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:
        assert f"newsrag {name}" in readme or name in ("demo", "settings"), name
