"""One spider per CMS family; each is configured by the source registry, not per site."""
