"""Statistics from macro sources: household ICT indicators, ICT sector, trade in ICT goods and
services, the B2C E-commerce Index."""
