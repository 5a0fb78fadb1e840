# UN style for English dates and times ("3 October 2013", "10 a.m.", "3:30 p.m."); Django's "en" default is American.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, P"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "P"
YEAR_MONTH_FORMAT = "F Y"
