"""Scrapy's generator-with-return-value check, made once here instead of on every response.

The settings turn WARN_ON_GENERATOR_RETURN_VALUE off for speed; a `return value` inside a
generator callback would silently drop that value, so every spider method is checked here.
"""

import inspect

import pytest
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.misc import is_generator_with_return_value
from scrapy.utils.project import get_project_settings


def _spider_classes() -> list[type]:
    loader = SpiderLoader.from_settings(get_project_settings())
    return [loader.load(name) for name in sorted(loader.list())]


def _generator_methods(spider_class: type) -> list[tuple[str, object]]:
    return [
        (f"{spider_class.__name__}.{name}", function)
        for name, function in inspect.getmembers(spider_class, inspect.isfunction)
        if inspect.isgeneratorfunction(function)
    ]


SPIDERS = _spider_classes()
GENERATOR_METHODS = [method for spider in SPIDERS for method in _generator_methods(spider)]


def test_every_spider_is_found_and_has_generator_callbacks() -> None:
    names = {spider.name for spider in SPIDERS}
    assert {"blog", "wayback", "warc"} <= names
    assert any(name.startswith("BlogSpider.parse") for name, _ in GENERATOR_METHODS)


@pytest.mark.parametrize(("name", "function"), GENERATOR_METHODS, ids=[name for name, _ in GENERATOR_METHODS])
def test_no_generator_callback_returns_a_value(name: str, function: object) -> None:
    assert not is_generator_with_return_value(function), f"{name} is a generator that returns a value"


def test_the_check_catches_a_generator_that_returns_a_value() -> None:
    def parse_with_a_lost_value(response: object):
        yield response
        return "lost"

    assert is_generator_with_return_value(parse_with_a_lost_value)
