"""The platform registry: every profile the readers and the spiders know, in detection order.

A platform is one module here (or anywhere on the path) that defines `PROFILES`, a tuple of
`extraction.profile.Profile`. The built-in modules load on first use; a crawl loads the extra
modules its `PLATFORM_MODULES` setting names, and a test may `register` a profile directly.
Order matters where fingerprints overlap: MT4's hAtom before the classic TypePad/MT3 markup,
WordPress (the loosest markers) last.
"""

from __future__ import annotations

from importlib import import_module

from extraction.profile import Profile
from extraction.urls import UrlShapes

BUILT_IN_MODULES = (
    "extraction.platforms.movabletype",
    "extraction.platforms.canalblog",
    "extraction.platforms.overblog",
    "extraction.platforms.spip",
    "extraction.platforms.blogger",
    "extraction.platforms.wordpress",
)
# What a crawl assumes before it has seen a page (the project began with TypePad).
DEFAULT_PLATFORM = "typepad"

_profiles: list[Profile] = []


def load_modules(names: tuple[str, ...] | list[str]) -> None:
    """Import each platform module and register its profiles (again, if one was unregistered)."""
    for name in names:
        missing = [p for p in import_module(name).PROFILES if p not in _profiles]
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
