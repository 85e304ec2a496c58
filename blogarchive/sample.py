"""The bundled sample blog: what `scrapy crawl typepad` crawls when given no url."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_SITE_DIR = PROJECT_ROOT / "tests" / "fixtures" / "sites" / "typepad-fr-sample"
SAMPLE_BLOG_PATH = "/mon_blog/"
