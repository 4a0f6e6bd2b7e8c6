"""The referral letter (Vermittlungsschreiben): German, then the same text in the person's language, as PDF."""

from collections.abc import Sequence
from datetime import date
from functools import partial

from reportlab.platypus import Flowable

from kim_desktop.documents.formatting import format_date, format_money, format_time, format_weekdays
from kim_desktop.documents.letter_data import ReferralLetterData, RenderedBatch, RenderedLetter
from kim_desktop.documents.letter_facts import childcare_text, course_start_text, opening_hours_text, way_there_lines
from kim_desktop.documents.letter_layout import LetterFrame, build_letters_pdf
from kim_desktop.documents.letter_sections import (
    FIRST_GUESS,
    MAX_LAYOUTS,
    SectionWriter,
    bilingual_story,
    laid_out_right,
    render_bilingual,
    text_versions,
)
from kim_desktop.documents.letter_texts import LetterTexts, german_texts
from kim_desktop.documents.typesetting import Typesetter
from kim_desktop.domain.enums import FeeExemption, PermissionKind

# The sentence on the exemption after the fee, for a person with a permission (self-payers get their own).
_EXEMPTION_TEXT = {
    FeeExemption.NONE: "referral.fee_exemption_possible",
    FeeExemption.REQUESTED: "referral.fee_exemption_requested",
    FeeExemption.REFUSED: "referral.fee_exemption_refused",
}


def referral_values(data: ReferralLetterData, texts: LetterTexts) -> dict[str, str]:
    """Every placeholder value the referral letter's texts may use, written for the texts' language."""
    not_given = texts.text("labels.not_given")

    def day(value: date | None) -> str:
        return format_date(value) if value else not_given

    person, permission, course, costs = data.person, data.permission, data.course, data.costs
    return {
        "full_name": person.full_name,
        # In a sentence a missing issuer is "the responsible authority", never "nicht angegeben hat Sie …".
        "issuer": permission.issuer or texts.text("labels.issuer_unknown"),
        "issued_on": day(permission.issued_on),
        "expires_on": day(permission.expires_on),
        "entry_module": str(course.entry_module) if course.entry_module is not None else not_given,
        "weekdays": format_weekdays(course.weekdays_mask, texts.weekdays_short),
        "start_time": format_time(course.start_time),
        "end_time": format_time(course.end_time),
        "ue_per_week": str(course.ue_per_week),
        "provider_phone": course.provider_phone or not_given,
        "registration_deadline": day(course.registration_deadline),
        "seat_held_until": day(course.seat_held_until),
        "seat_provisional_days": str(course.seat_provisional_days or ""),
        "fee_per_ue": format_money(costs.rate_per_ue_cents),
        "section_ue": str(costs.section_ue),
        "fee_per_section": format_money(costs.per_section_cents),
        "advisor_name": data.advisor.name or data.office.department or data.office.name,  # never "ist ."
        "advisor_phone": data.advisor.phone or data.office.phone or not_given,
        "advisor_email": data.advisor.email or data.office.email or not_given,
        "opening_hours": opening_hours_text(texts, data.office.opening_hours, data.office.opening_times) or not_given,
    }


def _person_part(data: ReferralLetterData, writer: SectionWriter) -> list[Flowable]:
    person = data.person
    address = "\n".join((person.street, f"{person.postcode} {person.city}".strip()))
    rows = [
        ("name", person.full_name),
        ("birth_date", format_date(person.birth_date) if person.birth_date else writer.label("not_given")),
        ("address", address),
    ]
    return [writer.heading("referral.person_heading", writer.fields(rows))]


def _permission_part(data: ReferralLetterData, writer: SectionWriter) -> list[Flowable]:
    permission = data.permission
    sentence = f"referral.permission_{permission.kind}"
    if permission.kind is not PermissionKind.SELBSTZAHLER and permission.issued_on is None:
        sentence += "_undated"  # no date known: a sentence without one, never "am nicht angegeben"
    story = [writer.heading("referral.permission_heading", writer.paragraph(sentence))]
    if permission.kind is not PermissionKind.SELBSTZAHLER:
        if permission.expires_on:
            story.append(writer.paragraph("referral.permission_expiry"))
        if permission.obliged:
            story.append(writer.paragraph("referral.obligation", bold=True))
        rows = [
            ("permission_kind", writer.text(f"permission_kinds.{permission.kind}")),
            ("issuer", permission.issuer or writer.label("not_given")),
            ("issued_on", writer.values["issued_on"]),
            ("expires_on", writer.values["expires_on"]),
        ]
        if permission.file_number:
            rows.append(("file_number", permission.file_number))
        story.append(writer.fields(rows))
    return story


