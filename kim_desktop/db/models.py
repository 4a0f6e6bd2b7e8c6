"""Typed SQLAlchemy models of the whole domain: network, courses, people, counselling, referrals, privacy."""

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kim_desktop.db import timetable_models  # noqa: F401 - registers the timetable tables on the metadata
from kim_desktop.db.base import Base, enum_column_type
from kim_desktop.domain.consent_scope import ConsentPurpose, DataCategory
from kim_desktop.domain.enums import (
    Channel,
    ConsentMethod,
    CourseStatus,
    CourseType,
    DocumentKind,
    FeeExemption,
    GermanLevel,
    Literacy,
    OrganisationKind,
    PartOfDay,
    PermissionKind,
    ReferralState,
    Role,
    Sex,
    WaitingStatus,
)

# Column types reused across tables.
COURSE_TYPE = enum_column_type(CourseType, "course_type")
PART_OF_DAY = enum_column_type(PartOfDay, "part_of_day")


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


class Timestamped:
    """Created/updated timestamps (local time of the desk)."""

    created_at: Mapped[datetime] = mapped_column(default=_now)
    updated_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)


class PartnerOwned:
    """Rows of one partner of the network: row-level security on PostgreSQL keys on this column.

    NULL in a single-office database (all rows are the office's own); in a network database (db/network_sql.py)
    it is NOT NULL, filled from the partner's login, and every policy compares it with the connecting partner.
    No foreign key here: the network set-up adds the composite keys (id, partner_id) on PostgreSQL.
    """

    partner_id: Mapped[int | None] = mapped_column(index=True, server_default=sa.FetchedValue())


# --- the network -------------------------------------------------------------------------------------


