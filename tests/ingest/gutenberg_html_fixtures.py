"""An invented short novel written as Project Gutenberg HTML files are: the 2023 layout (``section#pg-header``
with the machine-readable header, ``section#pg-footer``) and the older one (the licence in a ``<pre>`` with the
start and end markers), with drop-cap images, illustrations with captions next to chapter headings, printed page
numbers (``<span class="pagenum">[Pg 12]</span>`` and ``{ix}``) and publishers' advertisements at the end.

Every word here was written for these tests; the licence wording is shortened.
"""

from __future__ import annotations

from html import escape

TITLE = "The Orchard Wall"
AUTHOR = "Hester Quaile"

CHAPTERS = (
    (
        "CHAPTER I. THE GATE",
        (
            "Not all the apples of Pell Orchard were sold at market, and not all of them were honestly picked.",
            "Young Abel Morrow knew this better than anyone, for he had picked a great many of the dishonest ones.",
            "“You will be caught,” said his sister Ruth, “and then you will be sorry, and I shall not be.”",
        ),
    ),
    (
        "CHAPTER II. THE LADDER",
        (
            "On the Thursday there was a ladder against the orchard wall, and nobody in the village owned to it.",
            "Abel looked at the ladder for a long while. Then he went home and said nothing at supper.",
        ),
    ),
    (
        "CHAPTER III. THE KEEPER",
        (
            "The keeper of Pell Orchard was an old man called Dunstan, who could not see well and heard everything.",
            "“I know the step of every boy in this parish,” he said, “and yours is the heaviest.”",
            "Abel laughed, and that was the end of the apples, and the beginning of a friendship.",
        ),
    ),
)
PAGES = ("[Pg 3]", "{4}", "[Pg 9]")
CAPTIONS = ("“HE LOOKED AT THE LADDER.”", "THE KEEPER AT HIS DOOR")
ADVERTISEMENTS = (
    "<h2>ADVERTISEMENTS</h2>",
    "<p>NEW BOOKS FOR YOUNG READERS. The Tinker’s Daughter, by the same author. Cloth, three shillings.</p>",
    "<p>The Miller of Ashcombe. A tale of the old mill. Illustrated. Cloth, half a crown.</p>",
)


def story_paragraphs() -> list[str]:
    return [p for _title, paras in CHAPTERS for p in paras]


def _paragraph(k: int, j: int, text: str) -> str:
    words = escape(text, quote=False).split(" ")
    if j == 0:  # a drop cap: the image stands for the first letter
        first, rest = words[0][0], words[0][1:]
        cap = f'<img class="drop-cap" src="images/{first.lower()}.jpg" alt="{first}"/>'
        return f"<p>{cap}{rest.upper()} {' '.join(words[1:])}</p>"
    if j == 1:  # a printed page number inside a sentence
        page = f'<span class="pagenum"><a id="Page_{k}">{PAGES[k]}</a></span>'
        if PAGES[k].startswith("{"):
            page = f"<span>{PAGES[k]}</span>"
        return f"<p>{' '.join(words[:4])} {page}{' '.join(words[4:])}</p>"
    return f"<p>{' '.join(words)}</p>"


def _book() -> str:
    parts = [f"<h1>{TITLE.upper()}</h1>", f'<p class="center">BY {AUTHOR.upper()}</p>', "<h2>CONTENTS</h2>"]
    parts.append(
        "<p>" + "<br/>".join(f'<a href="#ch{k}">{escape(t)}</a>' for k, (t, _p) in enumerate(CHAPTERS)) + "</p>"
    )
    for k, (title, paras) in enumerate(CHAPTERS):
        parts.append(f'<div class="chapter"><h2><a id="ch{k}"></a>{escape(title)}</h2>')
        if k:
            parts.append(
                f'<div class="figcenter"><img src="images/f{k}.jpg" alt=""/>'
                f'<p class="caption">{escape(CAPTIONS[k - 1])}</p></div>'
            )
        parts += [_paragraph(k, j, p) for j, p in enumerate(paras)]
        parts.append("</div>")
    return "\n".join(parts)


def gutenberg_html_2023() -> str:
    upper = TITLE.upper()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"/><title>The Project Gutenberg eBook of {TITLE}, by {AUTHOR}</title>
<meta name="author" content="{AUTHOR}"/></head>
<body>
<section class="pg-boilerplate pgheader" id="pg-header" lang="en">
<h2 id="pg-header-heading">The Project Gutenberg eBook of <span id="pg-title-no-subtitle">{TITLE}</span></h2>
<div>This ebook is for the use of anyone anywhere in the United States and most other parts of the world at no
cost and with almost no restrictions whatsoever.</div>
<div class="container" id="pg-machine-header">
<p><strong>Title</strong>: {TITLE}</p>
<div id="pg-header-authlist"><p><strong>Author</strong>: {AUTHOR}</p></div>
<p><strong>Release date</strong>: March 3, 2021 [eBook #99999]</p>
<p><strong>Language</strong>: English</p>
</div>
<div id="pg-start-separator"><span>*** START OF THE PROJECT GUTENBERG EBOOK {upper} ***</span></div>
</section>
<p>Produced by volunteers of the invented proofreading team.</p>
{_book()}
{chr(10).join(ADVERTISEMENTS)}
<section class="pg-boilerplate pgfooter" id="pg-footer">
<div id="pg-end-separator"><span>*** END OF THE PROJECT GUTENBERG EBOOK {upper} ***</span></div>
<p>Updated editions will replace the previous one. Section 1. General Terms of Use and Redistributing Project
Gutenberg electronic works.</p>
</section>
</body></html>
"""


def gutenberg_html_old() -> str:
    upper = TITLE.upper()
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>The Project Gutenberg eBook of {TITLE}, by {AUTHOR}</title>
</head><body>
<pre>
The Project Gutenberg EBook of {TITLE}, by {AUTHOR}

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.

Title: {TITLE}

Author: {AUTHOR}

Release Date: March 3, 2011 [EBook #99998]

Language: English

*** START OF THIS PROJECT GUTENBERG EBOOK {upper} ***
</pre>
{_book()}
{chr(10).join(ADVERTISEMENTS)}
<pre>
End of the Project Gutenberg EBook of {TITLE}, by {AUTHOR}

*** END OF THIS PROJECT GUTENBERG EBOOK {upper} ***

This file should be named 99998-h.htm or 99998-h.zip
</pre>
</body></html>
"""
