"""Tables of the imported GTFS timetable, the stops chosen per place, and the reachability computed from them."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from kim_desktop.db.base import Base


class TimetableFeed(Base):
    """The imported timetable (one at a time: a new import replaces it) and its validation summary."""

    __tablename__ = "timetable_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(sa.String(260))
    imported_at: Mapped[datetime]
    agencies: Mapped[str] = mapped_column(sa.Text, default="")  # one per line
    first_day: Mapped[date | None]
    last_day: Mapped[date | None]
    warnings: Mapped[str] = mapped_column(sa.Text, default="")  # one per line
    computed_at: Mapped[datetime | None]  # when the reachability was last computed from this feed


class TimetableStop(Base):
    """A stop of the feed."""

    __tablename__ = "timetable_stops"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    feed_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_feeds.id"), index=True)
    gtfs_id: Mapped[str] = mapped_column(sa.String(100))
    name: Mapped[str] = mapped_column(sa.String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]


class TimetableRoute(Base):
    """A line of the feed (label as riders know it, GTFS route_type)."""

    __tablename__ = "timetable_routes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    feed_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_feeds.id"), index=True)
    gtfs_id: Mapped[str] = mapped_column(sa.String(100))
    label: Mapped[str] = mapped_column(sa.String(200))
    route_type: Mapped[int]


class TimetableService(Base):
    """When trips run: weekdays in a date range, plus the added and removed days below."""

    __tablename__ = "timetable_services"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    feed_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_feeds.id"), index=True)
    gtfs_id: Mapped[str] = mapped_column(sa.String(100))
    weekdays_mask: Mapped[int]
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]


class TimetableServiceDay(Base):
    """An exception of calendar_dates.txt: the service runs (added) or does not run (holiday) on the day."""

    __tablename__ = "timetable_service_days"

    service_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_services.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    added: Mapped[bool]


class TimetableTrip(Base):
    """A trip (a frequencies.txt departure is a trip of its own)."""

    __tablename__ = "timetable_trips"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    feed_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_feeds.id"), index=True)
    route_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_routes.id"))
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_services.id"))
    headsign: Mapped[str] = mapped_column(sa.String(200), default="")


class TimetableStopTime(Base):
    """A trip's halt: seconds after midnight of the service day (past 86,400 on the next day)."""

    __tablename__ = "timetable_stop_times"

    trip_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_trips.id"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    stop_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_stops.id"))
    arrival: Mapped[int]
    departure: Mapped[int]


class TimetableTransfer(Base):
    """A walk or change time between two stops from transfers.txt; no seconds: changing there is impossible."""

    __tablename__ = "timetable_transfers"

    from_stop_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_stops.id"), primary_key=True)
    to_stop_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_stops.id"), primary_key=True)
    seconds: Mapped[int | None]


class TimetableStopLink(Base):
    """A stop that serves a municipality or a course location, with the walk between them (minutes)."""

    __tablename__ = "timetable_stop_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    location_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("course_locations.id", ondelete="CASCADE"), index=True
    )
    stop_id: Mapped[int] = mapped_column(sa.ForeignKey("timetable_stops.id"), index=True)
    walk_minutes: Mapped[int]
    confirmed: Mapped[bool] = mapped_column(default=False)  # False: matched by name or distance, not yet confirmed

    __table_args__ = (
        sa.CheckConstraint("(municipality_id IS NULL) <> (location_id IS NULL)", name="one_place"),
        sa.CheckConstraint("walk_minutes >= 0 AND walk_minutes <= 120", name="walk_minutes_valid"),
    )


class TimetableReach(Base):
    """Whether a course schedule at a location is reachable from a municipality on every course day, and how."""

    __tablename__ = "timetable_reach"

    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipalities.id", ondelete="CASCADE"), primary_key=True
    )
    location_id: Mapped[int] = mapped_column(
        sa.ForeignKey("course_locations.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    schedule: Mapped[str] = mapped_column(sa.String(40), primary_key=True)  # see domain.transit_reach.schedule_key
    reachable: Mapped[bool]
    course_days: Mapped[int]
    days_without_way_there: Mapped[int]
    days_without_way_back: Mapped[int]
    first_failing_day: Mapped[date | None]
    minutes: Mapped[int | None]  # door to door on the typical day, for ranking
    journey: Mapped[str] = mapped_column(sa.Text, default="")  # JSON of the typical day's way there and back