class Organisation(Timestamped, Base):
    """A partner of the KIM network (Jobcenter, provider, Ausländerbehörde, counselling service ...)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(sa.String(60))
    kind: Mapped[OrganisationKind] = mapped_column(enum_column_type(OrganisationKind, "organisation_kind"))
    street: Mapped[str | None] = mapped_column(sa.String(200))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    city: Mapped[str | None] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(50))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    website: Mapped[str | None] = mapped_column(sa.String(200))
    bamf_provider_number: Mapped[str | None] = mapped_column(sa.String(30))
    agreement_signed_on: Mapped[date | None]
    agreement_renewed_on: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)

    contacts: Mapped[list["ContactPerson"]] = relationship(back_populates="organisation", cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative API


class ContactPerson(Base):
    """A contact person at a partner organisation."""

    __tablename__ = "contact_persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str | None] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(50))
    email: Mapped[str | None] = mapped_column(sa.String(200))

    organisation: Mapped[Organisation] = relationship(back_populates="contacts")


class Municipality(Base):
    """A municipality of the region (where people live)."""

    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    postcodes: Mapped[str] = mapped_column(sa.String(200), default="")  # comma-separated
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    is_town: Mapped[bool] = mapped_column(default=False)
    # Amtlicher Gemeindeschlüssel (8 digits: Land, Regierungsbezirk, Kreis, Gemeinde); None where typed by hand.
    ags: Mapped[str | None] = mapped_column(sa.String(8))
    # A retired municipality stays on old records but is no longer offered for new ones.
    retired: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    # A unique index, not a constraint: migration 0005 adds it without rebuilding the table on SQLite.
    __table_args__ = (sa.Index("uq_municipalities_ags", "ags", unique=True),)


class CourseLocation(Base):
    """A place where a provider teaches courses."""

    __tablename__ = "course_locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    street: Mapped[str] = mapped_column(sa.String(200))
    postcode: Mapped[str] = mapped_column(sa.String(10))
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    transit_notes: Mapped[str | None] = mapped_column(sa.Text)  # bus lines and stops
    accessible: Mapped[bool] = mapped_column(default=False)
    childcare_on_site: Mapped[bool] = mapped_column(default=False)

    provider: Mapped[Organisation] = relationship()
    municipality: Mapped[Municipality] = relationship()

    __table_args__ = (sa.UniqueConstraint("provider_id", "name"),)


class TravelTime(Base):
    """Travel time by public transport from a municipality to a course location."""

    __tablename__ = "travel_times"

    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    location_id: Mapped[int] = mapped_column(
        sa.ForeignKey("course_locations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    minutes: Mapped[int]
    distance_km: Mapped[float | None]
    connection_notes: Mapped[str | None] = mapped_column(sa.String(300))

    __table_args__ = (sa.CheckConstraint("minutes >= 0", name="minutes_not_negative"),)


class CourseTypeRule(Base):
    """Editable figures per course type (defaults from domain.md)."""

    __tablename__ = "course_type_rules"

    course_type: Mapped[CourseType] = mapped_column(COURSE_TYPE, primary_key=True)
    language_ue: Mapped[int]
    orientation_ue: Mapped[int]
    max_participants: Mapped[int]
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    offered: Mapped[bool] = mapped_column(default=True)


class Rule(Base):
    """One overridden value of the rules table (fees, thresholds, weights, retention periods)."""

    __tablename__ = "rules"

    key: Mapped[str] = mapped_column(sa.String(60), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(200))
    changed_at: Mapped[datetime] = mapped_column(default=_now, onupdate=_now)


class Course(Timestamped, Base):
    """A course offer with its schedule, seats and childcare."""

    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    bamf_course_number: Mapped[str | None] = mapped_column(sa.String(30), unique=True)
    course_type: Mapped[CourseType] = mapped_column(COURSE_TYPE, index=True)
    title: Mapped[str | None] = mapped_column(sa.String(200))
    provider_id: Mapped[int] = mapped_column(sa.ForeignKey("organisations.id"), index=True)
    location_id: Mapped[int] = mapped_column(sa.ForeignKey("course_locations.id"), index=True)
    start_date: Mapped[date] = mapped_column(index=True)
    end_date: Mapped[date]
    current_module: Mapped[int] = mapped_column(default=1)
    weekdays_mask: Mapped[int]
    start_time: Mapped[time]
    end_time: Mapped[time]
    ue_per_week: Mapped[int]
    max_seats: Mapped[int]
    booked_reported: Mapped[int | None]  # the provider's own count, from an import
    booked_reported_at: Mapped[datetime | None]
    booked_reported_by: Mapped[str | None] = mapped_column(sa.String(200))
    registration_deadline: Mapped[date | None]
    childcare_places: Mapped[int] = mapped_column(default=0)
    childcare_min_age_months: Mapped[int | None]
    childcare_max_age_years: Mapped[int | None]
    status: Mapped[CourseStatus] = mapped_column(
        enum_column_type(CourseStatus, "course_status"), default=CourseStatus.OPEN, index=True
    )
    notes: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)

    provider: Mapped[Organisation] = relationship()
    location: Mapped[CourseLocation] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        sa.CheckConstraint("max_seats > 0", name="max_seats_positive"),
        sa.CheckConstraint("end_date >= start_date", name="ends_after_start"),
        sa.CheckConstraint("weekdays_mask > 0 AND weekdays_mask < 128", name="weekdays_valid"),
        sa.CheckConstraint("ue_per_week > 0", name="ue_per_week_positive"),
        sa.CheckConstraint("childcare_places >= 0", name="childcare_places_not_negative"),
        sa.CheckConstraint("current_module >= 1", name="module_positive"),
    )


# --- accounts ----------------------------------------------------------------------------------------


class UnknownSignIn(Base):
    """Failed sign-ins under a user name that has no account, counted like an account's (docs/data-protection.md).

    Holds no name: only a keyed hash of it (HMAC with the database's own key, see InstallationKey), so a
    mistyped name or a password typed into the name field is not stored. Old rows are removed as new ones come.
    """

    __tablename__ = "unknown_sign_ins"

    digest: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_attempt: Mapped[datetime] = mapped_column(index=True)


class InstallationKey(Base):
    """A random secret of this database (made on first use), e.g. the key of the unknown names' hashes."""

    __tablename__ = "installation_keys"

    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    value: Mapped[str] = mapped_column(sa.String(128))


class Advisor(PartnerOwned, Base):
    """A user account: an advisor, an administrator or a read-only user."""

    __tablename__ = "advisors"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(60), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(200))
    organisation_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    role: Mapped[Role] = mapped_column(enum_column_type(Role, "role"))
    password_hash: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(50))
    email: Mapped[str | None] = mapped_column(sa.String(200))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_sign_in: Mapped[datetime | None]  # the last successful sign-in (not screen unlocks)
    created_at: Mapped[datetime] = mapped_column(default=_now)

    organisation: Mapped[Organisation | None] = relationship()


