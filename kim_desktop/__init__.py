"""KIM Desktop: the counselling-desk application of a KIM network."""

__version__ = "0.1.0"
APP_ID = "de.kim-netzwerk.KimDesktop"
APP_NAME = "KIM Desktop"
ORG_NAME = "KIM-Netzwerk"
