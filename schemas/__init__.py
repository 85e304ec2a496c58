"""The single source of truth for the dataset's tables."""

from schemas.fields import SCHEMA_VERSION, Field, Table
from schemas.tables import COMMENTS, PAGES, POSTS, SKIPPED, TABLES

__all__ = ["COMMENTS", "PAGES", "POSTS", "SCHEMA_VERSION", "SKIPPED", "TABLES", "Field", "Table"]
