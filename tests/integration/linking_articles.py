"""Articles of our own prose about the 23 May 2016 Jableh and Tartous bombings, from five made-up outlets, and a
decoy (a bombing in another city on another date).  Written for the tests; no real text."""

from __future__ import annotations

JABLEH_ARTICLES = {
    "coastal-courier-jableh.md": """---
title: Blasts hit Jableh and Tartous
publisher: Coastal Courier
published: 2016-05-23
id: coastal-courier-jableh
---
Bombs exploded in the Syrian coastal cities of Jableh and Tartous on Monday, killing at least 120 people, a monitoring group said.

Islamic State claimed the bombings, according to its news agency.
""",
    "levant-ledger-tartous.md": """---
title: Bombings kill scores on Syria's coast
publisher: Levant Ledger
published: 2016-05-23
id: levant-ledger-tartous
---
A series of suicide bombings in the Syrian cities of Tartous and Jableh killed 78 people on Monday, state television reported.

Officials said dozens more were wounded in the attacks at bus stations and a hospital.
""",
    "harbour-herald-attacks.md": """---
title: Coast attacks leave 148 dead
publisher: Harbour Herald
published: 2016-05-24
id: harbour-herald-attacks
---
Monday's bombings in Jableh and Tartous, Syria, killed 148 people, a war monitor said on Tuesday.

Islamic State said its fighters carried out the attacks in the two government-held cities.
""",
    "mountain-mail-bombings.md": """---
title: Suicide bombers strike Jableh
publisher: Mountain Mail
published: 2016-05-23
id: mountain-mail-bombings
---
Seven explosions struck the Syrian cities of Jableh and Tartous on May 23, killing about 150 people, activists said.
""",
    "river-review-explosions.md": """---
title: Explosions rock two coastal cities
publisher: River Review
published: 2016-05-24
id: river-review-explosions
---
At least 100 people were killed in the bombings in Jableh and Tartous in Syria on Monday, a medical source said on Tuesday.
""",
}

DECOY = {
    "plains-post-homs.md": """---
title: Car bomb hits Homs
publisher: Plains Post
published: 2016-02-21
id: plains-post-homs
---
A car bomb exploded in the Syrian city of Homs on Sunday, killing 46 people, the provincial governor said.
""",
}

#: A wire copy: the Coastal Courier's story republished by another outlet with one line of its own.
SYNDICATED = {
    "gulf-gazette-reprint.md": JABLEH_ARTICLES["coastal-courier-jableh.md"]
    .replace("publisher: Coastal Courier", "publisher: Gulf Gazette")
    .replace("id: coastal-courier-jableh", "id: gulf-gazette-reprint")
    .replace("published: 2016-05-23", "published: 2016-05-24")
    + "\nThis story was first published by a wire agency.\n",
}
