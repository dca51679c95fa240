"""Running timers: one per person, kept in the log file, stopped into a logged activity."""
