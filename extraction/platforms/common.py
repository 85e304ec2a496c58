"""Selectors several platforms share: machine dates and the share/"read more" chrome of 2008–2012."""

MACHINE_DATES = ("abbr.published@title", "time[datetime]@datetime")
SHARE_AND_MORE_LINKS = (
    "p.entry-more-link", "div.entry-tags", "div.sharethis", "div.feedflare", "div.zemanta-pixie",
    "div.sharedaddy", "div#jp-relatedposts", "div.share_widget", "div.post-share-buttons",
)  # fmt: skip
