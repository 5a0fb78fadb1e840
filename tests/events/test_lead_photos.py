"""Lead photos as editors add them to events and sessions in the admin: the change form posted back as a browser
sends it, with a photo the public page can show, or refused under its field with nothing saved."""

import html
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from tests.admin_forms import admin_form_data
from tests.factories import EventFactory, SessionFactory
from tests.scanner_fixtures import eicar

pytestmark = pytest.mark.django_db


def photo(name="photo.png", *, image_format="PNG", size=(40, 30), mode="RGB", extra=b""):
    """An upload of a plain image of ``size`` in ``image_format``, ``extra`` bytes after it, named ``name``."""
    buffer = io.BytesIO()
    Image.new(mode, size, "white").save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue() + extra, content_type="image/png")


def change(client, obj, photo, *, language="en", prefix="", **fields):
    """Post the change form of the event ``obj`` back with ``photo`` (and ``fields``) under ``prefix``, as an editor
    reading the admin in ``language``."""
    url = f"/admin/events/event/{obj.pk}/change/"
    data = admin_form_data(client.get(url))
    data.update({f"{prefix}{name}": value for name, value in {"image": photo, **fields}.items()})
    with translation.override(language):
        return client.post(url, data, headers={"accept-language": language})


def errors_under(response, field_id):
    """The messages the page shows under the field whose id is ``field_id``."""
    listed = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', response.content.decode())
    return [html.unescape(item) for item in re.findall(r"<li>(.*?)</li>", listed[1])] if listed else []


def stored_photos(media_root):
    return sorted(path.name for path in (media_root / "lead-images").glob("*"))


@pytest.fixture
def event():
    return EventFactory(slug="hld-2013", title="High-level Dialogue 2013")


def test_a_photo_with_its_alternative_text_is_saved_and_shown(editor_client, client, event, media_root):
    response = change(editor_client, event, photo(), image_alt_en="The General Assembly Hall")

    assert response.status_code == 302
    event.refresh_from_db()
    name = event.image.name.rpartition("/")[2]
    assert stored_photos(media_root) == [name]
    html_page = client.get("/en/events/hld-2013/").content.decode()
    assert f'<img src="/images/{name}" alt="The General Assembly Hall">' in html_page


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Describe the photo for people who cannot see it."),
        ("fr", "Décrivez la photo pour les personnes qui ne peuvent pas la voir."),
        ("es", "Describa la foto para las personas que no pueden verla."),
    ],
)
def test_a_photo_without_alternative_text_is_refused_under_the_english_one(
    editor_client, event, media_root, language, message
):
    response = change(editor_client, event, photo(), language=language, image_alt_fr="La salle", image_alt_es="")

    assert response.status_code == 200
    assert errors_under(response, "id_image_alt_en") == [message]
    event.refresh_from_db()
    assert not event.image
    assert stored_photos(media_root) == []


def test_a_session_photo_without_alternative_text_is_refused_under_its_english_one(editor_client, event, media_root):
    SessionFactory(event=event)

    response = change(editor_client, event, photo(), prefix="sessions-0-")

    assert response.status_code == 200
    assert errors_under(response, "id_sessions-0-image_alt_en") == ["Describe the photo for people who cannot see it."]
    assert not event.sessions.get().image
    assert stored_photos(media_root) == []


