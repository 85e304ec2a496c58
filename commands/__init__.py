"""Project commands (Scrapy's COMMANDS_MODULE): `scrapy extract`, `scrapy validate`, `scrapy describe`."""
