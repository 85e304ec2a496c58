"""The platform registry: every profile the readers and the spiders know, in detection order.

A platform is one module here (or anywhere on the path) that defines `PROFILES`, a tuple of
`extraction.profile.Profile`. The built-in modules load on first use; a crawl loads the extra
modules its `PLATFORM_MODULES` setting names, and a test may `register` a profile directly.
Order matters where fingerprints overlap: MT4's hAtom before the classic TypePad/MT3 markup,
WordPress (the loosest markers) last.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from importlib import import_module

from extraction.profile import Profile
from extraction.urls import PageKind, UrlShapes, locate

BUILT_IN_MODULES = (
    "extraction.platforms.movabletype",
    "extraction.platforms.canalblog",
    "extraction.platforms.overblog",
    "extraction.platforms.spip",
    "extraction.platforms.hautetfort",
    "extraction.platforms.dotclear",
    "extraction.platforms.skyrock",
    "extraction.platforms.blogger",
    "extraction.platforms.wordpress",
)
# What a crawl assumes before it has seen a page (the project began with TypePad).
DEFAULT_PLATFORM = "typepad"

_profiles: list[Profile] = []


def load_modules(names: tuple[str, ...] | list[str]) -> None:
    """Import each platform module and register its profiles (again, if one was unregistered)."""
    registered = {id(profile) for profile in _profiles}  # identity: comparing profiles field by field is slow
    for name in names:
        missing = [p for p in import_module(name).PROFILES if id(p) not in registered]
        if missing:
            register(*missing)


def register(*profiles: Profile) -> None:
    """Add profiles (a new platform); one already registered under the same name is replaced."""
    from schemas.enums import PLATFORMS  # schemas stays free of extraction imports

    for profile in profiles:
        if profile.platform not in PLATFORMS:
            PLATFORMS.declare(profile.platform, f"pages read by the {profile.name} profile")
        _profiles[:] = [p for p in _profiles if p.name != profile.name]
        _profiles.append(profile)


def unregister(name: str) -> None:
    """Remove a profile; a platform value it declared goes with the platform's last profile."""
    from schemas.enums import PLATFORMS

    _profiles[:] = [p for p in _profiles if p.name != name]
    for value in list(PLATFORMS.added):
        if all(p.platform != value for p in _profiles):
            del PLATFORMS.added[value]


def profiles() -> tuple[Profile, ...]:
    load_modules(BUILT_IN_MODULES)
    return tuple(_profiles)


def for_platform(name: str) -> Profile:
    """The first profile of platform `name` (or the profile of that name): its URL shapes lead discovery."""
    for profile in profiles():
        if name in (profile.platform, profile.name):
            return profile
    known = sorted({p.platform for p in profiles()})
    raise ValueError(f"unknown platform {name!r}; known: {', '.join(known)}")


def all_url_shapes() -> tuple[UrlShapes, ...]:
    """Each distinct set of URL shapes, in registry order."""
    return tuple(dict.fromkeys(p.urls for p in profiles()))


def hinted_by_host(host: str) -> Profile | None:
    """The profile whose platform hosted blogs under `host` (`monblog.canalblog.com`), if any."""
    host = host.lower().split(":", 1)[0]
    for profile in profiles():
        if any(host == h or host.endswith("." + h) for h in profile.hosts):
            return profile
    return None


def voted_by_urls(urls: Iterable[str], home_path: str, host: str = "") -> Profile | None:
    """The profile whose URL shapes make the most of `urls` posts (an archive index of a blog).

    Where no page has been read yet (a Wayback index, a WARC file), the addresses alone say
    which platform built the blog: `/archives/2010/06/16/12603374.html` is Canalblog's,
    `/2010/06/16/slug/` WordPress's. Platforms sharing a post shape (Movable Type and Blogger:
    `/2010/06/slug.html`) are told apart by the host's platform, then by how many of the other
    addresses (comment pages, archives, feeds) each one's shapes know; then registry order.
    """
    shapes = all_url_shapes()
    posts: Counter[UrlShapes] = Counter()
    others: Counter[UrlShapes] = Counter()
    for url in urls:
        for shape in shapes:
            located = locate(url, shape, home_path)
            if located is None or located.kind is PageKind.OTHER:
                continue
            if located.kind is PageKind.POST:
                posts[shape] += 1
            elif located.url.rstrip("/") != located.prefix.rstrip("/"):  # the home is every platform's
                others[shape] += 1
    if not posts:
        return None
    hinted = hinted_by_host(host)
    best = max(shapes, key=lambda s: (posts[s], hinted is not None and hinted.urls == s, others[s]))
    return hinted if hinted is not None and hinted.urls == best else next(p for p in profiles() if p.urls == best)
