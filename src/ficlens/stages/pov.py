"""Point of view: the focal character of each scene.

* **First person**: the narrator says "I" in narration (outside quotes) at least 3 times, and more often
  than any third-person character is a subject there.
* **Second person**: "you" in narration at least 5 times and no first-person narration.
* **Third-person limited**: the character who most often sees, thinks, knows or feels in narration (subject of a
  perception or cognition verb), weighted with how often they are the subject at all, when they hold at least
  40 % of that weight and have at least 2 such subject uses. The subject of the scene's first narration
  sentence gets a bonus: scenes usually open on their point-of-view character. Otherwise the scene has no
  focal character.
"""

from __future__ import annotations

from collections import Counter

from ..model import Document, PointOfView
from .base import Context, source_tag
from .lexicon import PERCEPTION_VERBS

OPENER_WEIGHT = 2.0


class PovStage:
    name: str = "pov"
    version: str = "1"  # the code version alone: this stage loads no resource
    requires: tuple[str, ...] = ("scenes", "mentions", "characters", "tokens")
    produces: tuple[str, ...] = ("pov",)

    def __call__(self, doc: Document, ctx: Context) -> Document:
        src = source_tag(self)
        tokens = doc.tokens
        dep, lemma, head = tokens.strings("dep"), tokens.strings("lemma"), tokens.ints("head")
        mentions = doc.layer("mentions")
        chars = doc.layer("characters")
        narrator = next((c.id for c in chars if c.narrator), -1)
        out = []
        m = 0
        for idx, scene in enumerate(doc.layer("scenes")):
            weight: dict[int, float] = {}
            subjects: Counter[int] = Counter()
            first = second = 0
            while m < len(mentions) and mentions[m].start < scene.start:
                m += 1
            k = m
            while k < len(mentions) and mentions[k].start < scene.end:
                mt = mentions[k]
                k += 1
                if mt.in_quote:
                    continue
                if mt.kind == "pronoun" and mt.person == 1 and not mt.plural:
                    first += 1
                if mt.kind == "pronoun" and mt.person == 2:
                    second += 1
                if mt.character < 0 or mt.plural:
                    continue
                h = mt.head
                if dep[h] in ("nsubj", "nsubjpass"):
                    if not subjects:
                        # the first subject of a scene's narration is usually whose scene it is
                        weight[mt.character] = weight.get(mt.character, 0.0) + OPENER_WEIGHT
                    subjects[mt.character] += 1
                    weight[mt.character] = weight.get(mt.character, 0.0) + 0.5
                    if lemma[head[h]].lower() in PERCEPTION_VERBS:
                        weight[mt.character] += 3.0
                weight[mt.character] = weight.get(mt.character, 0.0) + 0.25
            third_top = subjects.most_common(1)[0][1] if subjects else 0
            character, mode, score = -1, "none", None
            if narrator >= 0 and first >= 3 and subjects.get(narrator, 0) >= third_top * 0.5:
                character, mode, score = narrator, "first-person", min(1.0, first / (first + third_top + 1))
            elif second >= 5 and first == 0:
                mode = "second-person"
            elif weight:
                cid, w = max(weight.items(), key=lambda kv: kv[1])
                share = w / sum(weight.values())
                if share >= 0.4 and subjects.get(cid, 0) >= 2:
                    character, mode, score = cid, "third-person-limited", round(share, 3)
            out.append(
                PointOfView(scene.start, scene.end, source=src, score=score, scene=idx, character=character, mode=mode)
            )
        return doc.with_layers(pov=out)