# --- people ------------------------------------------------------------------------------------------


class Person(Timestamped, PartnerOwned, Base):
    """A person seeking counselling (Ratsuchende/r): the fields of the official form plus counselling needs."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    family_name: Mapped[str] = mapped_column(sa.String(200))
    given_names: Mapped[str] = mapped_column(sa.String(200))
    search_key: Mapped[str] = mapped_column(sa.String(400), index=True)  # folded "family given" for search
    birth_date: Mapped[date | None] = mapped_column(index=True)
    birth_place: Mapped[str | None] = mapped_column(sa.String(200))
    sex: Mapped[Sex] = mapped_column(enum_column_type(Sex, "sex"), default=Sex.UNSPECIFIED)
    street: Mapped[str | None] = mapped_column(sa.String(200))
    postcode: Mapped[str | None] = mapped_column(sa.String(10))
    municipality_id: Mapped[int | None] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    phone: Mapped[str | None] = mapped_column(sa.String(50), index=True)
    email: Mapped[str | None] = mapped_column(sa.String(200))
    nationalities: Mapped[str] = mapped_column(sa.String(200), default="")  # ISO codes, comma-separated
    first_language: Mapped[str | None] = mapped_column(sa.String(20))  # ISO 639-1/3 code
    other_languages: Mapped[str] = mapped_column(sa.String(200), default="")
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    letter_language: Mapped[str | None] = mapped_column(sa.String(10))
    literacy: Mapped[Literacy] = mapped_column(enum_column_type(Literacy, "literacy"), default=Literacy.LATIN)
    school_years: Mapped[int | None]
    education: Mapped[str | None] = mapped_column(sa.String(200))
    german_level: Mapped[GermanLevel] = mapped_column(
        enum_column_type(GermanLevel, "german_level"), default=GermanLevel.NONE
    )
    placement_test_date: Mapped[date | None]
    placement_test_result: Mapped[str | None] = mapped_column(sa.String(100))
    recommended_course_type: Mapped[CourseType | None] = mapped_column(COURSE_TYPE)
    recommended_module: Mapped[int | None]
    residence_status: Mapped[str | None] = mapped_column(sa.String(100))
    jobcenter_customer_number: Mapped[str | None] = mapped_column(sa.String(30))
    fee_exemption: Mapped[FeeExemption] = mapped_column(
        enum_column_type(FeeExemption, "fee_exemption"), default=FeeExemption.NONE
    )
    travel_subsidy_requested: Mapped[bool] = mapped_column(default=False)
    needs_childcare: Mapped[bool] = mapped_column(default=False)
    travel_public_transport: Mapped[bool] = mapped_column(default=True)
    travel_car: Mapped[bool] = mapped_column(default=False)
    travel_on_foot: Mapped[bool] = mapped_column(default=False)
    max_travel_minutes: Mapped[int | None]
    employment: Mapped[str | None] = mapped_column(sa.String(200))
    working_hours: Mapped[str | None] = mapped_column(sa.String(200))
    special_needs: Mapped[str | None] = mapped_column(sa.Text)
    first_contact_on: Mapped[date | None]
    counselling_ended_on: Mapped[date | None]
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"))
    version: Mapped[int] = mapped_column(default=1)

    municipality: Mapped[Municipality | None] = relationship()
    permissions: Mapped[list["Permission"]] = relationship(
        back_populates="person", cascade="all, delete-orphan", order_by="Permission.issued_on"
    )
    availability: Mapped[list["Availability"]] = relationship(cascade="all, delete-orphan")
    children: Mapped[list["Child"]] = relationship(cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    __table_args__ = (
        sa.CheckConstraint("school_years IS NULL OR school_years BETWEEN 0 AND 30", name="school_years_range"),
        sa.CheckConstraint("max_travel_minutes IS NULL OR max_travel_minutes >= 0", name="travel_not_negative"),
        sa.Index("ix_people_name_birth", "search_key", "birth_date"),
    )


class Permission(PartnerOwned, Base):
    """A permission to attend an integration course: entitlement, obligation or admission."""

    __tablename__ = "permissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[PermissionKind] = mapped_column(enum_column_type(PermissionKind, "permission_kind"))
    issuer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("organisations.id"))
    issuer_name: Mapped[str | None] = mapped_column(sa.String(200))
    file_number: Mapped[str | None] = mapped_column(sa.String(60), index=True)
    issued_on: Mapped[date | None]
    expires_on: Mapped[date | None] = mapped_column(index=True)
    obliged: Mapped[bool] = mapped_column(default=False)
    registered_with_provider_on: Mapped[date | None]
    notes: Mapped[str | None] = mapped_column(sa.Text)

    person: Mapped[Person] = relationship(back_populates="permissions")
    issuer: Mapped[Organisation | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint(
            "expires_on IS NULL OR issued_on IS NULL OR expires_on >= issued_on", name="expires_after_issue"
        ),
    )


class Availability(PartnerOwned, Base):
    """One slot (weekday x part of day) in which a person can attend a course."""

    __tablename__ = "availability"

    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    weekday: Mapped[int] = mapped_column(primary_key=True)
    part_of_day: Mapped[PartOfDay] = mapped_column(PART_OF_DAY, primary_key=True)

    __table_args__ = (sa.CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),)


class Child(PartnerOwned, Base):
    """A child of a person, for childcare needs."""

    __tablename__ = "children"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    birth_date: Mapped[date]
    needs_care: Mapped[bool] = mapped_column(default=True)


# --- counselling -------------------------------------------------------------------------------------


class Topic(Base):
    """A counselling topic from the editable list (course placement, childcare, transport ...)."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    label: Mapped[str] = mapped_column(sa.String(100))
    is_barrier: Mapped[bool] = mapped_column(default=False)  # counts as a barrier in the KIM report
    active: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)


