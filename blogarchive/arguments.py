"""User input checked before anything starts: spider arguments and the numeric settings.

A mistake gets one line naming the argument and the form expected (`scrapy crawl` exits 2 and
writes nothing); never a traceback. Spiders call these in `__init__` too, so a crawl started
from code is checked the same way.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_STAMP = re.compile(r"^\d{4}(?:\d{2}){0,5}$")  # Wayback from/to: YYYY[MM[DD[hh[mm[ss]]]]]


class BadArgument(ValueError):
    """A user mistake in an argument or setting: the message is the whole story."""


def month(label: str, value: str | None) -> str | None:
    """`YYYY-MM`, a real month."""
    if value is None:
        return None
    match = _MONTH.match(value)
    if not match or not 1 <= int(match[2]) <= 12:
        raise BadArgument(f"-a {label}={value!r}: expected a month YYYY-MM, e.g. 2010-06")
    return value


def period(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    since, until = month("since", since), month("until", until)
    if since and until and since > until:
        raise BadArgument(f"-a since={since} is after -a until={until}: nothing could be harvested")
    return since, until


def blog_url(value: str | None, label: str = "url") -> str | None:
    """An http(s) URL with a host: a blog's home."""
    if value is None:
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise BadArgument(
            f"-a {label}={value!r}: expected an http(s) address, e.g. http://exemple.typepad.fr/mon_blog/"
        )
    try:
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError as error:
        raise BadArgument(f"-a {label}={value!r}: {error}") from None
    return value


def archive_site(value: str | None) -> str:
    """HOST/PATH/ of a blog in the Wayback Machine (a scheme is tolerated and dropped)."""
    if not value:
        raise BadArgument("-a site=HOST/PATH/ is required, e.g. -a site=exemple.typepad.fr/mon_blog/")
    bare = value.split("://", 1)[-1]
    host = bare.split("/", 1)[0]
    if not host or " " in bare or "." not in host.split(":")[0]:
        raise BadArgument(f"-a site={value!r}: expected HOST/PATH/, e.g. exemple.typepad.fr/mon_blog/")
    return bare


def wayback_moment(label: str, value: str | None) -> str | None:
    if value is not None and not _STAMP.match(value):
        raise BadArgument(f"-a {label}={value!r}: expected YYYY, YYYYMM, YYYYMMDD… (up to 14 digits), e.g. 2008")
    return value


def archive_path(value: str | None) -> str:
    """A WARC/ARC file, a folder of them, or a glob that matches some."""
    from spiders.warc_records import archive_files  # the rule of what counts as an archive file

    if not value:
        raise BadArgument("-a path=FILE_OR_DIR_OR_GLOB is required, e.g. -a path=archives/mon_blog.warc.gz")
    if not archive_files(value):
        what = "a folder with no WARC/ARC file in it" if Path(value).is_dir() else "no such file, nothing matches"
        raise BadArgument(f"-a path={value!r}: {what}")
    return value


def export_path(value: str | None) -> str:
    """An export file, a folder of them, or a glob that matches some."""
    from spiders.export import export_files  # the rule of what counts as an export file

    if not value:
        raise BadArgument("-a path=FILE_OR_GLOB is required, e.g. -a path=exports/mon_blog.txt")
    if not export_files(value):
        what = "a folder with no file in it" if Path(value).is_dir() else "no such file, nothing matches"
        raise BadArgument(f"-a path={value!r}: {what}")
    return value


def platform_name(value: str | None) -> str | None:
    """A registered platform (built in, or from PLATFORM_MODULES)."""
    from extraction.platforms import for_platform

    if value:
        try:
            for_platform(value)
        except ValueError as error:
            raise BadArgument(f"-a platform={value!r}: {error}") from None
    return value


def no_other(unknown: dict[str, object], *known: str) -> None:
    """Scrapy hands every `-a NAME=VALUE` to the spider: a misspelt name must not pass unseen."""
    if unknown:
        names = ", ".join(f"-a {name}" for name in unknown)
        raise BadArgument(f"unknown argument {names}: this spider takes {', '.join(known)}")


# Settings a mistake in which would make a crawl misbehave rather than fail: name -> lowest value.
POSITIVE_SETTINGS = {
    "PARQUET_ROW_GROUP_SIZE": 1,
    "PARQUET_COMMIT_SECONDS": 0.001,
    "PARQUET_COMMIT_POSTS": 1,
    "CAPTURES_PER_POST": 1,
    "WAYBACK_CDX_RATE": 0.001,
    "WAYBACK_SNAPSHOT_RATE": 0.001,
    "WAYBACK_CDX_PAGE_SIZE": 1,
    "WAYBACK_MAX_RETRIES": 0,
    "WAYBACK_429_PAUSE": 0,
    "WAYBACK_BACKOFF_BASE": 0,
    "WAYBACK_REDIRECT_WINDOW_HOURS": 0,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 1,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "PROGRESS_INTERVAL_SECONDS": 0.1,
}


def first_mistake(spider_class: type, arguments: dict[str, str], settings: BaseSettings) -> str | None:
    """The one line to show for the first mistake in a crawl's settings or `-a` arguments, or None.

    Loads the platform modules the settings name, so `-a platform=` may name one of theirs.
    """
    from extraction.platforms import load_modules

    try:
        check_settings(settings)
        load_modules(settings.getlist("PLATFORM_MODULES"))
        check = getattr(spider_class, "check_arguments", None)
        if check is not None:
            check(**arguments)
    except BadArgument as error:
        return str(error)
    except ImportError as error:
        return f"-s PLATFORM_MODULES: {error}"
    return None


def check_settings(settings: BaseSettings) -> None:
    for name, lowest in POSITIVE_SETTINGS.items():
        raw = settings.get(name)
        if raw is None:
            continue
        try:
            value = float(raw)
        except (TypeError, ValueError):
            raise BadArgument(f"-s {name}={raw!r}: expected a number") from None
        if value < lowest:
            raise BadArgument(f"-s {name}={raw!r}: expected a number of at least {lowest:g}")
