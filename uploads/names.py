"""What a file's name may say: the extension it really ends in, and a clean name to show.

A name is read as a person's system would show it: compatibility forms folded (a full-width dot is a dot),
control, zero-width and direction characters removed (they hide the real ending: "report‮fdp.exe"), and
trailing dots and spaces dropped (Windows drops them). Only then is its final extension judged. The name is
never used to store the file; it is kept, cleaned, to show and to name downloads.
"""

import unicodedata
from pathlib import PurePosixPath, PureWindowsPath

# Programs and scripts that a click runs on some system.
EXECUTABLE_EXTENSIONS = frozenset(
    [
        "exe",
        "com",
        "bat",
        "cmd",
        "scr",
        "pif",
        "msi",
        "msp",
        "msc",
        "cpl",
        "dll",
        "sys",
        "lnk",
        "vbs",
        "vbe",
        "js",
        "jse",
        "wsf",
        "wsh",
        "ps1",
        "psm1",
        "psd1",
        "hta",
        "jar",
        "app",
        "dmg",
        "pkg",
        "deb",
        "rpm",
        "apk",
        "appimage",
        "run",
        "bin",
        "sh",
        "bash",
        "zsh",
        "csh",
        "ksh",
        "command",
        "py",
        "pyc",
        "pyw",
        "pl",
        "rb",
        "php",
        "elf",
        "so",
        "reg",
        "inf",
        "scf",
        "url",
        "gadget",
        "application",
        "vb",
        "ws",
        "lib",
        "ocx",
    ]
)
# Content a browser renders or runs.
WEB_EXTENSIONS = frozenset(
    ["html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "swf", "css", "hta"]
)
# Office packages that may carry macros: refused whatever their content.
MACRO_EXTENSIONS = frozenset(["docm", "dotm", "xlsm", "xltm", "xlam", "pptm", "potm", "ppsm", "ppam", "sldm"])

MAX_EXTENSION = 10

# What Windows refuses in a file name: these characters, and device names whatever follows a dot ("CON.pdf").
WINDOWS_FORBIDDEN = str.maketrans(dict.fromkeys('<>:"|?*', "_"))
WINDOWS_DEVICES = frozenset(
    [
        "con",
        "prn",
        "aux",
        "nul",
        *(f"com{number}" for number in range(1, 10)),
        *(f"lpt{number}" for number in range(1, 10)),
    ]
)


def visible_name(name):
    """``name`` without a path and without the characters a reader cannot see, as its final part reads."""
    name = unicodedata.normalize("NFKC", name or "")
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    return PureWindowsPath(PurePosixPath(name).name).name


def final_extension(name):
    """The extension ``name`` really ends in, lower-case ("" when it has none)."""
    stem, dot, suffix = visible_name(name).rstrip(" .").rpartition(".")
    if not dot or not stem.strip(" .") or len(suffix) > MAX_EXTENSION or not suffix.isalnum():
        return ""
    return suffix.lower()


def display_name(name, *, max_length=150):
    """A name safe to show and to send back: no path, no control or direction characters, at most ``max_length``."""
    name = visible_name(name).strip(" .") or "file"
    stem, dot, suffix = name.rpartition(".")
    if not dot or len(suffix) > MAX_EXTENSION:
        stem, suffix = name, ""
    keep = max_length - len(suffix) - 1 if suffix else max_length
    stem = stem[:keep].rstrip(" .") or "file"
    return f"{stem}.{suffix}" if suffix else stem


def portable_name(name):
    """A shown name (see ``display_name``) as every system can save it: what Windows refuses becomes "_"."""
    name = name.translate(WINDOWS_FORBIDDEN)
    device, dot, rest = name.partition(".")
    if device.rstrip(" ").lower() in WINDOWS_DEVICES:
        return f"{device}_{dot}{rest}"
    return name
