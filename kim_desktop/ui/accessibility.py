"""What a screen reader needs beyond Qt's defaults: labels tied to fields, required and invalid fields, announcements.

Measured on PySide6 6.12 / Linux (AT-SPI, what Orca reads):

- A field is tied to its visible label by ``QLabel.setBuddy``: Qt then reports the relation pair Label/Labelled
  (AT-SPI labelled-by/label-for), but only when label and field are siblings (children of the same widget).
- A combo box's accessible *name* on Linux is always its current value, whatever ``setAccessibleName`` says
  (Qt's QAccessibleComboBox: "on Linux we use relations for this"); Orca takes its label from labelled-by.
- Qt has no "required" and no "invalid entry" state (``QAccessible.State.invalid`` means a dead object and is not
  sent over AT-SPI). So a required field says so in its name ("Familienname, Pflichtfeld", and so does its label,
  which is what Orca reads for a combo box), and an invalid one carries the message as its accessible description
  and the dynamic property ``invalid``.
- ``QAccessible.Event.Alert`` is dropped by the AT-SPI bridge (it only plays a sound on Windows); what Orca and NVDA
  speak is an announcement (``QAccessibleAnnouncementEvent``, Qt 6.8+). ``announce()`` sends the announcement and,
  for errors, the alert as well.
- A heading role exists (``QAccessible.Role.Heading``) but a QLabel reports StaticText; ``mark_heading()`` puts a
  small accessible interface (installed once as a factory) in front of the labels marked as headings.
"""

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QLabel, QWidget

from kim_desktop.i18n import _

HEADING_PROPERTY = "kimHeadingLevel"
INVALID_PROPERTY = "invalid"


def is_required(label_text: str) -> bool:
    """Whether a form label marks its field as required (a '*' at the end, before a colon or not)."""
    return label_text.rstrip(" :").endswith("*")


def spoken_label(label_text: str) -> str:
    """A visible form label as a screen reader should say it: no '&' mnemonic, no colon, '*' said as 'Pflichtfeld'."""
    text = label_text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    bare = text.rstrip(" :*").rstrip()
    if not bare:
        return ""
    return _("{label}, Pflichtfeld").format(label=bare) if is_required(label_text) else bare


def label_field(label: QLabel, field: QWidget, label_text: str) -> None:
    """Tie a visible label to its field (buddy → Label/Labelled relation) and name both as a screen reader says them.

    The field keeps a name set before (e.g. "Kind 1, Geburtsdatum") unless the label makes it required.
    """
    label.setBuddy(field)
    name = spoken_label(label_text)
    if not name:
        return
    if is_required(label_text):
        label.setAccessibleName(name)  # Orca reads a combo box's label, not its name (its name is its value)
        field.setAccessibleName(name)
    elif not field.accessibleName():
        field.setAccessibleName(name)


def plain_name(field: QWidget) -> str:
    """The field's accessible name without the required mark ("Familienname", not "Familienname, Pflichtfeld")."""
    name = field.accessibleName()
    mark = _("{label}, Pflichtfeld").format(label="")
    return name.removesuffix(mark) if mark else name


def set_invalid(field: QWidget, message: str | None) -> None:
    """Mark a field as invalid with the message as its accessible description, or clear the mark (None)."""
    if message is None and field.property(INVALID_PROPERTY) is not True:
        return
    field.setProperty(INVALID_PROPERTY, message is not None)
    field.setAccessibleDescription(message or "")


def is_invalid(field: QWidget) -> bool:
    """Whether a field is marked invalid."""
    return field.property(INVALID_PROPERTY) is True


def _post(event: QAccessibleEvent) -> None:
    """Hand an event to the accessibility bridge (the one place tests listen in on)."""
    QAccessible.updateAccessibility(event)


def announce(source: QObject, text: str, *, error: bool = False) -> None:
    """Have a screen reader say text now: politely after what it is saying, or (an error) at once, with an alert.

    source is the widget that shows the text (the message label, the count); it must be alive.
    """
    if not text.strip():
        return
    event = QAccessibleAnnouncementEvent(source, text)
    if error:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    _post(event)
    if error:
        _post(QAccessibleEvent(source, QAccessible.Event.Alert))


# --- headings ------------------------------------------------------------------------------------------------


class _HeadingInterface(QAccessibleWidget):
    """A QLabel reported with the Heading role; its name is its text, as for any label."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label, QAccessible.Role.Heading)
        self._label = label

    def text(self, kind: QAccessible.Text) -> str:
        """The label's text as name (the accessible name when one is set)."""
        if kind == QAccessible.Text.Name:
            return self._label.accessibleName() or self._label.text()
        return str(super().text(kind))


def _heading_factory(_class_name: str, obj: QObject) -> QAccessibleInterface | None:
    if isinstance(obj, QLabel) and obj.property(HEADING_PROPERTY):
        return _HeadingInterface(obj)
    return None


_factory_installed = False


def mark_heading(label: QLabel, level: int = 1) -> QLabel:
    """Report a label as a heading (screen readers list headings and jump between them); call before it is shown."""
    global _factory_installed  # one factory for the whole application, installed on first use
    if not _factory_installed:
        QAccessible.installFactory(_heading_factory)
        _factory_installed = True
    label.setProperty(HEADING_PROPERTY, level)
    return label
