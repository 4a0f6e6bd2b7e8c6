"""Enumerations of the domain: organisation kinds, permissions, course types, referral states and more."""

from enum import IntEnum, StrEnum


class OrganisationKind(StrEnum):
    """Kind of a partner organisation in the KIM network."""

    JOBCENTER = "jobcenter"
    AGENTUR = "agentur"
    AUSLAENDERBEHOERDE = "auslaenderbehoerde"
    MBE = "mbe"
    JMD = "jmd"
    KURSTRAEGER = "kurstraeger"
    KOMMUNE = "kommune"
    BAMF = "bamf"
    OTHER = "other"


class PermissionKind(StrEnum):
    """Kind of permission to attend an integration course."""

    BERECHTIGUNG = "berechtigung"  # § 44 Abs. 1 AufenthG
    VERPFLICHTUNG = "verpflichtung"  # § 44a AufenthG
    ZULASSUNG = "zulassung"  # § 44 Abs. 4 AufenthG
    JOBCENTER_ZULASSUNG = "jobcenter_zulassung"  # § 5a IntV
    SELBSTZAHLER = "selbstzahler"


class CourseType(StrEnum):
    """Type of a BAMF integration course (and the neighbouring Berufssprachkurs)."""

    ALLGEMEIN = "allgemein"
    ALPHA = "alpha"
    ZWEITSCHRIFT = "zweitschrift"
    FOERDER = "foerder"
    INTENSIV = "intensiv"
    JUGEND = "jugend"
    ELTERN = "eltern"
    FRAUEN = "frauen"
    BEHINDERUNG = "behinderung"
    BERUFSSPRACH = "berufssprach"


class CourseStatus(StrEnum):
    """Life-cycle status of a course offer."""

    PLANNED = "planned"
    OPEN = "open"
    RUNNING = "running"
    FINISHED = "finished"
    CANCELLED = "cancelled"


class ReferralState(StrEnum):
    """State of a referral (Vermittlung) of a person to a course."""

    PROPOSED = "proposed"
    RESERVED = "reserved"
    REGISTERED = "registered"
    STARTED = "started"
    DECLINED = "declined"
    NO_SHOW = "no_show"
    DROPPED_OUT = "dropped_out"
    CANCELLED = "cancelled"
    HOLD_EXPIRED = "hold_expired"


class Channel(StrEnum):
    """How a counselling session took place."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    VIDEO = "video"


class Literacy(StrEnum):
    """Literacy of a person."""

    NONE = "none"
    NON_LATIN = "non_latin"
    LATIN = "latin"


class GermanLevel(StrEnum):
    """Level of German (CEFR)."""

    NONE = "none"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"
    C1 = "C1"


class Sex(StrEnum):
    """Sex as on the registration form."""

    FEMALE = "f"
    MALE = "m"
    DIVERSE = "d"
    UNSPECIFIED = "x"


class FeeExemption(StrEnum):
    """State of the fee exemption (Kostenbefreiung)."""

    NONE = "none"
    REQUESTED = "requested"
    GRANTED = "granted"
    REFUSED = "refused"


class PartOfDay(StrEnum):
    """Part of a day in which a person can attend or a course takes place."""

    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"


class Weekday(IntEnum):
    """Weekday, Monday = 0, as in datetime.date.weekday()."""

    MON = 0
    TUE = 1
    WED = 2
    THU = 3
    FRI = 4
    SAT = 5
    SUN = 6


class Role(StrEnum):
    """Role of a user account."""

    ADMIN = "admin"
    ADVISOR = "advisor"
    READER = "reader"
    PROVIDER = "provider"  # a course provider's staff on the network: its courses and the referrals to them


class ConsentMethod(StrEnum):
    """How a consent was given."""

    SIGNED_FORM = "signed_form"
    VERBAL_WITNESSED = "verbal_witnessed"


class WaitingStatus(StrEnum):
    """Status of a waiting-list entry."""

    OPEN = "open"
    PLACED = "placed"
    WITHDRAWN = "withdrawn"


class DocumentKind(StrEnum):
    """Kind of a document issued to or about a person."""

    REFERRAL_LETTER = "referral_letter"
    APPOINTMENT_LETTER = "appointment_letter"
    CONSENT_FORM = "consent_form"
    ACCESS_REQUEST = "access_request"
    REGISTRATION_LIST = "registration_list"
