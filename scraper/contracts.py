"""Spider contracts for ``scrapy check`` against any archive copy.

Scrapy's ``@url`` needs an absolute URL fixed in the docstring; ``@path`` joins a
path to the spider's configured base URL instead, so
``scrapy check miff -s MIFF_BASE_URL=http://127.0.0.1:8765`` checks a local replica
and the same docstrings check the real site.

``@filled`` is a stricter ``@scrapes``: Scrapy's ``@scrapes`` only checks that a
field exists, which every dataclass field always does; ``@filled`` checks that the
named fields hold a value (not None, not empty).

Register both in settings::

    SPIDER_CONTRACTS = {
        "scraper.contracts.PathContract": 10,
        "scraper.contracts.FilledContract": 20,
    }
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy.contracts import Contract
from scrapy.exceptions import ContractFail


class PathContract(Contract):
    """``@path /festival-archive/film/5977``: the sample request is ``{base_url}{path}``."""

    name = "path"

    def __init__(self, method: Any, *args: Any) -> None:
        super().__init__(method, *args)
        self._spider = getattr(method, "__self__", None)

    def adjust_request_args(self, args: dict[str, Any]) -> dict[str, Any]:
        if len(self.args) != 1 or not str(self.args[0]).startswith("/"):
            raise ValueError(f"@path takes one absolute path, got {self.args!r}")
        base_url = getattr(self._spider, "base_url", None)
        if not base_url:
            raise ValueError("@path needs a spider with a base_url (a FestivalSpider)")
        args["url"] = base_url.rstrip("/") + str(self.args[0])
        return args


class FilledContract(Contract):
    """``@filled title directors``: every item has a non-empty value for these fields."""

    name = "filled"

    def post_process(self, output: list[Any]) -> None:
        for item in output:
            if not is_item(item):
                continue
            adapter = ItemAdapter(item)
            empty = [
                field
                for field in self.args
                if field not in adapter or adapter[field] is None or adapter[field] in ("", [])
            ]
            if empty:
                raise ContractFail(f"empty fields: {', '.join(empty)}")
