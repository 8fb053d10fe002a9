"""A report's web fonts given to wkhtmltopdf as local fonts.

wkhtmltopdf (Qt) cannot embed a web font (an ``@font-face`` of the CSS) in
the PDF: it draws every character in it as an outline. A letter's text is in
the company's report font, a web font (Lato unless chosen otherwise), so 100
letters made a PDF of 134 MB, laid out in 27 s, where the same letters in a
font installed on the machine make 0.7 MB in 1.6 s, the font embedded once.

So the report's CSS is given to wkhtmltopdf inline, less the ``@font-face``
rules of each family whose every face has a TrueType (or OpenType) file on
disk (the fonts Odoo ships in its addons' ``static`` folders); those files are
made local fonts for that run only, through a fontconfig configuration of its
own (``FONTCONFIG_FILE``), under a name of their own that the CSS is changed
to use, so that a font of the same name installed on the machine is never
taken instead. The glyphs and their metrics are the same files': the page
looks the same, its text is now text.

Pure functions: the CSS in, the CSS out, the families and the configuration.
"""

import hashlib
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape

FONT_FACE = re.compile(r"@font-face\s*\{([^{}]*)\}", re.IGNORECASE)
DECLARATION = re.compile(r"([\w-]+)\s*:\s*([^;]*)")
URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""", re.IGNORECASE)
# A font-family declaration, wherever it is: its value up to ; } or !important.
FAMILY_DECLARATION = re.compile(
    r"(?P<property>(?<![\w-])[\w-]*font-family\s*:\s*)(?P<value>[^;}!]*)",
    re.IGNORECASE,
)
FONT_FILE = re.compile(r"\.(?:ttf|otf)$", re.IGNORECASE)
# The prefix of the families' local names.
LOCAL_PREFIX = "dunning_be"


@dataclass(frozen=True)
class LocalFamily:
    """A web font family made local: the name the CSS gives it, the name it
    has locally, and its files on disk."""

    family: str
    name: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class LocalFonts:
    """The CSS for wkhtmltopdf and the families it now takes locally."""

    css: str
    families: tuple[LocalFamily, ...]


def local_fonts(css: str, font_file: Callable[[str], str | None]) -> LocalFonts:
    """``css`` with its web font families made local where they can be.

    ``font_file(path)`` is the file on disk of a font's URL path (without
    query nor fragment), or None. A family is made local only when every one
    of its ``@font-face`` rules has such a file, and none is limited to a
    ``unicode-range`` (those fill in missing characters only): otherwise it
    stays a web font, as it was."""
    # {family, case folded: (its name, [(its rule, its file or None)])}
    faces: dict[str, tuple[str, list[tuple[str, str | None]]]] = {}
    for match in FONT_FACE.finditer(css):
        declarations = _declarations(match.group(1))
        family = _unquote(declarations.get("font-family", ""))
        if not family:
            continue
        file = None
        if "unicode-range" not in declarations:
            file = _face_file(declarations.get("src", ""), font_file)
        faces.setdefault(family.casefold(), (family, []))[1].append(
            (match.group(0), file)
        )
    families = {}
    for key, (family, rules) in faces.items():
        files = [file for _rule, file in rules]
        if all(files):
            digest = hashlib.sha1("\0".join(files).encode()).hexdigest()[:8]
            name = f"{LOCAL_PREFIX} {_plain(family)} {digest}"
            families[key] = LocalFamily(family, name, tuple(dict.fromkeys(files)))
    if not families:
        return LocalFonts(css, ())
    made_local = {rule for key in families for rule, _file in faces[key][1]}
    css = FONT_FACE.sub(
        lambda match: "" if match.group(0) in made_local else match.group(0), css
    )
    css = FAMILY_DECLARATION.sub(
        lambda match: (
            match.group("property") + _renamed(match.group("value"), families)
        ),
        css,
    )
    return LocalFonts(css, tuple(families.values()))


def fontconfig(families: tuple[LocalFamily, ...], folders, include, cache) -> str:
    """A fontconfig configuration: the machine's (``include``), and each
    family's files, in its folder of ``folders`` (one per family, holding
    its files only), under its local name. ``cache`` is fontconfig's cache
    folder for them."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<fontconfig>",
        f'  <include ignore_missing="yes">{escape(include)}</include>',
        f"  <cachedir>{escape(cache)}</cachedir>",
    ]
    for family, folder in zip(families, folders, strict=True):
        folder = escape(folder.rstrip("/") + "/")
        test = f'<test name="file" compare="contains"><string>{folder}</string></test>'
        name = f"<string>{escape(family.name)}</string>"
        lines += [
            f"  <dir>{folder}</dir>",
            # Named when scanned: the name its files give is not used.
            '  <match target="scan">',
            f"    {test}",
            f'    <edit name="family" mode="assign_replace">{name}</edit>',
            "  </match>",
        ]
    lines.append("</fontconfig>")
    return "\n".join(lines) + "\n"


def _declarations(block):
    return {
        name.strip().lower(): value.strip()
        for name, value in DECLARATION.findall(block)
    }


def _unquote(value):
    value = value.strip()
    if len(value) > 1 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _plain(family):
    """The family's name in letters, digits and dashes, for its local name."""
    return re.sub(r"[^A-Za-z0-9-]+", "-", family).strip("-") or "font"


def _face_file(src, font_file):
    """The first file on disk of an ``@font-face``'s ``src``, or None."""
    for _quote, url in URL.findall(src):
        path = _font_path(url)
        file = path and font_file(path)
        if file:
            return file
    return None


def _font_path(url):
    """The path of a font file's URL on the same server, or None."""
    path = re.split(r"[?#]", url, maxsplit=1)[0]
    if not path.startswith("/") or path.startswith("//"):
        return None
    path = posixpath.normpath(path)
    return path if FONT_FILE.search(path) else None


def _renamed(value, families):
    """A font-family value with the families made local under their names."""
    items = value.split(",")
    renamed = []
    for item in items:
        family = families.get(_unquote(item).casefold())
        if family is None:
            renamed.append(item)
        else:
            space = item[: len(item) - len(item.lstrip())]
            trail = item[len(item.rstrip()) :]
            renamed.append(f'{space}"{family.name}"{trail}')
    return ",".join(renamed)
