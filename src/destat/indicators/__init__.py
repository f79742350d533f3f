"""The indicator catalogue, code lists and translations."""
