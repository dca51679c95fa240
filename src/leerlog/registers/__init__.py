"""Register dossiers: register profiles and points, proof files, structured reflections, the ZIP."""
