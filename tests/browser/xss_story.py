"""A hostile story for the HTML report: script, markup and attribute-breaking payloads in the story's text, its
notes, its tags, its title and a character's name. Each payload, were it ever run, would change
``document.title`` or add an element whose id starts with ``xss`` (what the browser test looks for); the
non-browser test checks that every payload comes out as escaped text only.

Shared by ``tests/writers/test_html_report.py`` (loaded by path) and ``tests/browser/test_report_chromium.py``.
"""

from __future__ import annotations

import dataclasses

from ficlens.model import Document, Metadata, Note
from ficlens.model.records import Character

PAYLOADS = (
    "<script>document.title='xss-script'</script>",
    "<img src=x onerror=\"document.title='xss-img'\">",
    "<a href=\"javascript:document.title='xss-href'\">click</a>",
    "\"><svg onload=\"document.body.appendChild(document.createElement('b')).id='xss-svg'\">",
    "' onmouseover='document.title=\"xss-attr\"' x='",
    "</style><script>document.title='xss-style'</script>",
    "</title><script>document.title='xss-title'</script>",
    "javascript:document.title='xss-url'",
)
SCRIPT, IMG, HREF, SVG, ATTR, STYLE, TITLE, URL = PAYLOADS

TEXT = f"""The Watcher's Council by Giles

Willow logged in at midnight. {SCRIPT} blinked on the screen and she did not flinch.

"{IMG}," said Willow to Spike. "Don't click on that."

"I never click on anything, love," said Spike. "{SVG}"

* * *

Spike read the next line aloud. "{ATTR} and then {HREF}," he said.

"{STYLE}," Willow told him. "{TITLE} and {URL}."

Willow laughed. Spike did not.
"""

META = Metadata(
    title=f"The Council {TITLE} {SVG}",
    authors=(f"Giles {IMG}", ATTR),
    summary=f"A summary with {SCRIPT} and {HREF}.",
    notes=(
        Note("notes", f"Thanks to {IMG} for the beta.\n\n{SVG}"),
        Note("chapter_notes", f"Chapter note {ATTR}", chapter=1),
        Note("end_notes", f"End {STYLE}"),
    ),
    rating=f"Explicit {ATTR}",
    warnings=(SCRIPT,),
    categories=(SVG,),
    fandoms=(f"Buffy {TITLE}",),
    relationships=(f"Willow/Spike {IMG}",),
    characters=(HREF, "Willow"),
    freeform=(URL, STYLE, ATTR),
    language=f"en{SVG}",
    series=SCRIPT,
    series_part=2,
    all_series=((SCRIPT, 2),),
    collections=(IMG,),
    published=SVG,
    status=ATTR,
    words=123,
    url=URL,
    author_url="javascript:alert(1)",
    publisher=IMG,
    beta_readers=(SVG,),
    gift_recipients=(ATTR,),
    extra=((SCRIPT, IMG), ("Prompt", HREF)),
)


def hostile(doc: Document) -> Document:
    """``doc`` (the analysed TEXT) with the hostile metadata and a payload in the first character's names."""
    chars = list(doc.layer("characters"))
    if chars:
        first: Character = chars[0]
        chars[0] = dataclasses.replace(
            first, name=f"{first.name} {SCRIPT}{ATTR}", names=((IMG, 2), *first.names), epithets=((SVG, 1),)
        )
    return doc.with_meta(META).with_layers(characters=chars)
