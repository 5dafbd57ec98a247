"""One outlet, not two: an article whose record names no outlet is filed under its site's address
("kestreltimes.example", as a crawler's dump gives `source_domain`); when the index's other articles on
that site all name one outlet ("Kestrel Times"), the article takes that name, so the sources, the outlet
filter, "What did the Kestrel Times report?" and outlet comparisons see one outlet.

Run after every ingest (`IngestPipeline.run`), whatever the order the sources came in. A site whose
articles name several outlets (a portal carrying several outlets' copies) keeps its address: naming it
after one of them would be wrong.
"""

from __future__ import annotations

import logging
from collections import Counter

from ingest.outlets import outlet_key, same_outlet
from ingest.records import url_host

from .manifest import Manifest
from .store import VectorStore

log = logging.getLogger(__name__)


def site_names(manifest: Manifest, hosts: set[str]) -> dict[str, str]:
    """host -> the one outlet its indexed articles name (spelled as most of them spell it), for those of `hosts`
    whose named articles all name one outlet (a leading "the" aside: `same_outlet`)."""
    spellings: dict[str, Counter[str]] = {}
    for outlet, url in manifest.outlets_by_url():
        host = url_host(url)
        if host in hosts and outlet != host:
            spellings.setdefault(host, Counter())[outlet] += 1
    names = {}
    for host, counts in spellings.items():
        if len({same_outlet(o) for o in counts}) == 1:
            names[host] = max(counts, key=lambda o: (counts[o], o))
    return names


def name_site_outlets(manifest: Manifest, store: VectorStore) -> int:
    """Give the articles filed under their site's address the name the site's other articles give their
    outlet (`site_names`); the number of articles renamed."""
    by_host: dict[str, list[str]] = {}
    for article_id, outlet, url in manifest.address_outlets():
        if outlet == url_host(url):
            by_host.setdefault(outlet, []).append(article_id)
    if not by_host:
        return 0
    renamed = 0
    for host, name in site_names(manifest, set(by_host)).items():
        # the store first: a run stopped in between finds the articles under their address again
        store.set_metadata(manifest.chunk_ids(by_host[host]), {"outlet": name, "outlet_key": outlet_key(name)})
        manifest.rename_outlet(by_host[host], name)
        renamed += len(by_host[host])
        log.info(
            "%d article(s) filed under %s are %s's, as the site's other articles say", len(by_host[host]), host, name
        )
    return renamed
