"""Selector rot on demand: the MIFF spider with its synopsis selector gone stale, as after
a site redesign. `scrapy crawl miff -s SPIDER_MODULES=tests.rotten_spiders` runs it."""

from __future__ import annotations

from scraper.spiders.miff import MiffSpider


class RottenMiffSpider(MiffSpider):
    FILM_SYNOPSIS_PARAGRAPHS = "div.synopsis-redesigned p"
