"""Crawl run reports: the numbers come from db/report_data.py; charts.py draws them with
matplotlib, page.py lays them out as one self-contained HTML file, build.py puts the two
together for `mirror report` and for a crawl given ``MIRROR_REPORT``."""
