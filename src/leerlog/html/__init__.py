"""The team leader's page: the balance report as one self-contained HTML file (templates + SVG)."""
