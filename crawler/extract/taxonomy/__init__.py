"""The category path and the tags of an article, each returned with where it was read (a
``FieldSource``): two jobs on the same page regions, one module each."""

from crawler.extract.taxonomy.categories import find_categories
from crawler.extract.taxonomy.tags import find_tags

__all__ = ["find_categories", "find_tags"]
