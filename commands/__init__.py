"""Project commands for Scrapy's COMMANDS_MODULE: `scrapy extract` (and later validate, describe)."""
