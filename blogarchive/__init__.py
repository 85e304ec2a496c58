"""Blog-archive research software: harvest 2010-era French blogs into Parquet datasets."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("blog-archive")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

CONTACT = "https://github.com/blog-archive/blog-archive/issues"
USER_AGENT = f"blog-archive/{__version__} (research archive of 2010-era blogs; +{CONTACT})"
