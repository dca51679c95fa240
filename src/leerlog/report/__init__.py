"""The balance as data (per person, per team, per month) and its JSON and CSV renderings."""
