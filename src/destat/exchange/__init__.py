"""Exchange of data with private holders: provider kits, pseudonymisation and linkage."""
