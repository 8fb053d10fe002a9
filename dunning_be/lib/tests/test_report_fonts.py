"""A report's web fonts made local fonts for wkhtmltopdf: which families, and
the CSS and fontconfig file that make them so."""

from dunning_be_lib.report_fonts import LOCAL_PREFIX, fontconfig, local_fonts

FILES = {
    "/web/static/fonts/lato/Lato-Reg-webfont.ttf": "/odoo/web/Lato-Reg.ttf",
    "/web/static/fonts/lato/Lato-Bol-webfont.ttf": "/odoo/web/Lato-Bol.ttf",
    "/web/static/fonts/google/Roboto/Roboto-Regular.ttf": "/odoo/web/Roboto.ttf",
}
CSS = (
    "@font-face{font-family: 'Lato'; "
    'src: url("/web/static/fonts/./lato/Lato-Reg-webfont.woff") format("woff"), '
    'url("/web/static/fonts/./lato/Lato-Reg-webfont.ttf") format("truetype"); '
    "font-weight: 400;}"
    "@font-face{font-family: 'Lato'; "
    'src: url("/web/static/fonts/lato/Lato-Bol-webfont.ttf?v=1"); font-weight: 700;}'
    # One face without a file of its own: Roboto stays a web font.
    '@font-face{font-family: "Roboto"; '
    'src: url("/web/static/fonts/google/Roboto/Roboto-Regular.ttf");}'
    '@font-face{font-family: "Roboto"; src: url("/web/static/Roboto-Bold.woff2");}'
    # Characters missing elsewhere only: stays a web font.
    "@font-face{font-family: 'Noto'; unicode-range: U+0590-05FF; "
    'src: url("/web/static/fonts/lato/Lato-Reg-webfont.ttf");}'
    'body{color: #212529; font-family: "Lato"; line-height: 1.5;}'
    '.a{font-family: "LATO", "Open Sans", Sans !important;}'
    ".b{font-family: Roboto, Lato;}"
    ".c{font-family: 'Lato-Bol';}"
)


def test_local_families():
    fonts = local_fonts(CSS, FILES.get)
    (lato,) = fonts.families
    assert lato.family == "Lato"
    assert lato.name.startswith(f"{LOCAL_PREFIX} Lato ")
    assert lato.files == ("/odoo/web/Lato-Reg.ttf", "/odoo/web/Lato-Bol.ttf")
    css = fonts.css
    # Lato's rules are gone, the others stay as they were.
    assert "font-family: 'Lato'" not in css
    assert css.count("@font-face") == 3
    assert 'src: url("/web/static/Roboto-Bold.woff2");}' in css
    assert "unicode-range" in css
    # Every use of Lato, whatever its case or quotes, is the local name.
    assert f'body{{color: #212529; font-family: "{lato.name}"; line' in css
    assert f'.a{{font-family: "{lato.name}", "Open Sans", Sans !important;}}' in css
    assert f'.b{{font-family: Roboto, "{lato.name}";}}' in css
    assert ".c{font-family: 'Lato-Bol';}" in css


def test_nothing_local():
    css = '@font-face{font-family: "X"; src: url("https://cdn.example/x.ttf");}'
    fonts = local_fonts(css, FILES.get)
    assert fonts.families == ()
    assert fonts.css == css


def test_fontconfig():
    (lato,) = local_fonts(CSS, FILES.get).families
    text = fontconfig((lato,), ["/data/fonts/1"], "fonts.conf", "/data/fonts/cache")
    assert '<include ignore_missing="yes">fonts.conf</include>' in text
    assert "<cachedir>/data/fonts/cache</cachedir>" in text
    assert "<dir>/data/fonts/1/</dir>" in text
    # The folder's files are named as the CSS now names them.
    assert "<string>/data/fonts/1/</string></test>" in text
    assert f'mode="assign_replace"><string>{lato.name}</string></edit>' in text
