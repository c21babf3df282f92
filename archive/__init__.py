"""The web archive: every request and response a spider makes, as standard WARC/1.1.

Modules, each with one job:

- :mod:`archive.http` -- one HTTP exchange as bytes, and the HTTP head that warcio
  parses for readers but serialises as the exact bytes received;
- :mod:`archive.wire` -- a Scrapy download handler that records the request and
  response heads as they crossed the socket;
- :mod:`archive.writer` -- the rotating WARC writer (warcinfo first, one gzip member
  per record, size-based rotation, injectable record ids and clock);
- :mod:`archive.indexer` -- CDXJ lines in pywb's format, from the writer or from any
  WARC file;
- :mod:`archive.settings` -- which Scrapy settings switch archiving on.

The Scrapy glue (a downloader middleware) lives in :mod:`scraper.middlewares`.
"""