def _course_part(data: ReferralLetterData, writer: SectionWriter) -> list[Flowable]:
    course = data.course
    entry = "referral.entry_module_value" if course.entry_module is not None else "referral.entry_module_unknown"
    provider = "\n".join(
        part
        for part in (course.provider_name, course.provider_address, writer.text("referral.provider_phone_value"))
        if part
    )
    location = "\n".join(part for part in (course.location_name, course.location_address) if part)
    rows = [
        ("course_type", writer.text(f"course_types.{course.course_type}")),
        ("entry_module", writer.text(entry)),
        ("start_date", course_start_text(writer.texts, course, data.issue_date)),
        ("schedule", writer.text("referral.schedule_value")),
        ("ue_per_week", writer.text("referral.ue_per_week_value")),
        ("provider", provider),
        ("location", location),
        ("transit", "\n".join(way_there_lines(writer.texts, course.way))),
        ("childcare", childcare_text(writer.texts, course.childcare)),
    ]
    return [writer.heading("referral.course_heading", writer.paragraph("referral.course_intro")), writer.fields(rows)]


def _registration_part(data: ReferralLetterData, writer: SectionWriter) -> list[Flowable]:
    deadline = "referral.deadline" if data.course.registration_deadline else "referral.deadline_none"
    bring = ["bring.passport", "bring.residence_title"]
    if not data.costs.self_payer:  # a self-payer has no permission to bring
        bring.append("bring.permission")
    if data.costs.may_apply_for_exemption or data.costs.exemption is FeeExemption.REQUESTED:
        bring.append("bring.benefit_notice")  # proof for the exemption: useless to self-payers and the refused
    bring.append("bring.this_letter")
    register = [writer.paragraph(deadline, bold=True)]
    if data.course.seat_provisional_days is not None:  # taken offline: requested, confirmed after the outing
        register.append(writer.paragraph("referral.seat_provisional", bold=True))
    elif data.course.seat_held_until is not None:  # the hold's end is the register-by date: keep them together
        register.append(writer.paragraph("referral.seat_held", bold=True))
    return [
        writer.heading("referral.deadline_heading", register),
        writer.paragraph("referral.bring_heading", space_after=2),
        writer.bullets(bring),
    ]


def _money_part(data: ReferralLetterData, writer: SectionWriter) -> list[Flowable]:
    """The cost sentences, each one following from the cost statement (domain.course_costs), none from elsewhere."""
    costs = data.costs
    if costs.exempt:
        sentences = ["referral.fee_exemption_granted"]
    elif costs.self_payer:
        sentences = ["referral.fee", "referral.fee_self_payer"]
    else:
        sentences = ["referral.fee", _EXEMPTION_TEXT[costs.exemption]]
    story = [
        writer.heading("referral.fee_heading", writer.paragraph(sentences[0])),
        *(writer.paragraph(key) for key in sentences[1:]),
    ]
    if costs.travel_subsidy:
        story.append(writer.heading("referral.travel_heading", writer.paragraph("referral.travel_subsidy")))
    return story


def _referral_section(data: ReferralLetterData, texts: LetterTexts, typesetter: Typesetter) -> list[Flowable]:
    writer = SectionWriter(texts, typesetter, referral_values(data, texts))
    return [
        *writer.opening("referral.subject", "referral.intro"),
        *_person_part(data, writer),
        *_permission_part(data, writer),
        *_course_part(data, writer),
        *_registration_part(data, writer),
        *_money_part(data, writer),
        *writer.contact_and_closing(data.advisor, data.office),
    ]


def _frame(data: ReferralLetterData) -> LetterFrame:
    german = german_texts()
    return LetterFrame(
        office=data.office,
        advisor=data.advisor,
        person=data.person,
        issue_date=data.issue_date,
        reference=data.reference,
        title=german.text("referral.subject"),
        german=german,
    )


def render_referral_letter(data: ReferralLetterData) -> RenderedLetter:
    """The referral letter as A4 PDF: German, then the person's language if texts exist for it."""
    return render_bilingual(
        _frame(data), data.language, lambda texts, typesetter: _referral_section(data, texts, typesetter)
    )


def render_referral_letters(letters: Sequence[ReferralLetterData]) -> RenderedBatch:
    """Many referral letters as one PDF (fonts embedded once); each letter's pages as when printed alone."""
    title = f"{german_texts().text('referral.subject')} ({len(letters)})"
    guesses = [FIRST_GUESS] * len(letters)
    for _ in range(MAX_LAYOUTS):
        parts, versions, checks = [], [], []
        for data, guess in zip(letters, guesses, strict=True):
            story, used, probe = bilingual_story(
                data.language, partial(_referral_section, data), guess, data.issue_date
            )
            parts.append((_frame(data), story))
            versions.append(text_versions(used))
            checks.append((probe, used))
        pdf = build_letters_pdf(parts, title=title)
        corrections = [laid_out_right(probe, guess, used) for (probe, used), guess in zip(checks, guesses, strict=True)]
        if all(right is None for right in corrections):
            break
        guesses = [right or guess for right, guess in zip(corrections, guesses, strict=True)]
    return RenderedBatch(pdf=pdf, text_versions=tuple(versions))
