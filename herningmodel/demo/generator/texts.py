"""Fictitious texts for generated records (Danish, like the case files they imitate)."""

from __future__ import annotations

NOTIFICATION_TEXTS = {
    "school": "Barnet kommer ofte træt og sulten i skole (fiktivt eksempel).",
    "day_care": "Barnet virker utrygt ved aflevering og trækker sig (fiktivt eksempel).",
    "health_nurse": "Bekymring for samspillet mellem mor og barn (fiktivt eksempel).",
    "police": "Politiet har været tilkaldt til uro på adressen (fiktivt eksempel).",
    "hospital": "Barnet er set på skadestuen flere gange (fiktivt eksempel).",
    "relative": "Mormor er bekymret for forholdene i hjemmet (fiktivt eksempel).",
    "anonymous": "Naboen hører råb og gråd om aftenen (fiktivt eksempel).",
    "child": "Barnet har selv henvendt sig og fortalt om problemer derhjemme (fiktivt eksempel).",
    "other": "Bekymring for barnets trivsel (fiktivt eksempel).",
}
UNBORN_TEXT = "Bekymring for den kommende mors situation før fødslen (fiktivt eksempel)."
PURPOSES = {
    1: "Tidlig indsats i almenområdet, så barnet trives i dagtilbud og skole.",
    2: "Forebyggende rådgivning, så familien selv kan løse udfordringerne.",
    3: "Støtte i hjemmet, så barnet kan blive boende trygt hjemme.",
    4: "Anbringelse i netværket, så barnet bevarer relationerne i familien.",
    5: "Anbringelse i plejefamilie, så barnet får stabil omsorg i en familie.",
    6: "Tidsbegrænset anbringelse på institution med behandling af barnets vanskeligheder.",
}
GOALS = (
    "Barnet møder udhvilet i skole",
    "Mor har overskud til aftensmad og sengetid",
    "Barnet har en fast ven at lege med",
    "Familien beder selv netværket om hjælp",
    "Barnet deltager i en fritidsaktivitet",
    "Barnet går i skole hver dag",
    "Far og mor taler roligt sammen om barnet",
)
ASSESSMENT = {
    "child_development": "Barnets udvikling er beskrevet med skole og sundhedspleje.",
    "parenting_capacity": "Forældrene er presset, men motiverede for hjælp.",
    "family_and_network": "Der er netværk, som vil hjælpe (mormor, naboer).",
    "conclusion": "Undersøgelsen peger på behov, som beskrevet i anbefalingen.",
    "preliminary": "Foreløbig vurdering: undersøgelsen kunne ikke afsluttes inden for 4 måneder.",
}
TALK_VIEWS = "Barnet har fortalt, hvad det selv synes er svært og godt (fiktivt)."
TALK_TOO_YOUNG = "Barnet er for lille til en samtale; barnets perspektiv er belyst ved observation."
TALK_ACUTE = "Akut anbringelse: samtalen kunne ikke holdes før afgørelsen."
JUSTIFICATION = (
    "Behovet kræver et højere trin nu; mindre indgribende hjælp er vurderet utilstrækkelig."
)
