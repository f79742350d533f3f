"""Statistics from macro sources: ICT sector, trade in ICT goods and services, the B2C E-commerce Index."""
