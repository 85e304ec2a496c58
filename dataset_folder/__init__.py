"""The dataset folder as a library: writing parts, lock and recovery, card, chart, validation,
summary. No Scrapy here: crawls write through `pipelines/parquet.py`, and `scrapy validate` /
`scrapy describe` (or any script) read folders through these modules."""
