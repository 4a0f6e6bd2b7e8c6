"""Exchange with partners: import and export of course offers, free seats and report figures as files."""
