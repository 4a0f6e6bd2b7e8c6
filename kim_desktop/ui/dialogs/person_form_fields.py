"""The fields of the person form, grouped as on the registration form; fill from and collect into PersonInput."""

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kim_desktop.domain.course_types import DEFAULT_COURSE_TYPES
from kim_desktop.domain.enums import FeeExemption, GermanLevel, Literacy, PermissionKind, Sex
from kim_desktop.i18n import _
from kim_desktop.services.people_dto import ChildInput, Choice, PermissionInput, PersonInput
from kim_desktop.ui.accessibility import label_field
from kim_desktop.ui.labels import (
    course_type_label,
    fee_exemption_label,
    german_level_label,
    literacy_label,
    permission_label,
    sex_label,
)
from kim_desktop.ui.widgets.availability_grid import AvailabilityGrid
from kim_desktop.ui.widgets.field_errors import FieldErrors
from kim_desktop.ui.widgets.form_inputs import (
    NONE_VALUE,
    ChildRow,
    enum_combo,
    optional_spin,
    select_data,
    spin_value,
    text_or_none,
)
from kim_desktop.ui.widgets.optional_date_edit import OptionalDateEdit


class PersonFields(QWidget):
    """All fields of a person in labelled groups; errors are shown under the field they concern."""

    def __init__(self) -> None:
        super().__init__()
        self.errors = FieldErrors()
        self._children: list[ChildRow] = []
        self._permission_id: int | None = None
        columns = QGridLayout(self)
        columns.addWidget(self._identity(), 0, 0)
        columns.addWidget(self._contact(), 1, 0)
        columns.addWidget(self._permission(), 2, 0)
        columns.addWidget(self._languages(), 0, 1)
        columns.addWidget(self._family_and_times(), 1, 1, 2, 1)
        columns.addWidget(self._work(), 3, 0, 1, 2)
        columns.setColumnStretch(0, 1)
        columns.setColumnStretch(1, 1)

    # --- building -----------------------------------------------------------------------------------

    def _row(self, form: QFormLayout, label: str, name: str, widget: QWidget) -> None:
        """A labelled row: the label is the field's buddy, so screen readers hear it (and 'Pflichtfeld' for '*')."""
        widget.setObjectName(name)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(widget)
        box.addWidget(self.errors.message_label(name, widget))
        if not label:
            form.addRow(label, box)  # a check box says what it is itself
            return
        caption = QLabel(label)
        form.addRow(caption, box)
        label_field(caption, widget, label)

    def _identity(self) -> QGroupBox:
        group = QGroupBox(_("Person"))
        form = QFormLayout(group)
        self.family_name = QLineEdit()
        self.given_names = QLineEdit()
        self.birth_date = OptionalDateEdit()
        self.birth_place = QLineEdit()
        self.sex = enum_combo(Sex, sex_label)
        self.nationalities = QLineEdit()
        self.nationalities.setPlaceholderText(_("z. B. SY, TR"))
        self.first_contact_on = OptionalDateEdit()
        self._row(form, _("Familienname *"), "family_name", self.family_name)
        self._row(form, _("Vorname(n)"), "given_names", self.given_names)
        self._row(form, _("Geburtsdatum"), "birth_date", self.birth_date)
        self._row(form, _("Geburtsort"), "birth_place", self.birth_place)
        self._row(form, _("Geschlecht"), "sex", self.sex)
        self._row(form, _("Staatsangehörigkeit(en)"), "nationalities", self.nationalities)
        self._row(form, _("Erstkontakt am"), "first_contact_on", self.first_contact_on)
        return group

    def _contact(self) -> QGroupBox:
        group = QGroupBox(_("Kontakt und Adresse"))
        form = QFormLayout(group)
        self.street = QLineEdit()
        self.postcode = QLineEdit()
        self.postcode.setMaxLength(10)
        self.municipality = QComboBox()
        self.phone = QLineEdit()
        self.email = QLineEdit()
        self._row(form, _("Straße, Hausnummer"), "street", self.street)
        self._row(form, _("PLZ"), "postcode", self.postcode)
        self._row(form, _("Wohnort (Gemeinde) *"), "municipality_id", self.municipality)
        # What a typed postcode says about the municipality (person_form.py fills it from the reference data).
        self.postcode_hint = QLabel()
        self.postcode_hint.setObjectName("postcodeHint")
        self.postcode_hint.setWordWrap(True)
        self.postcode_hint.hide()
        form.addRow("", self.postcode_hint)
        self._row(form, _("Telefon"), "phone", self.phone)
        self._row(form, _("E-Mail"), "email", self.email)
        return group

    def _languages(self) -> QGroupBox:
        group = QGroupBox(_("Sprachen, Bildung, Deutsch"))
        form = QFormLayout(group)
        self.first_language = QLineEdit()
        self.first_language.setPlaceholderText(_("z. B. ar, ti, uk"))
        self.other_languages = QLineEdit()
        self.interpreter_needed = QCheckBox(_("Dolmetschung nötig"))
        self.letter_language = QLineEdit()
        self.literacy = enum_combo(Literacy, literacy_label)
        self.school_years = optional_spin(30)
        self.education = QLineEdit()
        self.german_level = enum_combo(GermanLevel, german_level_label)
        self.placement_test_date = OptionalDateEdit()
        self.placement_test_result = QLineEdit()
        self.recommended_course_type = QComboBox()
        self.recommended_course_type.addItem("—", None)
        for figures in DEFAULT_COURSE_TYPES:
            self.recommended_course_type.addItem(course_type_label(figures.course_type), figures.course_type)
        self.recommended_module = optional_spin(9)
        self._row(form, _("Erstsprache"), "first_language", self.first_language)
        self._row(form, _("Weitere Sprachen"), "other_languages", self.other_languages)
        self._row(form, "", "interpreter_needed", self.interpreter_needed)
        self._row(form, _("Sprache der Briefe"), "letter_language", self.letter_language)
        self._row(form, _("Alphabetisierung"), "literacy", self.literacy)
        self._row(form, _("Schuljahre"), "school_years", self.school_years)
        self._row(form, _("Bildung / Beruf"), "education", self.education)
        self._row(form, _("Deutschkenntnisse"), "german_level", self.german_level)
        self._row(form, _("Einstufungstest am"), "placement_test_date", self.placement_test_date)
        self._row(form, _("Ergebnis"), "placement_test_result", self.placement_test_result)
        self._row(form, _("Empfohlener Kurs"), "recommended_course_type", self.recommended_course_type)
        self._row(form, _("Empfohlenes Modul"), "recommended_module", self.recommended_module)
        return group

    def _permission(self) -> QGroupBox:
        group = QGroupBox(_("Berechtigung und Kosten"))
        form = QFormLayout(group)
        self.has_permission = QCheckBox(_("Bescheid liegt vor"))
        self.permission_kind = enum_combo(PermissionKind, permission_label)
        self.issuer = QComboBox()
        self.file_number = QLineEdit()
        self.issued_on = OptionalDateEdit()
        self.expires_on = OptionalDateEdit()
        self.obliged = QCheckBox(_("zur Teilnahme verpflichtet"))
        self.registered_on = OptionalDateEdit()
        self.residence_status = QLineEdit()
        self.jobcenter_number = QLineEdit()
        self.fee_exemption = enum_combo(FeeExemption, fee_exemption_label)
        self.travel_subsidy = QCheckBox(_("Fahrtkostenzuschuss beantragt"))
        self._row(form, "", "has_permission", self.has_permission)
        self._permission_widgets: list[QWidget] = [
            self.permission_kind, self.issuer, self.file_number, self.issued_on, self.expires_on, self.obliged,
            self.registered_on,
        ]  # fmt: skip
        self._row(form, _("Art"), "permission.kind", self.permission_kind)
        self._row(form, _("Ausgestellt von"), "permission.issuer_id", self.issuer)
        self._row(form, _("Aktenzeichen"), "permission.file_number", self.file_number)
        self._row(form, _("Ausgestellt am"), "permission.issued_on", self.issued_on)
        self._row(form, _("Gültig bis"), "permission.expires_on", self.expires_on)
        self._row(form, "", "permission.obliged", self.obliged)
        self._row(form, _("Beim Träger angemeldet am"), "permission.registered_with_provider_on", self.registered_on)
        self._row(form, _("Aufenthaltsstatus"), "residence_status", self.residence_status)
        self._row(form, _("Jobcenter-Kundennummer"), "jobcenter_customer_number", self.jobcenter_number)
        self._row(form, _("Kostenbefreiung"), "fee_exemption", self.fee_exemption)
        self._row(form, "", "travel_subsidy_requested", self.travel_subsidy)
        self.has_permission.toggled.connect(self._permission_toggled)
        self._permission_toggled(False)
        return group

    def _family_and_times(self) -> QGroupBox:
        group = QGroupBox(_("Kinder, Zeiten, Wege"))
        form = QFormLayout(group)
        self.needs_childcare = QCheckBox(_("Kinderbetreuung nötig"))
        self._children_box = QVBoxLayout()
        add_child = QPushButton(_("Kind hinzufügen"))
        add_child.setObjectName("add_child")
        add_child.setAutoDefault(False)
        add_child.clicked.connect(lambda: self.add_child())
        children = QWidget()
        children_layout = QVBoxLayout(children)
        children_layout.setContentsMargins(0, 0, 0, 0)
        children_layout.addLayout(self._children_box)
        children_layout.addWidget(add_child)
        self.availability = AvailabilityGrid()
        self.public_transport = QCheckBox(_("Bus und Bahn"))
        self.car = QCheckBox(_("Auto"))
        self.on_foot = QCheckBox(_("zu Fuß / Rad"))
        travel = QWidget()
        travel_layout = QHBoxLayout(travel)
        travel_layout.setContentsMargins(0, 0, 0, 0)
        for box in (self.public_transport, self.car, self.on_foot):
            travel_layout.addWidget(box)
        self.max_travel = optional_spin(300, " min")
        self._row(form, "", "needs_childcare", self.needs_childcare)
        self._row(form, _("Kinder"), "children", children)
        self._row(form, _("Kann teilnehmen"), "availability", self.availability)
        self._row(form, _("Unterwegs mit"), "travel", travel)
        self._row(form, _("Längste Fahrzeit"), "max_travel_minutes", self.max_travel)
        return group

    def _work(self) -> QGroupBox:
        group = QGroupBox(_("Arbeit und Besonderes"))
        form = QFormLayout(group)
        self.employment = QLineEdit()
        self.working_hours = QLineEdit()
        self.special_needs = QPlainTextEdit()
        self.special_needs.setTabChangesFocus(True)  # Tab moves on instead of typing a tab character
        self.special_needs.setTabChangesFocus(True)
        self.special_needs.setFixedHeight(60)
        self._row(form, _("Beschäftigung"), "employment", self.employment)
        self._row(form, _("Arbeitszeiten"), "working_hours", self.working_hours)
        self._row(form, _("Besondere Bedürfnisse"), "special_needs", self.special_needs)
        return group

    def _permission_toggled(self, on: bool) -> None:
        for widget in self._permission_widgets:
            widget.setEnabled(on)

    # --- children ------------------------------------------------------------------------------------

    def add_child(self, child: ChildInput | None = None) -> ChildRow:
        """Add a line for a child (empty, or filled)."""
        row = ChildRow(len(self._children), self._remove_child)
        name = f"children.{len(self._children)}.birth_date"
        self._children_box.addWidget(row)
        self._children_box.addWidget(self.errors.message_label(name, row.birth_date))
        if child is not None:
            row.birth_date.set_value(child.birth_date)
            row.needs_care.setChecked(child.needs_care)
        self._children.append(row)
        return row

    def _remove_child(self, row: ChildRow) -> None:
        values = [c for c in self._collect_children() if c is not None]
        index = self._children.index(row)
        del values[index]
        self._set_children(tuple(values))

    def _collect_children(self) -> list[ChildInput]:
        return [ChildInput(r.birth_date.value(), r.needs_care.isChecked()) for r in self._children]

    def _set_children(self, children: tuple[ChildInput, ...]) -> None:
        while self._children_box.count():
            old = self._children_box.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        self._children = []
        self.errors.forget_prefix("children.")
        for child in children:
            self.add_child(child)

    # --- values ---------------------------------------------------------------------------------------

    def set_choices(self, municipalities: list[Choice], issuers: list[Choice]) -> None:
        """Fill the pick lists (keeps the current selection)."""
        current = self.municipality.currentData()
        self.municipality.clear()
        self.municipality.addItem(_("— bitte wählen —"), None)
        for choice in municipalities:
            self.municipality.addItem(choice.label, choice.id)
        select_data(self.municipality, current)
        current = self.issuer.currentData()
        self.issuer.clear()
        self.issuer.addItem("—", None)
        for choice in issuers:
            self.issuer.addItem(choice.label, choice.id)
        select_data(self.issuer, current)

    def fill(self, data: PersonInput) -> None:
        """Show a person's values."""
        self.family_name.setText(data.family_name)
        self.given_names.setText(data.given_names)
        self.birth_date.set_value(data.birth_date)
        self.birth_place.setText(data.birth_place or "")
        select_data(self.sex, data.sex)
        self.nationalities.setText(data.nationalities)
        self.first_contact_on.set_value(data.first_contact_on)
        self.street.setText(data.street or "")
        self.postcode.setText(data.postcode or "")
        select_data(self.municipality, data.municipality_id)
        self.phone.setText(data.phone or "")
        self.email.setText(data.email or "")
        self.first_language.setText(data.first_language or "")
        self.other_languages.setText(data.other_languages)
        self.interpreter_needed.setChecked(data.interpreter_needed)
        self.letter_language.setText(data.letter_language or "")
        select_data(self.literacy, data.literacy)
        self.school_years.setValue(NONE_VALUE if data.school_years is None else data.school_years)
        self.education.setText(data.education or "")
        select_data(self.german_level, data.german_level)
        self.placement_test_date.set_value(data.placement_test_date)
        self.placement_test_result.setText(data.placement_test_result or "")
        select_data(self.recommended_course_type, data.recommended_course_type)
        self.recommended_module.setValue(NONE_VALUE if data.recommended_module is None else data.recommended_module)
        permission = data.permission
        self.has_permission.setChecked(permission is not None)
        self._permission_id = permission.id if permission else None
        if permission is not None:
            select_data(self.permission_kind, permission.kind)
            select_data(self.issuer, permission.issuer_id)
            self.file_number.setText(permission.file_number or "")
            self.issued_on.set_value(permission.issued_on)
            self.expires_on.set_value(permission.expires_on)
            self.obliged.setChecked(permission.obliged)
            self.registered_on.set_value(permission.registered_with_provider_on)
        self.residence_status.setText(data.residence_status or "")
        self.jobcenter_number.setText(data.jobcenter_customer_number or "")
        select_data(self.fee_exemption, data.fee_exemption)
        self.travel_subsidy.setChecked(data.travel_subsidy_requested)
        self.needs_childcare.setChecked(data.needs_childcare)
        self._set_children(data.children)
        self.availability.set_value(data.availability)
        self.public_transport.setChecked(data.travel_public_transport)
        self.car.setChecked(data.travel_car)
        self.on_foot.setChecked(data.travel_on_foot)
        self.max_travel.setValue(NONE_VALUE if data.max_travel_minutes is None else data.max_travel_minutes)
        self.employment.setText(data.employment or "")
        self.working_hours.setText(data.working_hours or "")
        self.special_needs.setPlainText(data.special_needs or "")

    def collect(self) -> PersonInput:
        """The values as entered (unchecked: the service validates)."""
        permission = None
        if self.has_permission.isChecked():
            permission = PermissionInput(
                kind=self.permission_kind.currentData(),
                issuer_id=self.issuer.currentData(),
                issuer_name=self.issuer.currentText() if self.issuer.currentData() is not None else None,
                file_number=text_or_none(self.file_number),
                issued_on=self.issued_on.value(),
                expires_on=self.expires_on.value(),
                obliged=self.obliged.isChecked(),
                registered_with_provider_on=self.registered_on.value(),
                id=self._permission_id,
            )
        return PersonInput(
            family_name=self.family_name.text(),
            given_names=self.given_names.text(),
            birth_date=self.birth_date.value(),
            birth_place=text_or_none(self.birth_place),
            sex=self.sex.currentData(),
            street=text_or_none(self.street),
            postcode=text_or_none(self.postcode),
            municipality_id=self.municipality.currentData(),
            phone=text_or_none(self.phone),
            email=text_or_none(self.email),
            nationalities=self.nationalities.text(),
            first_language=text_or_none(self.first_language),
            other_languages=self.other_languages.text(),
            interpreter_needed=self.interpreter_needed.isChecked(),
            letter_language=text_or_none(self.letter_language),
            literacy=self.literacy.currentData(),
            school_years=spin_value(self.school_years),
            education=text_or_none(self.education),
            german_level=self.german_level.currentData(),
            placement_test_date=self.placement_test_date.value(),
            placement_test_result=text_or_none(self.placement_test_result),
            recommended_course_type=self.recommended_course_type.currentData(),
            recommended_module=spin_value(self.recommended_module),
            residence_status=text_or_none(self.residence_status),
            jobcenter_customer_number=text_or_none(self.jobcenter_number),
            fee_exemption=self.fee_exemption.currentData(),
            travel_subsidy_requested=self.travel_subsidy.isChecked(),
            needs_childcare=self.needs_childcare.isChecked(),
            travel_public_transport=self.public_transport.isChecked(),
            travel_car=self.car.isChecked(),
            travel_on_foot=self.on_foot.isChecked(),
            max_travel_minutes=spin_value(self.max_travel),
            employment=text_or_none(self.employment),
            working_hours=text_or_none(self.working_hours),
            special_needs=self.special_needs.toPlainText() or None,
            first_contact_on=self.first_contact_on.value(),
            permission=permission,
            children=tuple(self._collect_children()),
            availability=self.availability.value(),
        )
