"""Letters and other printed documents as PDF (reportlab); pure: no Qt, no database."""
