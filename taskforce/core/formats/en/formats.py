"""English dates in one style everywhere: "December 3, 2026", times on the 24-hour clock
("10:00 PDT"), as both countries' partners read them. Names not set here fall back to
Django's English formats. Templates use the names ({{ value|date:"EVENT_DATE_FORMAT" }}),
never a pattern of their own, so a page, an email and the admin agree."""

DATE_FORMAT = "F j, Y"
DATETIME_FORMAT = "F j, Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"

# The portal's own names.
EVENT_DATE_FORMAT = "l, F j, Y"  # Thursday, December 3, 2026
ZONED_DATETIME_FORMAT = "F j, Y, H:i T"  # December 3, 2026, 10:00 PST
ZONED_TIME_FORMAT = "H:i T"  # 10:00 PST
