"""A small hand-made GTFS feed between Dorfhausen and Musterstadt (catalogue_fixtures' places)."""

from pathlib import Path

from kim_desktop.exchange.gtfs_writer import write_feed

DORF_KIRCHE = {"stop_id": "dk", "stop_name": "Dorfhausen Kirche", "stop_lat": "52.3000", "stop_lon": "8.0000"}
DORF_SCHULE = {"stop_id": "ds", "stop_name": "Dorfhausen Schule", "stop_lat": "52.3010", "stop_lon": "8.0010"}
ZOB = {"stop_id": "zob", "stop_name": "Musterstadt ZOB", "stop_lat": "52.2000", "stop_lon": "8.1000"}
MARKT = {"stop_id": "markt", "stop_name": "Musterstadt Markt", "stop_lat": "52.2020", "stop_lon": "8.1000"}


def trip(trip_id: str, route: str, service: str, *halts: tuple[str, str]) -> list[dict[str, str]]:
    """stop_times rows of one trip: (stop id, HH:MM:SS) per halt."""
    return [
        {"trip_id": trip_id, "arrival_time": at, "departure_time": at, "stop_id": stop, "stop_sequence": str(i + 1)}
        for i, (stop, at) in enumerate(halts)
    ]


def feed_files() -> dict[str, list[dict[str, str]]]:
    """Bus 510 village <-> ZOB: a school bus in the morning (not in the Christmas holidays), one weekday bus at
    07:10, buses back at 12:58 (change at the Markt) and 17:05; nothing back in the evening. Bus 1 ZOB <-> Markt.
    """
    stop_times = (
        trip("s1", "510", "school", ("dk", "07:42:00"), ("ds", "07:44:00"), ("zob", "08:19:00"))
        + trip("w1", "510", "weekdays", ("dk", "07:10:00"), ("zob", "07:50:00"))
        + trip("b1", "1", "weekdays", ("zob", "12:58:00"), ("markt", "13:03:00"))
        + trip("w2", "510", "weekdays", ("markt", "13:10:00"), ("ds", "13:50:00"), ("dk", "13:52:00"))
        + trip("w3", "510", "weekdays", ("zob", "17:05:00"), ("dk", "17:45:00"))
        + trip("n1", "510", "weekdays", ("zob", "23:40:00"), ("dk", "24:20:00"))
    )
    return {
        "agency.txt": [{"agency_id": "vos", "agency_name": "Verkehrsgemeinschaft Musterkreis",
                        "agency_url": "https://example.org", "agency_timezone": "Europe/Berlin"}],
        "stops.txt": [DORF_KIRCHE, DORF_SCHULE, ZOB, MARKT],
        "routes.txt": [{"route_id": "510", "route_short_name": "510", "route_type": "3"},
                       {"route_id": "1", "route_short_name": "1", "route_type": "3"}],
        "calendar.txt": [
            {"service_id": "weekdays", "monday": "1", "tuesday": "1", "wednesday": "1", "thursday": "1",
             "friday": "1", "saturday": "0", "sunday": "0", "start_date": "20261101", "end_date": "20271231"},
            {"service_id": "school", "monday": "1", "tuesday": "1", "wednesday": "1", "thursday": "1",
             "friday": "1", "saturday": "0", "sunday": "0", "start_date": "20261101", "end_date": "20271231"},
        ],
        "calendar_dates.txt": [
            {"service_id": "school", "date": f"2026{day}", "exception_type": "2"}
            for day in ("1221", "1222", "1223", "1224", "1228", "1229", "1230", "1231")
        ] + [{"service_id": "weekdays", "date": "20270111", "exception_type": "2"}],
        "trips.txt": [
            {"route_id": route, "service_id": service, "trip_id": trip_id}
            for trip_id, route, service in (("s1", "510", "school"), ("w1", "510", "weekdays"),
                                            ("b1", "1", "weekdays"), ("w2", "510", "weekdays"),
                                            ("w3", "510", "weekdays"), ("n1", "510", "weekdays"))
        ],
        "stop_times.txt": stop_times,
    }  # fmt: skip


def write_small_feed(directory: Path, **changes: list[dict[str, str]]) -> Path:
    """The feed as a zip, with whole files replaced (e.g. stop_times_txt=[...]); a value None drops the file."""
    files = feed_files()
    for name, rows in changes.items():
        files[name.replace("_txt", ".txt")] = rows
    return write_feed(directory / "feed.zip", files)