session_topics = sa.Table(
    "session_topics",
    Base.metadata,
    sa.Column("session_id", sa.ForeignKey("counselling_sessions.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("topic_id", sa.ForeignKey("topics.id"), primary_key=True, index=True),
    sa.Column("partner_id", sa.Integer, index=True, server_default=sa.FetchedValue()),
)


class CounsellingSession(PartnerOwned, Base):
    """A counselling session with notes and agreed next steps."""

    __tablename__ = "counselling_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"))
    advisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"), index=True)
    held_at: Mapped[datetime]
    channel: Mapped[Channel] = mapped_column(enum_column_type(Channel, "channel"))
    interpreter_language: Mapped[str | None] = mapped_column(sa.String(20))
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    next_steps: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=_now)

    topics: Mapped[list[Topic]] = relationship(secondary=session_topics)

    # The report counts a quarter's sessions by person, channel and interpreter: from the index alone.
    __table_args__ = (
        sa.Index("ix_sessions_person_held", "person_id", "held_at"),
        sa.Index("ix_sessions_held_cover", "held_at", "person_id", "channel", "interpreter_language"),
    )


class FollowUp(PartnerOwned, Base):
    """A follow-up (Wiedervorlage): who looks at a case again on which day."""

    __tablename__ = "follow_ups"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    session_id: Mapped[int | None] = mapped_column(sa.ForeignKey("counselling_sessions.id", ondelete="SET NULL"))
    due_on: Mapped[date]
    assigned_to_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")
    done_at: Mapped[datetime | None]
    done_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"))
    outcome: Mapped[str | None] = mapped_column(sa.String(500))

    __table_args__ = (sa.Index("ix_follow_ups_open", "done_at", "due_on", "assigned_to_id"),)


# --- referrals and the waiting list ------------------------------------------------------------------


