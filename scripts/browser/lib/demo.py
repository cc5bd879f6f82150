"""The demo province the journeys rely on (MOTCUA_ENV=development seeds it) and the devices they use."""

import random

PASSWORD = "motcua2026"  # every demo officer's

WARD, WARD_NAME = "14797", "Phường Hạc Thành"
WARD_COMMITTEE = "UB14797.H56"  # its People's Committee, which handles the ward's dossiers and reports
RECEIVER, LEADER, SPECIALIST = "tiepnhan.hacthanh", "lanhdao.hacthanh", "chuyenvien.hacthanh"
ADMIN = "quantri"

BIRTH_REGISTRATION = "1.001193"  # a commune-level procedure
STATE_RETURNED = "Đã trả kết quả"

DESKTOP = (1366, 900)
PHONE = (360, 800)
BIG_SCREEN = (1920, 1080)


def random_phone():
    """A Vietnamese mobile number, 09xxxxxxxx, new on each call (so runs on one server stay apart)."""
    return "09" + "".join(random.choice("0123456789") for _ in range(8))