@pytest.mark.parametrize(
    ("name", "image_format", "language", "message"),
    [
        (
            "photo.bmp",
            "BMP",
            "en",
            "File extension “bmp” is not allowed. Allowed extensions are: png, jpg, jpeg, gif, webp.",
        ),
        (
            "photo.tiff",
            "TIFF",
            "es",
            "La extensión de archivo “tiff” no esta permitida. Las extensiones permitidas son: png, jpg, jpeg, gif, "
            "webp.",
        ),
        (
            "photo.png.html",
            "PNG",
            "en",
            "File extension “html” is not allowed. Allowed extensions are: png, jpg, jpeg, gif, webp.",
        ),
        (
            "photo.ico",
            "ICO",
            "en",
            "File extension “ico” is not allowed. Allowed extensions are: png, jpg, jpeg, gif, webp.",
        ),
        ("photo.jpg", "PNG", "en", "The photo “photo.jpg” is a PNG image but its name ends in .jpg."),
        ("photo.png", "BMP", "en", "The photo “photo.png” is a BMP image but its name ends in .png."),
        (
            "photo.webp",
            "GIF",
            "fr",
            "La photo « photo.webp » est une image GIF, mais son nom se termine par .webp.",
        ),
        ("photo.gif", "TIFF", "es", "La foto “photo.gif” es una imagen TIFF, pero su nombre termina en .gif."),
    ],
)
def test_a_photo_of_a_type_the_site_does_not_serve_or_not_the_type_its_name_says_is_refused(
    editor_client, event, media_root, name, image_format, language, message
):
    response = change(
        editor_client, event, photo(name, image_format=image_format), language=language, image_alt_en="A hall"
    )

    assert response.status_code == 200
    assert errors_under(response, "id_image") == [message]
    event.refresh_from_db()
    assert not event.image
    assert stored_photos(media_root) == []


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "The photo “big.png” is 8000 × 6000 pixels: more than 40 million pixels, too many for visitors’ browsers "
            "to show. Make it smaller and upload it again.",
        ),
        (
            "fr",
            "La photo « big.png » fait 8000 × 6000 pixels : plus de 40 millions de pixels, trop pour les "
            "navigateurs des visiteurs. Réduisez-la et envoyez-la de nouveau.",
        ),
        (
            "es",
            "La foto “big.png” tiene 8000 × 6000 píxeles: más de 40 millones de píxeles, demasiados para los "
            "navegadores de los visitantes. Redúzcala y súbala de nuevo.",
        ),
    ],
)
def test_a_photo_of_too_many_pixels_is_refused_with_its_size(editor_client, event, media_root, language, message):
    # A few kilobytes of 1-bit PNG, which every visitor's browser would decode to some 190 MB of pixels.
    bomb = photo("big.png", size=(8000, 6000), mode="1")

    response = change(editor_client, event, bomb, language=language, image_alt_en="White")

    assert response.status_code == 200
    assert errors_under(response, "id_image") == [message]
    event.refresh_from_db()
    assert not event.image
    assert stored_photos(media_root) == []


def test_a_session_photo_of_too_many_pixels_is_refused_too(editor_client, event, media_root):
    SessionFactory(event=event)
    bomb = photo("big.png", size=(8000, 6000), mode="1")

    response = change(editor_client, event, bomb, prefix="sessions-0-", image_alt_en="White")

    assert response.status_code == 200
    assert errors_under(response, "id_sessions-0-image")[0].startswith("The photo “big.png” is 8000 × 6000 pixels")
    assert stored_photos(media_root) == []


def test_a_photo_of_forty_million_pixels_is_accepted(editor_client, event, media_root):
    response = change(editor_client, event, photo("large.png", size=(8000, 5000), mode="1"), image_alt_en="White")

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.image.width, event.image.height) == (8000, 5000)


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The file “photo.png” contains a virus (Eicar-Test-Signature-Custom.UNOFFICIAL) and was refused."),
        ("fr", "Le fichier « photo.png » contient un virus (Eicar-Test-Signature-Custom.UNOFFICIAL) et a été refusé."),
        (
            "es",
            "El archivo “photo.png” contiene un virus (Eicar-Test-Signature-Custom.UNOFFICIAL) y ha sido rechazado.",
        ),
    ],
)
def test_an_infected_photo_is_refused_as_a_document_is(
    editor_client, event, media_root, settings, clamd, language, message
):
    settings.CLAMD_SOCKET = clamd.socket

    response = change(editor_client, event, photo(extra=eicar()), language=language, image_alt_en="A hall")

    assert response.status_code == 200
    assert errors_under(response, "id_image") == [message]
    event.refresh_from_db()
    assert not event.image
    assert stored_photos(media_root) == []


def test_a_clean_photo_passes_the_scan(editor_client, event, media_root, settings, clamd):
    settings.CLAMD_SOCKET = clamd.socket

    response = change(editor_client, event, photo(), image_alt_en="A hall")

    assert response.status_code == 302
    assert len(stored_photos(media_root)) == 1


def test_a_photo_is_saved_when_the_scanner_cannot_be_reached_as_a_document_is(
    editor_client, event, media_root, settings, tmp_path
):
    # The document admin stores a file whose scan had no verdict (uploads.checks.check_upload); so do photos.
    settings.CLAMD_SOCKET = str(tmp_path / "no-clamd.sock")

    response = change(editor_client, event, photo(), image_alt_en="A hall")

    assert response.status_code == 302
    assert len(stored_photos(media_root)) == 1
