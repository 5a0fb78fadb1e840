"""Dates, date ranges, times and file sizes as the UN writes them in English, French and Spanish."""

import datetime
import random

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import filesizeformat
from django.utils import translation

from common.templatetags.portal import FileSizes, daterange, on_dates, timerange, undate, undatetime

D = datetime.date
T = datetime.time


@pytest.mark.parametrize(
    ("language", "start", "end", "text"),
    [
        ("en", D(2013, 10, 3), D(2013, 10, 4), "on 3 and 4 October 2013"),
        ("fr", D(2013, 10, 3), D(2013, 10, 4), "les 3 et 4 octobre 2013"),
        ("es", D(2013, 10, 3), D(2013, 10, 4), "los días 3 y 4 de octubre de 2013"),
        ("en", D(2013, 9, 4), D(2013, 9, 4), "on 4 September 2013"),
        ("fr", D(2013, 9, 4), D(2013, 9, 4), "le 4 septembre 2013"),
        ("es", D(2013, 9, 4), None, "el 4 de septiembre de 2013"),
        ("fr", D(2013, 12, 1), D(2013, 12, 1), "le 1er décembre 2013"),
        ("en", D(2013, 12, 1), D(2013, 12, 3), "from 1 to 3 December 2013"),
        ("fr", D(2013, 12, 1), D(2013, 12, 3), "du 1er au 3 décembre 2013"),
        ("es", D(2013, 12, 1), D(2013, 12, 3), "del 1 al 3 de diciembre de 2013"),
        ("en", D(2013, 9, 30), D(2013, 10, 2), "from 30 September to 2 October 2013"),
        ("fr", D(2013, 9, 30), D(2013, 10, 2), "du 30 septembre au 2 octobre 2013"),
        ("es", D(2013, 9, 30), D(2013, 10, 2), "del 30 de septiembre al 2 de octubre de 2013"),
        ("fr", D(2013, 12, 31), D(2014, 1, 1), "du 31 décembre 2013 au 1er janvier 2014"),
    ],
)
def test_dates_in_a_sentence(language, start, end, text):
    with translation.override(language):
        assert on_dates(start, end) == text


@pytest.mark.parametrize(
    ("language", "start", "end", "text"),
    [
        ("en", D(2013, 10, 3), D(2013, 10, 4), "3-4 October 2013"),
        ("fr", D(2013, 10, 3), D(2013, 10, 4), "3 et 4 octobre 2013"),
        ("es", D(2013, 10, 3), D(2013, 10, 4), "3 y 4 de octubre de 2013"),
        ("fr", D(2013, 12, 1), D(2013, 12, 3), "1er-3 décembre 2013"),
        ("fr", D(2013, 11, 30), D(2013, 12, 1), "30 novembre – 1er décembre 2013"),
        ("es", D(2013, 11, 30), D(2013, 12, 1), "30 de noviembre – 1 de diciembre de 2013"),
    ],
)
def test_dates_as_a_title_gives_them(language, start, end, text):
    with translation.override(language):
        assert daterange(start, end) == text


@pytest.mark.parametrize(
    ("language", "text"), [("en", "1 December 2013"), ("fr", "1er décembre 2013"), ("es", "1 de diciembre de 2013")]
)
def test_first_of_the_month(language, text):
    with translation.override(language):
        assert undate(D(2013, 12, 1)) == text


@pytest.mark.parametrize(
    ("language", "start", "end", "text"),
    [
        ("en", T(10), T(13), "10 a.m.–1 p.m."),
        ("fr", T(10), T(13), "de 10 heures à 13 heures"),
        ("es", T(10), T(13), "de las 10.00 a las 13.00 horas"),
        ("en", T(15, 30), None, "3:30 p.m."),
        ("fr", T(15, 30), None, "15 h 30"),
        ("es", T(9, 0), None, "9.00 horas"),
        ("fr", T(9, 30), T(12), "de 9 h 30 à 12 heures"),
        # One o'clock: "1 heure", "la 1.00".
        ("fr", T(1), T(3), "de 1 heure à 3 heures"),
        ("es", T(1), T(3), "de la 1.00 a las 3.00 horas"),
        ("es", T(0, 30), T(1, 30), "de las 0.30 a la 1.30 horas"),
    ],
)
def test_times(language, start, end, text):
    with translation.override(language):
        assert timerange(start, end) == text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "14 June 2013, 7:59 p.m."),
        ("fr", "14 juin 2013 à 19 h 59"),
        ("es", "14 de junio de 2013, a las 19.59 horas"),
    ],
)
def test_date_and_time_format_of_each_language(language, text):
    with translation.override(language):
        assert date_filter(datetime.datetime(2013, 6, 14, 19, 59), "DATETIME_FORMAT") == text


@pytest.mark.parametrize(
    ("language", "small", "large"),
    [("en", "12.1 KB", "1.2 MB"), ("fr", "12,1 Ko", "1,2 Mo"), ("es", "12,1 KB", "1,2 MB")],
)
def test_file_sizes(language, small, large):
    with translation.override(language):
        # Django puts a no-break space between the number and its unit.
        assert filesizeformat(12345) == small.replace(" ", "\N{NO-BREAK SPACE}")
        assert filesizeformat(1234567) == large.replace(" ", "\N{NO-BREAK SPACE}")


# Each unit's edges, and sizes drawn from a byte to ten petabytes (the same every run).
EDGES = [0, 1, 1023, 1024, 1025, 10239, 10240, 1048524, 1048575, 1048576, (1 << 30) - 1, 1 << 30, 3 << 50]
DRAW = random.Random(17)
SIZES = EDGES + [int(10 ** DRAW.uniform(0, 16)) for _ in range(3000)]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_file_sizes_of_a_list_are_those_of_filesizeformat(language):
    with translation.override(language):
        size_text = FileSizes()

        assert [size_text(size) for size in SIZES] == [filesizeformat(size) for size in SIZES]


@pytest.mark.parametrize(
    ("language", "hour", "minute", "text"),
    [
        ("fr", 9, 5, "1er décembre 2026 à 9 h 05"),
        ("es", 9, 5, "1 de diciembre de 2026, a las 9.05 horas"),
        # Whole hours as the UN writes them in running text, and one o'clock in the singular.
        ("fr", 12, 0, "1er décembre 2026 à 12 heures"),
        ("fr", 1, 0, "1er décembre 2026 à 1 heure"),
        ("es", 1, 5, "1 de diciembre de 2026, a la 1.05 horas"),
        ("en", 1, 5, "1 December 2026, 1:05 a.m."),
    ],
)
def test_a_date_and_time_on_the_first_of_a_month_in_un_style(language, hour, minute, text):
    with translation.override(language):
        assert undatetime(datetime.datetime(2026, 12, 1, hour, minute)) == text
