"""Running builds: units of work and their pool, fingerprints, the output folder, the manifest."""
