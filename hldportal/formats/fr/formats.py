# UN French style for times: "15 h 30", never "15:30" ("3 octobre 2013 à 15 h 30"). Whole hours read "10 heures" in
# running text; the template filters of common/templatetags/portal.py write them so, a date format cannot.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \à G \h i"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = r"G \h i"
YEAR_MONTH_FORMAT = "F Y"
