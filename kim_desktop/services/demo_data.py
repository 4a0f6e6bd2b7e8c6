"""Deterministic demo data for a fictional county: network, courses, people, counselling, referrals."""

import math
import random
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import product
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from kim_desktop.db import models as m
from kim_desktop.db.base import Base
from kim_desktop.domain.consent_scope import USUAL_DATA, ordered
from kim_desktop.domain.enums import (
    Channel,
    ConsentMethod,
    CourseStatus,
    CourseType,
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
from kim_desktop.domain.errors import KimError
from kim_desktop.domain.search_text import fold_for_search
from kim_desktop.domain.text import N_, Text
from kim_desktop.services import demo_names as names
from kim_desktop.services.demo_timetable import DemoPlace, add_demo_timetable
from kim_desktop.services.timetable_reach import compute_reachability

Row = dict[str, Any]
DEFAULT_SEED = 20261123
DEMO_PASSWORD = "kim-demo-2026"  # the demo accounts' password (set by the CLI's demo-data; never for real data)
MAX_COURSES = 10_000
_CHUNK = 20_000
R = ReferralState
_AFTER_START = {R.STARTED, R.NO_SHOW, R.DROPPED_OUT}
_BEFORE_START = {R.PROPOSED, R.RESERVED, R.REGISTERED}


@dataclass(frozen=True)
class DemoSummary:
    """Counts of what was written (providers = Kursträger; the other partners are not counted)."""

    municipalities: int
    providers: int
    locations: int
    courses: int
    people: int
    sessions: int
    referrals: int
    waiting: int
    follow_ups: int
    advisors: int


def database_is_empty(session: Session) -> bool:
    """Whether demo data may go in: no account, person, course, partner or municipality yet.

    An office that has only created its administrator, or only imported its municipalities, is a real database:
    demo people and accounts with the published demo password must never be added to it.
    """
    tables = (m.Advisor.id, m.Person.id, m.Course.id, m.Organisation.id, m.Municipality.id)
    return all(session.scalar(sa.select(column).limit(1)) is None for column in tables)


def generate_demo_data(
    sessions: sessionmaker[Session], *, scale: int = 1, seed: int = DEFAULT_SEED, today: date | None = None
) -> DemoSummary:
    """Fill an empty, migrated database with a deterministic fictional county, in one transaction."""
    if scale < 1:
        raise ValueError(f"scale must be at least 1, not {scale}")
    with sessions() as session, session.begin():
        if not database_is_empty(session):
            raise KimError(
                Text(
                    N_(
                        "Die Datenbank enthält bereits Daten oder Benutzerkonten: "
                        "Demodaten nur in eine leere Datenbank."
                    )
                )
            )
        demo = _Demo(session, random.Random(seed), today or date.today(), scale)
        demo.build()
        demo.write()
        add_demo_timetable(session, *demo.places(), demo.today)
        summary = demo.summary()
    with sessions() as session:  # the answers from the timetable, as the Fahrplan tab would compute them
        compute_reachability(session, demo.today)
    return summary


def _weighted(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    dlat, dlon = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dlat / 2) ** 2 + math.cos(math.radians(lat1)) * math.cos(math.radians(lat2)) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _at(day: date, rng: random.Random, first_hour: int = 8, last_hour: int = 16) -> datetime:
    return datetime.combine(day, time(rng.randint(first_hour, last_hour), rng.choice((0, 15, 30, 45))))


def _workday(day: date, today: date) -> date:
    """The day moved off a weekend (forward, or back if forward would pass today)."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    while day > today or day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


class _Demo:
    """Builds all rows in memory (ids assigned here), then bulk-inserts them table by table."""

    def __init__(self, session: Session, rng: random.Random, today: date, scale: int) -> None:
        self.s, self.rng, self.today, self.scale = session, rng, today, scale
        self.rows: dict[sa.Table, list[Row]] = {}
        self._next_id: dict[sa.Table, int] = {}
        self.stamp = datetime.combine(today, time(7, 0))
        rules = session.execute(sa.select(m.CourseTypeRule)).scalars()
        self.type_rules = {r.course_type: r for r in rules}
        topics = session.execute(sa.select(m.Topic.code, m.Topic.id).where(m.Topic.active))
        self.topics = {code: topic_id for code, topic_id in topics}
        self.topic_codes = sorted(self.topics)
        self.youth_max_age = self.type_rules[CourseType.JUGEND].max_age or 26
        self.grow = math.ceil(math.sqrt(scale))  # network size grows with the square root of the scale

    # --- helpers --------------------------------------------------------------------------------------

    def add(self, model: Any, row: Row) -> Row:
        table: sa.Table = model if isinstance(model, sa.Table) else model.__table__
        if "id" in table.c and "id" not in row:
            if table not in self._next_id:
                self._next_id[table] = (self.s.scalar(sa.select(sa.func.max(table.c.id))) or 0) + 1
            row = {"id": self._next_id[table], **row}
            self._next_id[table] += 1
        self.rows.setdefault(table, []).append(row)
        return row

    def count(self, model: Any) -> int:
        return len(self.rows.get(model.__table__, []))

    def days_ago(self, low: int, high: int) -> date:
        return self.today - timedelta(days=self.rng.randint(low, high))

    # --- the network ----------------------------------------------------------------------------------

    def build(self) -> None:
        self.build_network()
        self.build_courses()
        self.build_people()
        self.build_referrals()
        self.build_sessions()
        self.build_waiting_and_consents()

    def build_network(self) -> None:
        rng = self.rng
        munis = list(names.MUNICIPALITIES)
        combos = [a + b + c for a, b, c in product(names.NAME_PREFIXES, names.NAME_STEMS, names.NAME_SUFFIXES)]
        rng.shuffle(combos)
        radius = 0.1 * self.grow
        for i, name in enumerate(combos[: 8 * (self.grow - 1)]):
            lat, lon = 52.3 + rng.uniform(-radius, radius), 8.05 + rng.uniform(-1.5 * radius, 1.5 * radius)
            munis.append((name.capitalize(), f"{48000 + i:05d}", round(lat, 4), round(lon, 4), i % 10 == 0))
        self.munis = [
            self.add(m.Municipality, dict(name=n, postcodes=p, latitude=la, longitude=lo, is_town=t))
            for n, p, la, lo, t in munis
        ]
        town_ids = [mu["id"] for mu in self.munis if mu["is_town"]]
        ts = {"created_at": self.stamp, "updated_at": self.stamp, "version": 1}

        def org(name: str, short: str, kind: OrganisationKind, muni: Row, number: str | None) -> Row:
            domain = fold_for_search(short).replace(" ", "-")
            return self.add(m.Organisation, dict(
                name=name, short_name=short, kind=kind, street=f"{rng.choice(names.STREETS)} {rng.randint(1, 60)}",
                postcode=muni["postcodes"].split(",")[0], city=muni["name"], phone=f"0{rng.randint(4900, 4999)} "
                f"{rng.randint(10000, 99999)}", email=f"info@{domain}.example", website=f"https://{domain}.example",
                bamf_provider_number=number, agreement_signed_on=self.days_ago(400, 900),
                agreement_renewed_on=None, notes=None, **ts,
            ))  # fmt: skip

        town = self.munis[0]
        self.partners = [org(n, s, OrganisationKind(k), town, None) for n, s, k in names.PARTNERS]
        provider_names = list(names.PROVIDERS)
        for k in range(5 * (self.grow - 1)):
            place = self.munis[8 + k % max(1, len(self.munis) - 8)]["name"]
            provider_names.append((f"{names.PROVIDER_WORDS[k % 5]} {place} {k // 5 + 1}", f"Träger {k + 6}"))
        self.providers = [
            org(n, s, OrganisationKind.KURSTRAEGER, town, f"{rng.randint(200, 499)}.{rng.randint(1000, 9999)}")
            for n, s in provider_names
        ]
        for organisation in self.partners + self.providers:
            for _ in range(rng.randint(1, 2)):
                name = rng.choice(names.CONTACT_NAMES)
                self.add(m.ContactPerson, dict(
                    organisation_id=organisation["id"], name=name, role=rng.choice(names.CONTACT_ROLES),
                    phone=f"{organisation['phone']}-{rng.randint(10, 99)}",
                    email=f"{fold_for_search(name).replace(' ', '.')}@{organisation['email'].split('@')[1]}",
                ))  # fmt: skip
        self.advisors: list[Row] = []
        for username, display, partner, role in names.ADVISORS:
            self.advisors.append(self.add(m.Advisor, dict(
                username=username, display_name=display, organisation_id=self.partners[partner]["id"], role=Role(role),
                password_hash=None, phone=f"04991 {rng.randint(10000, 99999)}", active=True, failed_logins=0,
                email=f"{username}@kim-musterland.example", locked_until=None, created_at=self.stamp,
            )))  # fmt: skip
        self.counsellors = [a["id"] for a in self.advisors if a["role"] != Role.READER]
        # Locations: half in towns, the rest in the larger villages; some with childcare on site.
        self.locations: list[Row] = []
        for k in range(10 * self.grow):
            provider = self.providers[k % len(self.providers)]
            muni_id = town_ids[k % len(town_ids)] if k % 2 == 0 else self.munis[1 + k % (len(self.munis) - 1)]["id"]
            muni = next(mu for mu in self.munis if mu["id"] == muni_id)
            street = f"{names.STREETS[k % len(names.STREETS)]} {rng.randint(1, 80)}"
            line, stop = rng.choice(names.BUS_LINES), rng.choice(names.STOPS)
            self.locations.append(self.add(m.CourseLocation, dict(
                provider_id=provider["id"], name=f"{names.LOCATION_KINDS[k % 5]} {muni['name']} ({street})",
                street=street, postcode=muni["postcodes"].split(",")[0], municipality_id=muni_id,
                latitude=round(muni["latitude"] + rng.uniform(-0.01, 0.01), 5),
                longitude=round(muni["longitude"] + rng.uniform(-0.01, 0.01), 5),
                transit_notes=f"Bus {line} bis Haltestelle „{stop}“, {rng.randint(1, 8)} Minuten Fußweg.",
                accessible=rng.random() < 0.6, childcare_on_site=k % 3 == 1,
            )))  # fmt: skip
        for muni in self.munis:
            for loc in self.locations:
                km = _km(muni["latitude"], muni["longitude"], loc["latitude"], loc["longitude"])
                if loc["municipality_id"] == muni["id"]:
                    minutes, note = rng.randint(5, 15), "Im Ort, zu Fuß oder mit dem Stadtbus erreichbar."
                else:
                    rural = not (muni["is_town"] or any(t == loc["municipality_id"] for t in town_ids))
                    raw = 15 + km * 1.6 + rng.randint(0, 15) + (15 if rural else 0)
                    if raw > 110 or (rural and rng.random() < 0.25):
                        continue  # no usable bus connection
                    minutes = int(min(90, max(30 if rural else 15, raw)))
                    note = f"Bus {rng.choice(names.BUS_LINES)}" + (f", Umstieg in {names.TOWN} ZOB" if rural else "")
                self.add(m.TravelTime, dict(
                    municipality_id=muni["id"], location_id=loc["id"], minutes=minutes,
                    distance_km=round(km * 1.3, 1), connection_notes=note,
                ))  # fmt: skip

    # --- courses --------------------------------------------------------------------------------------

    def build_courses(self) -> None:
        rng = self.rng
        self.courses: list[Row] = []
        care_locations = [loc for loc in self.locations if loc["childcare_on_site"]]
        for k in range(min(MAX_COURSES, 40 * self.scale)):
            ctype: CourseType = _weighted(rng, names.COURSE_TYPE_WEIGHTS)
            rule = self.type_rules[ctype]
            parents = ctype in (CourseType.ELTERN, CourseType.FRAUEN)
            loc = rng.choice(care_locations if parents and care_locations else self.locations)
            if parents:
                days, start_t, end_t, ue_week = names.PARENTS
            elif ctype == CourseType.INTENSIV:
                days, start_t, end_t, ue_week = names.INTENSIVE
            else:
                weights = (1, 3, 3) if ctype == CourseType.BERUFSSPRACH else (6, 2, 2)
                days, start_t, end_t, ue_week = rng.choices((names.MORNING, names.AFTERNOON, names.EVENING), weights)[0]
            start = self.today + timedelta(days=rng.randint(-56, 182))
            start -= timedelta(days=start.weekday())  # courses start on Mondays
            total_ue = rule.language_ue + rule.orientation_ue
            end = start + timedelta(weeks=math.ceil(total_ue / ue_week) + 2) - timedelta(days=3)
            if start <= self.today:
                status = CourseStatus.RUNNING
            else:
                status = CourseStatus.OPEN if start <= self.today + timedelta(weeks=10) else CourseStatus.PLANNED
            module = 1 + max(0, (self.today - start).days // 7 * ue_week // 100)
            care = 0
            if parents:
                care = rng.randint(8, 12) if loc["childcare_on_site"] else rng.choice((0, 6, 8))
            elif loc["childcare_on_site"] and rng.random() < 0.3:
                care = rng.randint(5, 8)
            provider = next(p for p in self.providers if p["id"] == loc["provider_id"])
            self.courses.append(self.add(m.Course, dict(
                bamf_course_number=f"{provider['bamf_provider_number']}-{start:%y}-{k + 1:05d}", course_type=ctype,
                title=f"{names.COURSE_TITLES[ctype.value]} ab {start:%d.%m.%Y}", provider_id=loc["provider_id"],
                location_id=loc["id"], start_date=start, end_date=end, current_module=module,
                weekdays_mask=sum(1 << d for d in days), start_time=start_t, end_time=end_t, ue_per_week=ue_week,
                max_seats=rule.max_participants, booked_reported=None, booked_reported_at=None,
                booked_reported_by=None, registration_deadline=start - timedelta(days=7), childcare_places=care,
                childcare_min_age_months=12 if care else None, childcare_max_age_years=6 if care else None,
                status=status, notes=None, created_at=self.stamp, updated_at=self.stamp, version=1,
            )))  # fmt: skip
        self.seats_taken = {c["id"]: 0 for c in self.courses}

    # --- people ---------------------------------------------------------------------------------------

    def build_people(self) -> None:
        rng, today = self.rng, self.today
        self.people: list[Row] = []
        self.permission_of: dict[int, Row] = {}
        self.info: dict[int, dict[str, Any]] = {}  # per person: age, parts of day, children needing care
        origins = names.ORIGINS
        weights = [o.weight for o in origins]
        town_share = 0.35 / max(1, sum(mu["is_town"] for mu in self.munis))
        village_share = 0.65 / max(1, sum(not mu["is_town"] for mu in self.munis))
        muni_weights = [town_share if mu["is_town"] else village_share for mu in self.munis]
        abh, jobcenter = self.partners[2], self.partners[0]
        for _ in range(300 * self.scale):
            origin = rng.choices(origins, weights)[0]
            sex = rng.choices((Sex.FEMALE, Sex.MALE, Sex.DIVERSE, Sex.UNSPECIFIED), (52, 47, 0.5, 0.5))[0]
            female = sex == Sex.FEMALE or (sex != Sex.MALE and rng.random() < 0.5)
            given = rng.choice(origin.female if female else origin.male)
            if rng.random() < 0.15:
                given = f"{given} {rng.choice(origin.female if female else origin.male)}"
            family = rng.choice(origin.family)
            if origin.gendered_family and female:
                family = names.feminine(family)
            married_german = rng.random() < 0.03
            german_too = married_german and rng.random() < 0.3
            if married_german:
                german = rng.choice(names.GERMAN_FAMILY)
                family = f"{family}-{german}" if rng.random() < 0.5 else f"{german}-{family}"
            age = 18 + int(rng.betavariate(1.6, 3.2) * 47)
            birth = today - timedelta(days=age * 365 + rng.randint(30, 330))
            muni = rng.choices(self.munis, muni_weights)[0]
            language = rng.choice(origin.languages)
            literacy = rng.choices((Literacy.NONE, Literacy.NON_LATIN, Literacy.LATIN),
                                   (6, 0, 94) if origin.latin_script else (10, 25, 65))[0]  # fmt: skip
            level = rng.choices(list(GermanLevel), (50, 30, 12, 6, 1.5, 0.5))[0]
            benefits = rng.random() < 0.6
            worker = not benefits and rng.random() < 0.6
            kids: list[date] = []
            if 20 <= age <= 50 and rng.random() < 0.45:
                oldest = 365 * min(14, age - 18)  # no parent younger than 18 at birth
                kids = [today - timedelta(days=rng.randint(60, oldest)) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
            care = [k for k in kids if (today - k).days < 6 * 365 and rng.random() < 0.75]
            if care and female:
                parts = [PartOfDay.MORNING]
            elif worker:
                parts = [PartOfDay.EVENING]
            else:
                parts = rng.choice(([PartOfDay.MORNING, PartOfDay.AFTERNOON], list(PartOfDay), [PartOfDay.MORNING]))
            first_contact = _workday(self.days_ago(0, 365), today)
            test = rng.random() < 0.45
            rec = CourseType.ALPHA if literacy == Literacy.NONE else CourseType.ZWEITSCHRIFT
            if literacy == Literacy.LATIN:
                rec = CourseType.JUGEND if age <= 26 and rng.random() < 0.4 else CourseType.ALLGEMEIN
                rec = CourseType.FRAUEN if care and female and rng.random() < 0.5 else rec
            module = 1 + min(5, [*GermanLevel].index(level) * 2 + rng.randint(0, 1))
            email = None
            if rng.random() < 0.35:
                local = fold_for_search(f"{given.split()[0]} {family}").replace(" ", ".")
                email = f"{local}{rng.randint(1, 99)}@example.org"
            employment = rng.choice(names.EMPLOYMENT) if worker else (None, None)
            other = rng.choice(("", "", "en", "ar", "ru", "fr", "en,fr", "de"))
            fee = FeeExemption.NONE
            if benefits:
                fee = rng.choices([*FeeExemption], (15, 25, 57, 3))[0]
            person = self.add(m.Person, dict(
                family_name=family, given_names=given, search_key=fold_for_search(f"{family} {given}"),
                birth_date=birth, birth_place=rng.choice(origin.birth_places), sex=sex,
                street=f"{rng.choice(names.STREETS)} {rng.randint(1, 120)}{rng.choice(('', '', '', 'a', 'b'))}",
                postcode=rng.choice(muni["postcodes"].split(",")), municipality_id=muni["id"],
                phone=f"+49 1{rng.choice((51, 52, 57, 60, 62, 70, 76))} {rng.randint(1000000, 99999999)}",
                email=email, nationalities=origin.nationality + (",DE" if german_too else ""),
                first_language=language, other_languages=other if other != language else "",
                interpreter_needed=level == GermanLevel.NONE and rng.random() < 0.7,
                letter_language=origin.letter_language if rng.random() < 0.85 else "de", literacy=literacy,
                school_years=rng.randint(0, 4) if literacy == Literacy.NONE else rng.randint(6, 16),
                education=names.EDUCATION[0] if literacy == Literacy.NONE else rng.choice(names.EDUCATION[1:]),
                german_level=level, placement_test_date=self.days_ago(3, 120) if test else None,
                placement_test_result=f"{level.value if level != GermanLevel.NONE else 'A0'}, Modul {module}"
                if test else None, recommended_course_type=rec if test else None,
                recommended_module=module if test else None, residence_status=rng.choice(origin.residence),
                jobcenter_customer_number=f"{rng.randint(100, 999)}D{rng.randint(100000, 999999)}"
                if benefits else None, fee_exemption=fee,
                travel_subsidy_requested=fee == FeeExemption.GRANTED and rng.random() < 0.4,
                needs_childcare=bool(care), travel_public_transport=rng.random() < 0.92, travel_car=rng.random() < 0.12,
                travel_on_foot=bool(muni["is_town"]), max_travel_minutes=rng.choice((30, 45, 60, 60, 75, 90, None)),
                employment=employment[0], working_hours=employment[1],
                special_needs=rng.choice(names.SPECIAL_NEEDS) if rng.random() < 0.03 else None,
                first_contact_on=first_contact, counselling_ended_on=None,
                created_by_id=rng.choice(self.counsellors), created_at=datetime.combine(first_contact, time(9)),
                updated_at=datetime.combine(first_contact, time(9)), version=1,
            ))  # fmt: skip
            self.people.append(person)
            self.info[person["id"]] = {"age": age, "female": female, "parts": parts, "care": care, "kids": kids}
            for child in kids:
                self.add(m.Child, dict(person_id=person["id"], birth_date=child, needs_care=child in care))
            days = range(5) if rng.random() < 0.8 else sorted(rng.sample(range(5), 3))
            for day, part in product(days, parts):
                self.add(m.Availability, dict(person_id=person["id"], weekday=day, part_of_day=part))
            self.add_permission(person, rng, abh, jobcenter, benefits)

    def add_permission(self, person: Row, rng: random.Random, abh: Row, jobcenter: Row, benefits: bool) -> None:
        kind = _weighted(rng, ((PermissionKind.BERECHTIGUNG, 52), (PermissionKind.VERPFLICHTUNG, 34),
                               (PermissionKind.JOBCENTER_ZULASSUNG, 3), (PermissionKind.ZULASSUNG, 2),
                               (PermissionKind.SELBSTZAHLER, 3), (None, 6)))  # fmt: skip
        if kind is None:
            return
        issuer = jobcenter if kind == PermissionKind.JOBCENTER_ZULASSUNG else abh
        if kind == PermissionKind.VERPFLICHTUNG and benefits and rng.random() < 0.5:
            issuer = jobcenter
        issued = self.days_ago(0, 300)
        if rng.random() < 0.08:
            issued = self.days_ago(380, 540)  # expired
        elif rng.random() < 0.06:
            issued = self.days_ago(340, 360)  # expires within the next weeks
        short = "ABH-ML" if issuer is abh else "JC-ML"
        payer = kind == PermissionKind.SELBSTZAHLER  # no permission document: pays the full rate
        self.permission_of[person["id"]] = self.add(m.Permission, dict(
            person_id=person["id"], kind=kind, issuer_id=None if payer else issuer["id"],
            issuer_name=None if kind != PermissionKind.ZULASSUNG else "Bundesamt für Migration und Flüchtlinge",
            file_number=None if payer else f"{short}-{issued.year}-{rng.randint(1, 99999):05d}", issued_on=issued,
            expires_on=None if payer else issued + timedelta(days=365 + rng.randint(-3, 3)),
            obliged=kind == PermissionKind.VERPFLICHTUNG,
            registered_with_provider_on=None, notes=None,
        ))  # fmt: skip

    # --- referrals ------------------------------------------------------------------------------------

    def eligible(self, course: Row, person: Row, state: ReferralState) -> bool:
        info, start = self.info[person["id"]], course["start_date"]
        if course["course_type"] == CourseType.JUGEND and info["age"] > self.youth_max_age:
            return False
        if course["course_type"] == CourseType.FRAUEN and not info["female"]:
            return False
        if course["course_type"] == CourseType.ELTERN and not info["kids"]:
            return False
        if state in _AFTER_START:
            return bool(start <= self.today and start >= person["first_contact_on"] + timedelta(days=10))
        if state in _BEFORE_START:
            return bool(start > self.today + timedelta(days=2))
        return bool(start >= person["first_contact_on"] + timedelta(days=10))

    def pick_course(
        self, person: Row, state: ReferralState, takes_seat: bool, by_type: dict[CourseType, list[Row]]
    ) -> Row | None:
        rng = self.rng
        if state == R.HOLD_EXPIRED and person["first_contact_on"] > self.today - timedelta(days=6):
            return None
        rec = person["recommended_course_type"] or CourseType.ALLGEMEIN
        pool = by_type.get(rec, []) if rng.random() < 0.7 else self.courses
        for attempt in range(100):
            candidate = rng.choice(pool if pool and attempt < 30 else self.courses)
            if self.eligible(candidate, person, state) and (
                not takes_seat or self.seats_taken[candidate["id"]] < candidate["max_seats"]
            ):
                return candidate
        return None

    def build_referrals(self) -> None:
        rng, today = self.rng, self.today
        total = 150 * self.scale
        states = [s for s, share in names.STATE_SHARES for _ in range(round(share * total))]
        states = (states + [R.STARTED] * total)[:total]
        rng.shuffle(states)
        by_type: dict[CourseType, list[Row]] = {}
        for course in self.courses:
            by_type.setdefault(course["course_type"], []).append(course)
        self.referral_day: dict[int, date] = {}
        queue = deque(rng.sample(self.people, len(self.people)))
        for state in states:
            takes_seat = state in (R.REGISTERED, R.STARTED, R.RESERVED)
            chosen = None
            for _ in range(min(50, len(queue))):  # somebody for whom a course fits this state
                person = queue.popleft()
                chosen = self.pick_course(person, state, takes_seat, by_type)
                if chosen is not None:
                    break
                queue.append(person)
            if chosen is None:
                continue
            course = chosen
            if takes_seat:
                self.seats_taken[course["id"]] += 1
            start = course["start_date"]
            if state in _AFTER_START:
                proposed = max(person["first_contact_on"], start - timedelta(days=rng.randint(14, 60)))
            else:  # an expired hold needs its three days (plus one) in the past
                proposed = max(person["first_contact_on"], self.days_ago(6 if state == R.HOLD_EXPIRED else 0, 40))
            if state == R.RESERVED:
                proposed = max(person["first_contact_on"], self.days_ago(0, 2))
            proposed = _workday(proposed, today)
            self.referral_day[person["id"]] = proposed
            self.add_referral(person, course, state, proposed)
        for course in self.courses:  # some providers report their own counts
            if rng.random() < 0.25:
                taken = self.seats_taken[course["id"]]
                course["booked_reported"] = min(course["max_seats"], taken + rng.randint(0, 6))
                course["booked_reported_at"] = _at(self.days_ago(1, 10), rng)
                provider = next(p for p in self.providers if p["id"] == course["provider_id"])
                course["booked_reported_by"] = f"{provider['short_name']} (Import)"

    def add_referral(self, person: Row, course: Row, state: ReferralState, proposed: date) -> None:
        rng, today = self.rng, self.today
        advisor = rng.choice(self.counsellors)
        start = course["start_date"]
        day = proposed
        stamps: list[tuple[ReferralState, datetime]] = []
        hold = registered = started = None
        for step in names.CHAINS[state]:
            if step == R.RESERVED:
                day = min(today, day + timedelta(days=rng.choice((0, 0, 1))))
                hold = day + timedelta(days=3)
                if state == R.RESERVED:
                    day = max(day, today - timedelta(days=2))
                    hold = day + timedelta(days=3)
            elif step == R.HOLD_EXPIRED:
                day = min(today, (hold or day) + timedelta(days=1))
            elif step == R.REGISTERED:
                day = min(today, day + timedelta(days=rng.randint(0, 3)))
                registered = day
            elif step == R.STARTED:
                day = max(day, min(today, start + timedelta(days=rng.choice((0, 0, 0, 7)))))
                started = day
            elif step == R.NO_SHOW:
                day = max(day, min(today, start + timedelta(days=3)))
            elif step == R.DROPPED_OUT:
                day = max(day, min(today, day + timedelta(days=rng.randint(7, 40))))
            elif step in (R.DECLINED, R.CANCELLED):
                day = min(today, day + timedelta(days=rng.randint(0, 10)))
            stamps.append((step, _at(day, rng)))
        # The days never decrease along the chain; sorting also orders steps on the same day.
        ordered = list(zip(names.CHAINS[state], sorted(at for _, at in stamps), strict=True))
        referral = self.add(m.Referral, dict(
            person_id=person["id"], course_id=course["id"], advisor_id=advisor, state=state,
            entry_module=person["recommended_module"] or 1, hold_until=hold if hold and state != R.PROPOSED else None,
            registered_on=registered, started_on=started, letter_language=person["letter_language"],
            letter_version="2026.1" if state != R.PROPOSED else None,
            letter_printed_at=ordered[0][1] + timedelta(minutes=20) if state != R.PROPOSED else None,
            created_at=ordered[0][1], updated_at=ordered[-1][1], version=len(ordered),
        ))  # fmt: skip
        previous: ReferralState | None = None
        for step, at in ordered:
            reasons = names.REFERRAL_REASONS.get(step.value, ("",))
            self.add(m.ReferralEvent, dict(
                referral_id=referral["id"], from_state=previous, to_state=step, at=at,
                by_id=None if step == R.HOLD_EXPIRED else advisor, reason=rng.choice(reasons),
            ))  # fmt: skip
            previous = step
        if registered is not None and person["id"] in self.permission_of:
            self.permission_of[person["id"]]["registered_with_provider_on"] = registered

    # --- counselling ----------------------------------------------------------------------------------

    def build_sessions(self) -> None:
        rng, today = self.rng, self.today
        total = 800 * self.scale
        counts = {p["id"]: 1 + (p["id"] in self.referral_day) for p in self.people}
        extra = total - sum(counts.values())
        ids = [p["id"] for p in self.people]
        for pid in rng.choices(ids, k=max(0, extra)):
            counts[pid] += 1
        self.session_rows: list[Row] = []
        for person in self.people:
            pid, first = person["id"], person["first_contact_on"]
            span = (today - first).days
            days = [_workday(first, today)] + [
                _workday(first + timedelta(days=rng.randint(0, span)), today) for _ in range(counts[pid] - 1)
            ]
            if pid in self.referral_day and len(days) > 1:
                days[1] = self.referral_day[pid]
            days.sort()
            language = person["first_language"] if person["interpreter_needed"] else None
            for index, day in enumerate(days):
                codes = rng.sample(self.topic_codes, rng.choice((1, 1, 2, 2, 3)))
                if day == self.referral_day.get(pid) and "course_placement" in self.topics:
                    codes = ["course_placement", *[c for c in codes if c != "course_placement"]][:3]
                if index == 0 and "permission" in self.topics and "permission" not in codes:
                    codes = [*codes[:2], "permission"]
                channel = _weighted(rng, ((Channel.IN_PERSON, 65), (Channel.PHONE, 28), (Channel.VIDEO, 7)))
                at = _at(day, rng, 8, 15)
                row = self.add(m.CounsellingSession, dict(
                    person_id=pid, advisor_id=rng.choice(self.counsellors), held_at=at, channel=channel,
                    interpreter_language=language if language and rng.random() < 0.8 else None,
                    notes=" ".join(rng.choice(names.TOPIC_NOTES.get(c, names.TOPIC_NOTES["other"])) for c in codes),
                    next_steps=rng.choice(names.NEXT_STEPS), created_at=at + timedelta(minutes=45),
                ))  # fmt: skip
                self.session_rows.append(row)
                for code in codes:
                    self.add(m.session_topics, {"session_id": row["id"], "topic_id": self.topics[code]})
        for _ in range(120 * self.scale):
            self.add_follow_up(rng.choice(self.session_rows))

    def add_follow_up(self, session: Row) -> None:
        rng, today = self.rng, self.today
        held = session["held_at"].date()
        due = _workday(held + timedelta(days=rng.randint(5, 35)), held + timedelta(days=60))
        if held < today and rng.random() < 0.07:
            due = today
        done_at = outcome = None
        if due < today and rng.random() < 0.72:
            done_at = _at(min(today, due + timedelta(days=rng.randint(-2, 3))), rng)
            outcome = rng.choice(names.FOLLOW_UP_OUTCOMES)
        assigned = session["advisor_id"]
        self.add(m.FollowUp, dict(
            person_id=session["person_id"], session_id=session["id"], due_on=due, assigned_to_id=assigned,
            note=rng.choice(names.FOLLOW_UP_NOTES), done_at=done_at, done_by_id=assigned if done_at else None,
            outcome=outcome,
        ))  # fmt: skip

    def build_waiting_and_consents(self) -> None:
        rng = self.rng
        waiting = [p for p in self.people if p["id"] not in self.referral_day]
        for person in rng.sample(waiting, min(len(waiting), 40 * self.scale)):
            info = self.info[person["id"]]
            status = _weighted(
                rng, ((WaitingStatus.OPEN, 70), (WaitingStatus.PLACED, 20), (WaitingStatus.WITHDRAWN, 10))
            )
            created = _at(max(person["first_contact_on"], self.days_ago(0, 200)), rng)
            resolved = None if status == WaitingStatus.OPEN else created + timedelta(days=rng.randint(7, 90))
            self.add(m.WaitingListEntry, dict(
                person_id=person["id"], course_type=person["recommended_course_type"] or CourseType.ALLGEMEIN,
                module=person["recommended_module"], municipality_id=person["municipality_id"],
                parts_of_day=",".join(p.value for p in info["parts"]), childcare_needed=bool(info["care"]),
                children_count=len(info["care"]), status=status, created_at=created,
                resolved_at=min(resolved, datetime.combine(self.today, time(16))) if resolved else None,
                advisor_id=rng.choice(self.counsellors), note=rng.choice(names.WAITING_NOTES),
            ))  # fmt: skip
        recipients = [p["id"] for p in self.providers[:5]] + [self.partners[0]["id"], self.partners[6]["id"]]
        for number, person in enumerate(rng.sample(self.people, 30 * self.scale)):
            structured, purpose_text, data_text = rng.choice(names.CONSENT_PURPOSES)
            # Every tenth one as an older database holds it: free text only, waiting on the review list.
            purpose = None if number % 10 == 9 else structured
            method = rng.choice((ConsentMethod.SIGNED_FORM, ConsentMethod.SIGNED_FORM, ConsentMethod.VERBAL_WITNESSED))
            given = max(person["first_contact_on"], self.days_ago(0, 300))
            consent = self.add(m.Consent, dict(
                person_id=person["id"], purpose=purpose, purpose_text=purpose_text, data_text=data_text,
                given_on=given, valid_until=None, method=method,
                witness=rng.choice(names.CONTACT_NAMES) if method == ConsentMethod.VERBAL_WITNESSED else None,
                revoked_on=given + timedelta(days=30) if rng.random() < 0.05 and given < self.today - timedelta(days=30)
                else None, recorded_by_id=rng.choice(self.counsellors),
            ))  # fmt: skip
            for org_id in rng.sample(recipients, rng.randint(1, 2)):
                self.add(m.consent_recipients, {"consent_id": consent["id"], "organisation_id": org_id})
            for category in ordered(USUAL_DATA[purpose]) if purpose else ():
                self.add(m.ConsentData, {"consent_id": consent["id"], "category": category})

    # --- writing --------------------------------------------------------------------------------------

    def write(self) -> None:
        for table in Base.metadata.sorted_tables:
            rows = self.rows.get(table, [])
            for offset in range(0, len(rows), _CHUNK):
                self.s.execute(sa.insert(table), rows[offset : offset + _CHUNK])
        if self.s.get_bind().dialect.name == "postgresql":
            for table in self._next_id:
                self.s.execute(sa.text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table.name}))"
                ))  # fmt: skip

    def places(self) -> tuple[list[DemoPlace], list[DemoPlace]]:
        munis = [DemoPlace(mu["id"], mu["name"], mu["latitude"], mu["longitude"], mu["is_town"]) for mu in self.munis]
        locations = [
            DemoPlace(loc["id"], loc["name"], loc["latitude"], loc["longitude"], False, loc["municipality_id"],
                      loc["street"])
            for loc in self.locations
        ]  # fmt: skip
        return munis, locations

    def summary(self) -> DemoSummary:
        return DemoSummary(
            municipalities=self.count(m.Municipality),
            providers=len(self.providers),
            locations=self.count(m.CourseLocation),
            courses=self.count(m.Course),
            people=self.count(m.Person),
            sessions=self.count(m.CounsellingSession),
            referrals=self.count(m.Referral),
            waiting=self.count(m.WaitingListEntry),
            follow_ups=self.count(m.FollowUp),
            advisors=self.count(m.Advisor),
        )
