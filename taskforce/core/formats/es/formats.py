"""Spanish dates as Mexican institutions write them: "3 de diciembre de 2026", "jueves,
3 de diciembre de 2026", times on the 24-hour clock. Names not set here fall back to
Django's Spanish formats. The same names as in ../en/formats.py."""

DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = r"F \d\e Y"
MONTH_DAY_FORMAT = r"j \d\e F"

# The portal's own names.
EVENT_DATE_FORMAT = r"l, j \d\e F \d\e Y"  # jueves, 3 de diciembre de 2026
ZONED_DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i T"  # 3 de diciembre de 2026, 10:00 PST
ZONED_TIME_FORMAT = "H:i T"