class Referral(Timestamped, PartnerOwned, Base):
    """A referral (Vermittlung) of a person to a course, with its current state."""

    __tablename__ = "referrals"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    course_id: Mapped[int] = mapped_column(sa.ForeignKey("courses.id"), index=True)
    advisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"), index=True)
    state: Mapped[ReferralState] = mapped_column(enum_column_type(ReferralState, "referral_state"))
    entry_module: Mapped[int | None]
    hold_until: Mapped[date | None]
    registered_on: Mapped[date | None]
    started_on: Mapped[date | None]
    letter_language: Mapped[str | None] = mapped_column(sa.String(10))
    letter_version: Mapped[str | None] = mapped_column(sa.String(40))
    letter_printed_at: Mapped[datetime | None]
    version: Mapped[int] = mapped_column(default=1)

    events: Mapped[list["ReferralEvent"]] = relationship(
        back_populates="referral", cascade="all, delete-orphan", order_by="ReferralEvent.at"
    )
    course: Mapped[Course] = relationship()
    person: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
    # The referral list is newest first, filtered by state or not: both walk an index and stop at the limit.
    __table_args__ = (
        sa.Index("ix_referrals_course_state", "course_id", "state"),
        sa.Index("ix_referrals_created_at", "created_at", "id"),
        sa.Index("ix_referrals_state_created", "state", "created_at", "id"),
    )


class ReferralEvent(PartnerOwned, Base):
    """One state change of a referral: from, to, who, when, why."""

    __tablename__ = "referral_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    referral_id: Mapped[int] = mapped_column(sa.ForeignKey("referrals.id", ondelete="CASCADE"), index=True)
    from_state: Mapped[ReferralState | None] = mapped_column(enum_column_type(ReferralState, "from_state"))
    to_state: Mapped[ReferralState] = mapped_column(enum_column_type(ReferralState, "to_state"))
    at: Mapped[datetime] = mapped_column(default=_now)
    by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"))
    reason: Mapped[str] = mapped_column(sa.String(500), default="")

    referral: Mapped[Referral] = relationship(back_populates="events")


class WaitingListEntry(PartnerOwned, Base):
    """Unmet demand: a person waiting for a course type in a place and time slot."""

    __tablename__ = "waiting_list"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="SET NULL"), index=True)
    course_type: Mapped[CourseType] = mapped_column(COURSE_TYPE)
    module: Mapped[int | None]
    municipality_id: Mapped[int | None] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    parts_of_day: Mapped[str] = mapped_column(sa.String(40), default="")  # comma-separated PartOfDay values
    childcare_needed: Mapped[bool] = mapped_column(default=False)
    children_count: Mapped[int] = mapped_column(default=0)
    status: Mapped[WaitingStatus] = mapped_column(
        enum_column_type(WaitingStatus, "waiting_status"), default=WaitingStatus.OPEN, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=_now)
    resolved_at: Mapped[datetime | None]
    advisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"))
    note: Mapped[str] = mapped_column(sa.String(500), default="")


# --- data protection ---------------------------------------------------------------------------------


