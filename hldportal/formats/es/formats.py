# UN Spanish style for times: "a las 15.30 horas", "a las 9.00 horas", never "15:30".
DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, \a \l\a\s G.i \h\o\r\a\s"
MONTH_DAY_FORMAT = r"j \d\e F"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = r"G.i \h\o\r\a\s"
YEAR_MONTH_FORMAT = r"F \d\e Y"
