"""The registration list (Anmeldeliste) of one course for its provider: an A4 landscape table as PDF."""

from kim_desktop.documents.formatting import format_date
from kim_desktop.documents.registration_list_data import HEADERS, RegistrationList, entry_cells
from kim_desktop.documents.table_document import TableDocument
from kim_desktop.documents.table_pdf import render_table_document

_WIDTHS_MM = (9, 40, 24, 48, 27, 30, 27, 16, 28, 22)  # 271 mm of the 273 mm between the margins
CONFIDENTIAL = (
    "Aufgeführt sind nur Personen, die eingewilligt haben, dass diese Daten für die Anmeldung an diesen "
    "Kursträger gehen. Bitte vertraulich behandeln und nach der Anmeldung nicht länger als nötig aufbewahren."
)


def render_registration_list(data: RegistrationList) -> bytes:
    """The list as PDF bytes; long values wrap inside their cells, the header row repeats on every page."""
    advisor = f", {data.advisor}" if data.advisor else ""
    return render_table_document(
        TableDocument(
            title=f"Anmeldeliste: {data.course}",
            lines=(
                f"für {data.provider} · {data.course_details}",
                f"von {data.office}{advisor} · Stand {format_date(data.created_on)}",
            ),
            header=HEADERS,
            rows=tuple((str(number), *entry_cells(entry)) for number, entry in enumerate(data.entries, start=1)),
            preferred_mm=_WIDTHS_MM,
            empty="Keine Person mit Einwilligung zur Weitergabe.",
            notes=(*((data.withheld_text,) if data.withheld_text else ()), CONFIDENTIAL),
            metadata_title=f"Anmeldeliste {data.course}",
            author=data.office,
        )
    )