consent_recipients = sa.Table(
    "consent_recipients",
    Base.metadata,
    sa.Column("consent_id", sa.ForeignKey("consents.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("organisation_id", sa.ForeignKey("organisations.id"), primary_key=True),
    sa.Column("partner_id", sa.Integer, index=True, server_default=sa.FetchedValue()),
)


class Consent(PartnerOwned, Base):
    """A purpose-bound consent to pass named data to named partners; without a purpose it covers nothing."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    # None: recorded as free text before purposes were structured (revision 0006), waiting for an advisor's review.
    purpose: Mapped[ConsentPurpose | None] = mapped_column(enum_column_type(ConsentPurpose, "consent_purpose"))
    purpose_text: Mapped[str] = mapped_column(sa.String(300))  # the purpose in the advisor's words, as typed
    data_text: Mapped[str] = mapped_column(sa.String(500))  # further details on the data, as typed
    given_on: Mapped[date]
    valid_until: Mapped[date | None]  # last day it holds, if the person limited it
    method: Mapped[ConsentMethod] = mapped_column(enum_column_type(ConsentMethod, "consent_method"))
    witness: Mapped[str | None] = mapped_column(sa.String(200))
    revoked_on: Mapped[date | None]
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"))

    recipients: Mapped[list[Organisation]] = relationship(secondary=consent_recipients)
    data_items: Mapped[list["ConsentData"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)

    @property
    def data(self) -> frozenset[DataCategory]:
        """The data categories the consent lets pass."""
        return frozenset(item.category for item in self.data_items)


class ConsentData(PartnerOwned, Base):
    """One data category a consent lets pass."""

    __tablename__ = "consent_data"

    consent_id: Mapped[int] = mapped_column(sa.ForeignKey("consents.id", ondelete="CASCADE"), primary_key=True)
    category: Mapped[DataCategory] = mapped_column(enum_column_type(DataCategory, "data_category"), primary_key=True)


class IssuedDocument(PartnerOwned, Base):
    """A letter or form issued: which kind, language and text version, when and by whom (reprintable)."""

    __tablename__ = "issued_documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    referral_id: Mapped[int | None] = mapped_column(sa.ForeignKey("referrals.id", ondelete="SET NULL"))
    kind: Mapped[DocumentKind] = mapped_column(enum_column_type(DocumentKind, "document_kind"))
    language: Mapped[str] = mapped_column(sa.String(10))
    text_version: Mapped[str] = mapped_column(sa.String(40))
    issued_at: Mapped[datetime] = mapped_column(default=_now)
    issued_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id"))


class AuditEvent(PartnerOwned, Base):
    """An entry of the audit trail: who read or changed what, when (never edited through the app)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=_now, index=True)
    advisor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("advisors.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(sa.String(200))
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int | None]
    person_id: Mapped[int | None] = mapped_column(index=True)  # no FK: entries outlive erased people
    details: Mapped[str] = mapped_column(sa.Text, default="")  # JSON: field -> [old, new]


# --- outreach (Außentermin): the laptop's copy marker and journal, the office's record of applied operations ---


class OutreachCopy(PartnerOwned, Base):
    """The marker of an outreach copy (one row, only on a laptop's copy): which office, when taken, until when."""

    __tablename__ = "outreach_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    copy_id: Mapped[str] = mapped_column(sa.String(36), unique=True)
    office: Mapped[str] = mapped_column(sa.String(200))
    laptop: Mapped[str] = mapped_column(sa.String(100))
    taken_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    taken_by_id: Mapped[int | None]  # no FK: the account lives at the office too
    municipality_ids: Mapped[str] = mapped_column(sa.Text, default="")  # comma-separated, what was taken along


class OutreachOperation(PartnerOwned, Base):
    """A use case done on an outreach copy, recorded in its own transaction (the journal replayed at the office)."""

    __tablename__ = "outreach_operations"

    id: Mapped[str] = mapped_column(sa.String(36), primary_key=True, autoincrement=False)  # a uuid4 (all laptops)
    seq: Mapped[int] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    params: Mapped[str] = mapped_column(sa.Text)  # JSON of plain values; {"$ref": table, "id": n} for record ids
    created: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON: table -> ids the use case created here
    advisor_id: Mapped[int | None]
    actor: Mapped[str] = mapped_column(sa.String(200))
    at: Mapped[datetime]
    laptop: Mapped[str] = mapped_column(sa.String(100))
    confirmed_at: Mapped[datetime | None]  # set when the office's answer says it was settled there


class OutreachApplied(PartnerOwned, Base):
    """At the office: "operation <id> applied", written in the same transaction as the replayed use case."""

    __tablename__ = "outreach_applied"

    operation_id: Mapped[str] = mapped_column(sa.String(36), primary_key=True)
    copy_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    kind: Mapped[str] = mapped_column(sa.String(40))
    laptop: Mapped[str] = mapped_column(sa.String(100))
    advisor_id: Mapped[int | None]
    at: Mapped[datetime]  # when it was done offline
    applied_at: Mapped[datetime] = mapped_column(default=_now)
    outcome: Mapped[str] = mapped_column(sa.String(20))  # applied, waitlisted, moved, conflict, rejected, merged
    created: Mapped[str] = mapped_column(sa.Text, default="{}")  # JSON: table -> ids created at the office
    message: Mapped[str] = mapped_column(sa.Text, default="")  # JSON: the outcome in words and details


class OutreachDecision(PartnerOwned, Base):
    """At the office: a field of a person changed offline and at the office alike, open until the advisor chooses."""

    __tablename__ = "outreach_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    copy_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    operation_id: Mapped[str] = mapped_column(sa.String(36))
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("people.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(sa.String(40))
    office_value: Mapped[str] = mapped_column(sa.Text)  # JSON of the plain value as the office had it
    laptop_value: Mapped[str] = mapped_column(sa.Text)  # JSON of the plain value as entered offline
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None]
    choice: Mapped[str | None] = mapped_column(sa.String(10))  # office or laptop, once decided
