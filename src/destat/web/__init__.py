"""Web data: discover enterprise websites, crawl them politely, extract features, classify."""
