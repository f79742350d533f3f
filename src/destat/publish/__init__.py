"""Publishing destat's results: SDMX data and structure messages (see ``destat.publish.sdmx``)."""
