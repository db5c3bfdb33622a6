"""The outputs: a module per format (posters, leaflet, handout, web edition) and their registry."""
