"""Demo content: the 2013 High-Level Dialogue and the meetings around it, in English, French and Spanish.

Transcribed from the captures of the OHCHR page on the High-Level Dialogue on International Migration and
Development (3-4 October 2013), before and after the event. The English sentences of the page are kept as it
wrote them; the French and Spanish follow the wording of the United Nations where it is known.

Nothing is stated as fact that the seeds or a named official UN source do not say; each value that does not come
from the seeds names its source in a comment beside it, and what no source gives is left empty (session times,
hashtags, live-stream and video addresses). Where an official French or Spanish text could not be found, the
comment says so: the wording is then this portal's translation, not the UN's.

``load()`` creates or updates every row; running it again changes nothing. Rich text may link to other pages of
the portal with ``href="event:<slug>"`` or ``href="doc:<slug>"``: ``load()`` turns these into the page's address
in each language.
"""

import datetime
import io

from django.core.files.base import ContentFile

from common.demo import LANGUAGES, PUBLISHED, localise, upsert

from .models import Event, Session, SessionKind

NBSP = "\u00a0"  # French puts a no-break space inside guillemets and before a colon.

OHCHR = {
    "en": "Office of the United Nations High Commissioner for Human Rights (OHCHR)",
    "fr": "Haut-Commissariat des Nations Unies aux droits de l’homme (HCDH)",
    "es": "Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos (ACNUDH)",
}
GENERAL_ASSEMBLY = {
    "en": "United Nations General Assembly",
    "fr": "Assemblée générale des Nations Unies",
    "es": "Asamblea General de las Naciones Unidas",
}
HLD_TITLE = {
    "en": "High-Level Dialogue on International Migration and Development",
    "fr": "Dialogue de haut niveau sur les migrations internationales et le développement",
    "es": "Diálogo de alto nivel sobre la migración internacional y el desarrollo",
}
UN_HEADQUARTERS = {
    "en": "United Nations Headquarters",
    "fr": "Siège de l’Organisation des Nations Unies",
    "es": "Sede de las Naciones Unidas",
}
NEW_YORK = {"en": "New York", "fr": "New York", "es": "Nueva York"}
GENEVA = {"en": "Geneva", "fr": "Genève", "es": "Ginebra"}

# The overall theme of the 2013 Dialogue, as the seed page quotes it (A/RES/67/219). French: the opening words
# ("définition de mesures concrètes permettant de renforcer ...") are those of press release AG/11434 as issue 14
# quotes them; the full official French and Spanish texts of A/RES/67/219 could not be read here, so the rest of
# each is this portal's translation until checked against them.
HLD_2013_THEME = {
    "en": (
        "identifying concrete measures to strengthen coherence and cooperation at all levels, with a view to "
        "enhancing the benefits of international migration for migrants and countries alike and its important "
        "link to development, while reducing its negative impacts"
    ),
    "fr": (
        "définition de mesures concrètes permettant de renforcer la cohérence et la coopération à tous les niveaux, "
        "en vue d’accroître les avantages des migrations internationales pour les migrants comme pour les pays, "
        "ainsi que leur lien important avec le développement, tout en réduisant leurs effets négatifs"
    ),
    "es": (
        "determinar medidas concretas para fortalecer la coherencia y la cooperación a todos los niveles, con miras "
        "a aumentar los beneficios de la migración internacional para los migrantes y para los países por igual, "
        "así como su importante vínculo con el desarrollo, reduciendo al mismo tiempo sus efectos negativos"
    ),
}

# The themes of the four round tables, as the seed pages quote them, in their order. French and Spanish: not
# confirmed against the official texts of A/RES/67/219 (not readable here); this portal's translation.
ROUND_TABLE_THEMES = [
    {
        "en": (
            "Effects of international migration on sustainable development and identifying relevant priorities in "
            "view of the preparation on the post-2015 development framework"
        ),
        "fr": (
            "Effets des migrations internationales sur le développement durable et définition des priorités "
            "pertinentes en vue de la préparation du cadre de développement pour l’après-2015"
        ),
        "es": (
            "Efectos de la migración internacional en el desarrollo sostenible y determinación de las prioridades "
            "pertinentes con miras a la preparación del marco para el desarrollo después de 2015"
        ),
    },
    {
        "en": (
            "Measures to ensure respect for and protection of the human rights of all migrants, with particular "
            "reference to women and children, as well as to prevent and combat the smuggling of migrants and "
            "trafficking in persons and to ensure orderly, regular and safe migration"
        ),
        "fr": (
            "Mesures visant à garantir le respect et la protection des droits de l’homme de tous les migrants, en "
            "particulier des femmes et des enfants, ainsi qu’à prévenir et combattre le trafic illicite de migrants "
            "et la traite des personnes et à assurer des migrations ordonnées, régulières et sûres"
        ),
        "es": (
            "Medidas para asegurar el respeto y la protección de los derechos humanos de todos los migrantes, con "
            "especial referencia a las mujeres y los niños, así como para prevenir y combatir el tráfico ilícito de "
            "migrantes y la trata de personas y para asegurar una migración ordenada, regular y segura"
        ),
    },
    {
        "en": (
            "Strengthening partnerships and cooperation on international migration, mechanisms to effectively "
            "integrate migration into development policies and promoting coherence at all levels"
        ),
        "fr": (
            "Renforcement des partenariats et de la coopération en matière de migrations internationales, mécanismes "
            "permettant d’intégrer efficacement les migrations dans les politiques de développement et promotion de "
            "la cohérence à tous les niveaux"
        ),
        "es": (
            "Fortalecimiento de las alianzas y la cooperación en materia de migración internacional, mecanismos "
            "para integrar eficazmente la migración en las políticas de desarrollo y promoción de la coherencia a "
            "todos los niveles"
        ),
    },
    {
        "en": "International and regional labour mobility and its impact on development",
        "fr": "Mobilité internationale et régionale de la main-d’œuvre et son incidence sur le développement",
        "es": "La movilidad laboral internacional y regional y sus efectos en el desarrollo",
    },
]

# The OHCHR report's title. English: the seeds. French: the published French title, as issue 14 quotes it.
# Spanish: not confirmed against the published Spanish edition; this portal's translation.
REPORT_TITLE = {
    "en": "Migration and Human Rights: improving human rights-based governance of international migration",
    "fr": (
        f"Migration et droits de l’homme{NBSP}: Améliorer la gouvernance de la migration internationale fondée "
        "sur les droits de l’homme"
    ),
    "es": (
        "Migración y derechos humanos: mejoramiento de la gobernanza basada en los derechos humanos de la "
        "migración internacional"
    ),
}
REPORT_SLUG = "migration-human-rights-governance-2013"


def _fr_quote(text):
    return f"«{NBSP}{text}{NBSP}»"


def _round_table_items(verb, punctuation):
    """The list of the round tables and their themes, for the page text in each language."""
    items = {}
    for lang in LANGUAGES:
        lines = []
        for number, theme in enumerate(ROUND_TABLE_THEMES, start=1):
            end = punctuation[lang] if number < len(ROUND_TABLE_THEMES) else "."
            if lang == "en":
                lines.append(f"<li>Round Table {number} {verb['en']} “{theme['en']}”{end}</li>")
            elif lang == "fr":
                lines.append(f"<li>La table ronde {number} {verb['fr']} {_fr_quote(theme['fr'])}{end}</li>")
            else:
                lines.append(f"<li>La mesa redonda {number} {verb['es']} “{theme['es']}”{end}</li>")
        items[lang] = "<ul>" + "".join(lines) + "</ul>"
    return items


_WILL_FOCUS = _round_table_items(
    {"en": "will focus on", "fr": "portera sur le thème", "es": "se centrará en el tema"},
    {"en": ".", "fr": NBSP + ";", "es": ";"},
)
_FOCUSED = _round_table_items(
    {"en": "focused on", "fr": "a porté sur le thème", "es": "se centró en el tema"},
    {"en": ";", "fr": NBSP + ";", "es": ";"},
)

# The announcement (seed 000), shown before the event and, below the post-event summary, after it.
HLD_2013_BODY = {
    "en": (
        "<p>The United Nations General Assembly will hold a second High Level Dialogue on International Migration "
        "and Development at its 68th session in New York on 3 and 4 October 2013 "
        '(<a href="doc:a-res-63-225">A/RES/63/225</a>, <a href="doc:a-res-67-219">A/RES/67/219</a>).</p>'
        f"<p>The theme of the High-Level Dialogue (HLD) will be “{HLD_2013_THEME['en']}”.</p>"
        "<p>The HLD will consist of four plenary sessions and four interactive round-table meetings in parallel "
        "with the plenary meetings:</p>"
        f"{_WILL_FOCUS['en']}"
        "<p>There is widespread consensus that human rights must play a central role in the deliberations leading "
        'up to, within and following the HLD. Accordingly, in <a href="doc:a-res-67-172">Resolution 67/172</a> '
        "the GA has requested Member States, the UN System, international organizations, civil society and all "
        "relevant stakeholders, especially the United Nations High Commissioner for Human Rights, the Special "
        "Rapporteur on the human rights of migrants and the Global Migration Group, to ensure that the HLD analyses "
        "the linkage between migration and development in a balanced and comprehensive manner that includes, among "
        "others, a human rights perspective (paragraph 10a).</p>"
        '<p>In <a href="doc:a-res-63-225">Resolution 63/225</a>, the GA emphasized that respect for the human '
        "rights and fundamental freedoms of all migrants is essential for reaping the benefits of international "
        "migration.</p>"
        "<h2>Report on Migration and human rights: improving human rights-based governance of international "
        "migration</h2>"
        "<p>The Secretary General has tasked OHCHR, in consultation with the Global Migration Group (GMG) and UN "
        "System partners, to lead the preparation of a concise analytical report on Migration and Human Rights, "
        "which will specifically consider how attention to the rights of migrants can be strengthened within the "
        "governance framework of migration at the international level.</p>"
        '<p>On 20-21 June 2013, OHCHR held an <a href="event:expert-meeting-2013">expert meeting on human rights, '
        "migration and governance</a> in order to consult fully on the above-mentioned report. More than fifty "
        "participants engaged in this discussion, including experts from Global Migration Group members, human "
        "rights mechanisms, Member States, regional organisations, international and regional non-governmental "
        "organisations, trade unions and academia.</p>"
        f'<p>Read the report <a href="doc:{REPORT_SLUG}">{REPORT_TITLE["en"]}</a>.</p>'
        "<h2>High-Level Meeting on Migration and Human Rights, 4 September 2013, Geneva</h2>"
        '<p>OHCHR is organising a <a href="event:high-level-meeting-geneva-2013">high-profile meeting</a> in '
        "advance of the HLD in order to raise awareness of the human rights of migrants and to advocate for "
        "mainstreaming a human rights-based approach within all four round table discussions of the HLD.</p>"
        "<h2>Report of the Secretary General to the General Assembly on the Protection of Migrants</h2>"
        "<p>In Resolution 67/172 on the Protection of Migrants, the General Assembly requested the "
        "Secretary-General to submit a report on the implementation of that resolution at its sixty-eighth "
        "session, including an analysis of how a human rights perspective can enhance the design and "
        "implementation of international migration and development policies (paragraph 15).</p>"
        "<p>Written submissions were received from States, intergovernmental organizations and civil society in "
        'response to a <a href="doc:note-verbale-2013-05-06">note verbale dated 6 May 2013</a> from OHCHR on '
        "behalf of the Secretary-General requesting information on the implementation of Resolution 67/172.</p>"
        '<p>Read the <a href="doc:a-68-292">Report of the Secretary General on the Protection of Migrants - '
        "A/68/292</a>.</p>"
    ),
    "fr": (
        "<p>L’Assemblée générale des Nations Unies tiendra un deuxième Dialogue de haut niveau sur les migrations "
        "internationales et le développement à sa soixante-huitième session, à New York, les 3 et 4 octobre 2013 "
        '(<a href="doc:a-res-63-225">A/RES/63/225</a>, <a href="doc:a-res-67-219">A/RES/67/219</a>).</p>'
        f"<p>Le thème du Dialogue de haut niveau sera {_fr_quote(HLD_2013_THEME['fr'])}.</p>"
        "<p>Le Dialogue de haut niveau comprendra quatre séances plénières et quatre tables rondes interactives, "
        f"qui se tiendront parallèlement aux séances plénières{NBSP}:</p>"
        f"{_WILL_FOCUS['fr']}"
        "<p>Il existe un large consensus sur le fait que les droits de l’homme doivent occuper une place centrale "
        "dans les délibérations qui précéderont le Dialogue de haut niveau, dans celles du Dialogue lui-même et "
        'dans celles qui lui feront suite. Ainsi, dans sa <a href="doc:a-res-67-172">résolution 67/172</a>, '
        "l’Assemblée générale a prié les États Membres, les organismes des Nations Unies, les organisations "
        "internationales, la société civile et toutes les parties prenantes concernées, en particulier le "
        "Haut-Commissaire des Nations Unies aux droits de l’homme, le Rapporteur spécial sur les droits de l’homme "
        "des migrants et le Groupe mondial sur la migration, de veiller à ce que le Dialogue de haut niveau analyse "
        "les liens entre les migrations et le développement de manière équilibrée et globale, notamment sous "
        "l’angle des droits de l’homme (paragraphe 10 a)).</p>"
        '<p>Dans sa <a href="doc:a-res-63-225">résolution 63/225</a>, l’Assemblée générale a souligné que le '
        "respect des droits de l’homme et des libertés fondamentales de tous les migrants est essentiel pour tirer "
        "parti des avantages des migrations internationales.</p>"
        f"<h2>Rapport «{NBSP}{REPORT_TITLE['fr']}{NBSP}»</h2>"
        "<p>Le Secrétaire général a chargé le HCDH de diriger, en consultation avec le Groupe mondial sur la "
        "migration (GMM) et les partenaires du système des Nations Unies, l’élaboration d’un rapport analytique "
        "concis sur les migrations et les droits de l’homme, qui examinera expressément comment renforcer "
        "l’attention portée aux droits des migrants dans le cadre de la gouvernance des migrations au niveau "
        "international.</p>"
        '<p>Les 20 et 21 juin 2013, le HCDH a tenu une <a href="event:expert-meeting-2013">réunion d’experts sur '
        "les droits de l’homme, les migrations et la gouvernance</a> afin de mener des consultations approfondies "
        "sur ce rapport. Plus de cinquante participants ont pris part à ces échanges, parmi lesquels des experts "
        "des membres du Groupe mondial sur la migration, des mécanismes relatifs aux droits de l’homme, des États "
        "Membres, des organisations régionales, des organisations non gouvernementales internationales et "
        "régionales, des syndicats et des milieux universitaires.</p>"
        f'<p>Lire le rapport <a href="doc:{REPORT_SLUG}">{REPORT_TITLE["fr"]}</a>.</p>'
        "<h2>Réunion de haut niveau sur les migrations et les droits de l’homme, 4 septembre 2013, Genève</h2>"
        '<p>Le HCDH organise une <a href="event:high-level-meeting-geneva-2013">réunion de haut niveau</a> en '
        "amont du Dialogue de haut niveau afin de sensibiliser aux droits de l’homme des migrants et de plaider en "
        "faveur de l’intégration d’une approche fondée sur les droits de l’homme dans les débats des quatre tables "
        "rondes du Dialogue.</p>"
        "<h2>Rapport du Secrétaire général à l’Assemblée générale sur la protection des migrants</h2>"
        "<p>Dans sa résolution 67/172 sur la protection des migrants, l’Assemblée générale a prié le Secrétaire "
        "général de lui présenter, à sa soixante-huitième session, un rapport sur l’application de cette "
        "résolution comportant une analyse de la manière dont une perspective fondée sur les droits de l’homme "
        "peut améliorer la conception et la mise en œuvre des politiques relatives aux migrations internationales "
        "et au développement (paragraphe 15).</p>"
        "<p>Des contributions écrites ont été reçues d’États, d’organisations intergouvernementales et de la "
        'société civile en réponse à une <a href="doc:note-verbale-2013-05-06">note verbale datée du 6 mai '
        "2013</a>, par laquelle le HCDH, au nom du Secrétaire général, demandait des informations sur "
        "l’application de la résolution 67/172.</p>"
        '<p>Lire le <a href="doc:a-68-292">rapport du Secrétaire général sur la protection des migrants '
        "(A/68/292)</a>.</p>"
    ),
    "es": (
        "<p>La Asamblea General de las Naciones Unidas celebrará un segundo Diálogo de alto nivel sobre la "
        "migración internacional y el desarrollo en su sexagésimo octavo período de sesiones, en Nueva York, los "
        'días 3 y 4 de octubre de 2013 (<a href="doc:a-res-63-225">A/RES/63/225</a>, '
        '<a href="doc:a-res-67-219">A/RES/67/219</a>).</p>'
        f"<p>El tema del Diálogo de alto nivel será “{HLD_2013_THEME['es']}”.</p>"
        "<p>El Diálogo de alto nivel constará de cuatro sesiones plenarias y cuatro mesas redondas interactivas, "
        "que se celebrarán en paralelo a las sesiones plenarias:</p>"
        f"{_WILL_FOCUS['es']}"
        "<p>Existe un amplio consenso en que los derechos humanos deben desempeñar un papel central en las "
        "deliberaciones previas al Diálogo de alto nivel, durante este y después de él. Por consiguiente, en su "
        '<a href="doc:a-res-67-172">resolución 67/172</a>, la Asamblea General solicitó a los Estados Miembros, '
        "al sistema de las Naciones Unidas, a las organizaciones internacionales, a la sociedad civil y a todos los "
        "interesados pertinentes, en particular al Alto Comisionado de las Naciones Unidas para los Derechos "
        "Humanos, al Relator Especial sobre los derechos humanos de los migrantes y al Grupo Mundial sobre "
        "Migración, que velaran por que el Diálogo de alto nivel analizara la relación entre la migración y el "
        "desarrollo de manera equilibrada y amplia, incluida, entre otras, una perspectiva de derechos humanos "
        "(párrafo 10 a)).</p>"
        '<p>En su <a href="doc:a-res-63-225">resolución 63/225</a>, la Asamblea General destacó que el respeto de '
        "los derechos humanos y las libertades fundamentales de todos los migrantes es esencial para aprovechar "
        "los beneficios de la migración internacional.</p>"
        "<h2>Informe sobre migración y derechos humanos: mejoramiento de la gobernanza basada en los derechos "
        "humanos de la migración internacional</h2>"
        "<p>El Secretario General ha encomendado al ACNUDH que, en consulta con el Grupo Mundial sobre Migración "
        "(GMM) y los asociados del sistema de las Naciones Unidas, dirija la preparación de un informe analítico "
        "conciso sobre migración y derechos humanos, en el que se examinará específicamente la manera de reforzar "
        "la atención prestada a los derechos de los migrantes en el marco de gobernanza de la migración a nivel "
        "internacional.</p>"
        '<p>Los días 20 y 21 de junio de 2013, el ACNUDH celebró una <a href="event:expert-meeting-2013">reunión '
        "de expertos sobre derechos humanos, migración y gobernanza</a> con el fin de consultar ampliamente sobre "
        "dicho informe. Más de cincuenta participantes tomaron parte en este debate, entre ellos expertos de los "
        "miembros del Grupo Mundial sobre Migración, de los mecanismos de derechos humanos, de los Estados "
        "Miembros, de organizaciones regionales, de organizaciones no gubernamentales internacionales y "
        "regionales, de sindicatos y del mundo académico.</p>"
        f'<p>Lea el informe <a href="doc:{REPORT_SLUG}">{REPORT_TITLE["es"]}</a>.</p>'
        "<h2>Reunión de alto nivel sobre la migración y los derechos humanos, 4 de septiembre de 2013, "
        "Ginebra</h2>"
        '<p>El ACNUDH organiza una <a href="event:high-level-meeting-geneva-2013">reunión de alto nivel</a> '
        "previa al Diálogo de alto nivel con el fin de sensibilizar acerca de los derechos humanos de los "
        "migrantes y de abogar por la incorporación de un enfoque basado en los derechos humanos en los debates de "
        "las cuatro mesas redondas del Diálogo.</p>"
        "<h2>Informe del Secretario General a la Asamblea General sobre la protección de los migrantes</h2>"
        "<p>En su resolución 67/172, relativa a la protección de los migrantes, la Asamblea General solicitó al "
        "Secretario General que le presentara, en su sexagésimo octavo período de sesiones, un informe sobre la "
        "aplicación de dicha resolución que incluyera un análisis de la manera en que una perspectiva de derechos "
        "humanos puede mejorar la formulación y la aplicación de las políticas de migración internacional y "
        "desarrollo (párrafo 15).</p>"
        "<p>Se recibieron contribuciones escritas de Estados, organizaciones intergubernamentales y la sociedad "
        'civil en respuesta a una <a href="doc:note-verbale-2013-05-06">nota verbal de fecha 6 de mayo de '
        "2013</a> en la que el ACNUDH, en nombre del Secretario General, solicitaba información sobre la "
        "aplicación de la resolución 67/172.</p>"
        '<p>Lea el <a href="doc:a-68-292">informe del Secretario General sobre la protección de los migrantes '
        "(A/68/292)</a>.</p>"
    ),
}

# The archive (seed 001), shown above the body once the event has ended.
HLD_2013_POST_EVENT = {
    "en": (
        "<p>In 2013, the United Nations General Assembly held its second High-Level Dialogue (HLD) on "
        "International Migration and Development during its 68th session in New York. The High-Level Dialogue was "
        "an important milestone in fostering international cooperation on migration at the United Nations, and "
        'built on the success of the <a href="event:hld-2006">first High-level Dialogue on International '
        "Migration and Development</a>, held in September 2006.</p>"
        "<p>There was widespread consensus that human rights should play a central role in the 2013 HLD. In its "
        'resolution deciding to hold the 2013 HLD (<a href="doc:a-res-63-225">Resolution 63/225</a>), the UN '
        "General Assembly emphasized that respect for the human rights and fundamental freedoms of all migrants "
        "was essential to reaping the benefits of international migration.</p>"
        '<p>Accordingly, in <a href="doc:a-res-67-172">Resolution 67/172</a> the UN General Assembly requested '
        "Member States, the UN System, and all relevant stakeholders—especially OHCHR and the UN Special "
        "Rapporteur on the human rights of migrants—to ensure that the 2013 HLD analysed the linkage between "
        "migration and development from, among others, a human rights perspective (paragraph 10a). The Secretary "
        "General tasked OHCHR to lead the preparation of a report specifically considering how attention to the "
        "human rights of migrants could be strengthened within the governance framework of migration at the "
        f'international level. Read the report: <a href="doc:{REPORT_SLUG}">{REPORT_TITLE["en"]}</a>.</p>'
        "<p>The resolution also requested the UN Secretary-General to submit a report including an analysis of "
        "how a human rights perspective can enhance the design and implementation of international migration and "
        "development policies (paragraph 15). The subsequent report of the Secretary General on the Protection of "
        'Migrants (<a href="doc:a-68-292">A/68/292</a>) emphasized the importance of placing human rights at the '
        "centre of all discussions about migration and development and of adopting a human rights-based approach "
        "to international migration and development.</p>"
        "<p>The 2013 HLD consisted of four plenary sessions and four interactive round-table meetings held in "
        "parallel with the plenary meetings:</p>"
        f"{_FOCUSED['en']}"
    ),
    "fr": (
        "<p>En 2013, l’Assemblée générale des Nations Unies a tenu son deuxième Dialogue de haut niveau sur les "
        "migrations internationales et le développement à sa soixante-huitième session, à New York. Le Dialogue "
        "de haut niveau a marqué une étape importante dans le renforcement de la coopération internationale en "
        "matière de migrations à l’Organisation des Nations Unies et s’est appuyé sur le succès du "
        '<a href="event:hld-2006">premier Dialogue de haut niveau sur les migrations internationales et le '
        "développement</a>, tenu en septembre 2006.</p>"
        "<p>Un large consensus s’était dégagé pour que les droits de l’homme occupent une place centrale dans le "
        "Dialogue de haut niveau de 2013. Dans la résolution par laquelle elle a décidé de tenir ce Dialogue "
        '(<a href="doc:a-res-63-225">résolution 63/225</a>), l’Assemblée générale des Nations Unies a souligné '
        "que le respect des droits de l’homme et des libertés fondamentales de tous les migrants était essentiel "
        "pour tirer parti des avantages des migrations internationales.</p>"
        '<p>Ainsi, dans sa <a href="doc:a-res-67-172">résolution 67/172</a>, l’Assemblée générale a prié les '
        "États Membres, les organismes des Nations Unies et toutes les parties prenantes concernées, en "
        "particulier le HCDH et le Rapporteur spécial des Nations Unies sur les droits de l’homme des migrants, de "
        "veiller à ce que le Dialogue de haut niveau de 2013 analyse les liens entre les migrations et le "
        "développement, notamment sous l’angle des droits de l’homme (paragraphe 10 a)). Le Secrétaire général a "
        "chargé le HCDH de diriger l’élaboration d’un rapport examinant expressément comment renforcer l’attention "
        "portée aux droits de l’homme des migrants dans le cadre de la gouvernance des migrations au niveau "
        f'international. Lire le rapport{NBSP}: <a href="doc:{REPORT_SLUG}">{REPORT_TITLE["fr"]}</a>.</p>'
        "<p>Dans cette même résolution, l’Assemblée générale a également prié le Secrétaire général de lui "
        "présenter un rapport comportant une analyse de la manière dont une perspective fondée sur les droits de "
        "l’homme peut améliorer la conception et la mise en œuvre des politiques relatives aux migrations "
        "internationales et au développement (paragraphe 15). Le rapport du Secrétaire général sur la protection "
        'des migrants qui a suivi (<a href="doc:a-68-292">A/68/292</a>) a souligné qu’il importait de placer les '
        "droits de l’homme au centre de tous les débats sur les migrations et le développement et d’adopter une "
        "approche des migrations internationales et du développement fondée sur les droits de l’homme.</p>"
        "<p>Le Dialogue de haut niveau de 2013 a comporté quatre séances plénières et quatre tables rondes "
        f"interactives, tenues parallèlement aux séances plénières{NBSP}:</p>"
        f"{_FOCUSED['fr']}"
    ),
    "es": (
        "<p>En 2013, la Asamblea General de las Naciones Unidas celebró su segundo Diálogo de alto nivel sobre la "
        "migración internacional y el desarrollo durante su sexagésimo octavo período de sesiones, en Nueva York. "
        "El Diálogo de alto nivel constituyó un hito importante en el fomento de la cooperación internacional en "
        "materia de migración en las Naciones Unidas y se basó en el éxito del "
        '<a href="event:hld-2006">primer Diálogo de alto nivel sobre la migración internacional y el '
        "desarrollo</a>, celebrado en septiembre de 2006.</p>"
        "<p>Existía un amplio consenso en que los derechos humanos debían desempeñar un papel central en el "
        "Diálogo de alto nivel de 2013. En la resolución por la que decidió celebrar dicho Diálogo "
        '(<a href="doc:a-res-63-225">resolución 63/225</a>), la Asamblea General de las Naciones Unidas destacó '
        "que el respeto de los derechos humanos y las libertades fundamentales de todos los migrantes era esencial "
        "para aprovechar los beneficios de la migración internacional.</p>"
        '<p>Por consiguiente, en su <a href="doc:a-res-67-172">resolución 67/172</a>, la Asamblea General '
        "solicitó a los Estados Miembros, al sistema de las Naciones Unidas y a todos los interesados pertinentes, "
        "en particular al ACNUDH y al Relator Especial de las Naciones Unidas sobre los derechos humanos de los "
        "migrantes, que velaran por que el Diálogo de alto nivel de 2013 analizara la relación entre la migración "
        "y el desarrollo desde, entre otras, una perspectiva de derechos humanos (párrafo 10 a)). El Secretario "
        "General encomendó al ACNUDH que dirigiera la preparación de un informe en el que se examinara "
        "específicamente la manera de reforzar la atención prestada a los derechos humanos de los migrantes en el "
        "marco de gobernanza de la migración a nivel internacional. Lea el informe: "
        f'<a href="doc:{REPORT_SLUG}">{REPORT_TITLE["es"]}</a>.</p>'
        "<p>En la resolución también se solicitó al Secretario General de las Naciones Unidas que presentara un "
        "informe que incluyera un análisis de la manera en que una perspectiva de derechos humanos puede mejorar "
        "la formulación y la aplicación de las políticas de migración internacional y desarrollo (párrafo 15). En "
        "el informe del Secretario General sobre la protección de los migrantes presentado a continuación "
        '(<a href="doc:a-68-292">A/68/292</a>) se destacó la importancia de situar los derechos humanos en el '
        "centro de todos los debates sobre la migración y el desarrollo y de adoptar un enfoque basado en los "
        "derechos humanos respecto de la migración internacional y el desarrollo.</p>"
        "<p>El Diálogo de alto nivel de 2013 constó de cuatro sesiones plenarias y cuatro mesas redondas "
        "interactivas celebradas en paralelo a las sesiones plenarias:</p>"
        f"{_FOCUSED['es']}"
    ),
}

EVENTS = [
    {
        "slug": "hld-2006",
        "title": HLD_TITLE,
        "short_title": {"en": "2006 HLD", "fr": "DHN 2006", "es": "DAN 2006"},
        "name_in_text": {"en": "the Dialogue", "fr": "le Dialogue", "es": "el Diálogo"},
        "summary": {
            "en": (
                "<p>The first High-level Dialogue on International Migration and Development, held by the United "
                "Nations General Assembly at its 61st session in New York on 14 and 15 September 2006.</p>"
            ),
            "fr": (
                "<p>Le premier Dialogue de haut niveau sur les migrations internationales et le développement, "
                "tenu par l’Assemblée générale des Nations Unies à sa soixante et unième session, à New York, les "
                "14 et 15 septembre 2006.</p>"
            ),
            "es": (
                "<p>El primer Diálogo de alto nivel sobre la migración internacional y el desarrollo, celebrado "
                "por la Asamblea General de las Naciones Unidas en su sexagésimo primer período de sesiones, en "
                "Nueva York, los días 14 y 15 de septiembre de 2006.</p>"
            ),
        },
        "body": {
            "en": (
                "<p>On 14 and 15 September 2006, high-level representatives of the Member States of the United "
                "Nations met in the General Assembly to discuss the multidimensional aspects of international "
                "migration and development, and the ways and means of maximizing its development benefits and "
                "minimizing its negative impacts.</p>"
                "<p>The Dialogue led to the creation of the Global Forum on Migration and Development, a "
                "voluntary, State-led and non-binding process for informal dialogue and cooperation. The "
                '<a href="event:hld-2013">second High-Level Dialogue</a>, held in October 2013, built on its '
                "success.</p>"
            ),
            "fr": (
                "<p>Les 14 et 15 septembre 2006, des représentants de haut niveau des États Membres de "
                "l’Organisation des Nations Unies se sont réunis à l’Assemblée générale pour examiner les aspects "
                "multidimensionnels des migrations internationales et du développement, ainsi que les moyens d’en "
                "maximiser les effets positifs sur le développement et d’en réduire au minimum les incidences "
                "négatives.</p>"
                "<p>Le Dialogue a abouti à la création du Forum mondial sur la migration et le développement, "
                "processus volontaire, non contraignant et mené par les États, qui offre un cadre de dialogue et "
                'de coopération informels. Le <a href="event:hld-2013">deuxième Dialogue de haut niveau</a>, tenu '
                "en octobre 2013, s’est appuyé sur son succès.</p>"
            ),
            "es": (
                "<p>Los días 14 y 15 de septiembre de 2006, representantes de alto nivel de los Estados Miembros de "
                "las Naciones Unidas se reunieron en la Asamblea General para examinar los aspectos "
                "multidimensionales de la migración internacional y el desarrollo, así como los medios de "
                "maximizar sus beneficios para el desarrollo y reducir al mínimo sus efectos negativos.</p>"
                "<p>El Diálogo dio lugar a la creación del Foro Mundial sobre Migración y Desarrollo, un proceso "
                "voluntario, no vinculante y dirigido por los Estados que ofrece un espacio de diálogo y "
                'cooperación oficiosos. El <a href="event:hld-2013">segundo Diálogo de alto nivel</a>, celebrado '
                "en octubre de 2013, se basó en su éxito.</p>"
            ),
        },
        # The seeds say "September 2006"; the days are those of the 2006 Dialogue as the General Assembly held it
        # at its sixty-first session (UN DESA Population Division, page of the 2006 High-level Dialogue). The
        # Global Forum sentence of the body follows un.org/en/ga/68/meetings/migration/about.shtml.
        "start_date": datetime.date(2006, 9, 14),
        "end_date": datetime.date(2006, 9, 15),
        "time_zone": "America/New_York",
        "venue": UN_HEADQUARTERS,
        "city": NEW_YORK,
        "country": "US",
        "organiser": GENERAL_ASSEMBLY,
        "organiser_url": "https://www.un.org/en/ga/",
        "session_label": {
            "en": "61st session of the General Assembly",
            "fr": "61e session de l’Assemblée générale",
            "es": "61º período de sesiones de la Asamblea General",
        },
        "related": ["hld-2013"],
    },
    {
        "slug": "hld-2013",
        "is_featured": True,
        "title": HLD_TITLE,
        "short_title": {"en": "2013 HLD", "fr": "DHN 2013", "es": "DAN 2013"},
        "name_in_text": {"en": "the Dialogue", "fr": "le Dialogue", "es": "el Diálogo"},
        # The seed page's photo caption. The photo itself is not reproduced: load() gives the event a plain
        # generated panel instead, and the credit and alternative text say so.
        "image_caption": {
            "en": "South Sudanese returnees arrive in Juba by thousands",
            "fr": "Des milliers de rapatriés sud-soudanais arrivent à Djouba",
            "es": "Miles de retornados sursudaneses llegan a Yuba",
        },
        "image_credit": {
            "en": "Caption of the photo on the OHCHR page; the photo is not reproduced here (stand-in panel).",
            "fr": (
                "Légende de la photo de la page du HCDH\u00a0; la photo n’est pas reproduite ici (panneau de "
                "remplacement)."
            ),
            "es": ("Pie de la foto de la página del ACNUDH; la foto no se reproduce aquí (panel de sustitución)."),
        },
        "image_alt": {
            "en": "Plain blue panel standing in for the original photo, which is not reproduced",
            "fr": "Panneau bleu uni qui remplace la photo originale, non reproduite",
            "es": "Panel azul liso que sustituye a la foto original, no reproducida",
        },
        "theme": HLD_2013_THEME,
        "summary": {
            "en": (
                "<p>The second High-Level Dialogue on International Migration and Development, convened by the "
                "United Nations General Assembly at its 68th session in New York on 3 and 4 October 2013: four "
                "plenary meetings and four interactive round tables held in parallel, with human rights at the "
                "centre of the deliberations.</p>"
            ),
            "fr": (
                "<p>Le deuxième Dialogue de haut niveau sur les migrations internationales et le développement, "
                "convoqué par l’Assemblée générale des Nations Unies à sa soixante-huitième session, à New York, "
                f"les 3 et 4 octobre 2013{NBSP}: quatre séances plénières et quatre tables rondes interactives "
                "tenues en parallèle, les droits de l’homme étant au centre des délibérations.</p>"
            ),
            "es": (
                "<p>El segundo Diálogo de alto nivel sobre la migración internacional y el desarrollo, convocado "
                "por la Asamblea General de las Naciones Unidas en su sexagésimo octavo período de sesiones, en "
                "Nueva York, los días 3 y 4 de octubre de 2013: cuatro sesiones plenarias y cuatro mesas redondas "
                "interactivas celebradas en paralelo, con los derechos humanos en el centro de las "
                "deliberaciones.</p>"
            ),
        },
        "body": HLD_2013_BODY,
        "post_event_summary": HLD_2013_POST_EVENT,
        "start_date": datetime.date(2013, 10, 3),
        "end_date": datetime.date(2013, 10, 4),
        "time_zone": "America/New_York",
        # The seeds give New York; the Headquarters: the Declaration of the Dialogue (A/68/L.5, "at United Nations
        # Headquarters in New York on 3 and 4 October 2013").
        "venue": UN_HEADQUARTERS,
        "city": NEW_YORK,
        "country": "US",
        "organiser": GENERAL_ASSEMBLY,
        "organiser_url": "https://www.un.org/en/ga/",
        "session_label": {
            "en": "68th session of the General Assembly",
            "fr": "68e session de l’Assemblée générale",
            "es": "68º período de sesiones de la Asamblea General",
        },
        # No hashtag, live-stream or video address: the seeds give none for the Dialogue itself.
        "related": ["hld-2006", "expert-meeting-2013", "high-level-meeting-geneva-2013"],
    },
    {
        "slug": "expert-meeting-2013",
        "parent": "hld-2013",
        "title": {
            "en": "Expert meeting on human rights, migration and governance",
            "fr": "Réunion d’experts sur les droits de l’homme, les migrations et la gouvernance",
            "es": "Reunión de expertos sobre derechos humanos, migración y gobernanza",
        },
        "short_title": {"en": "Expert meeting", "fr": "Réunion d’experts", "es": "Reunión de expertos"},
        "name_in_text": {
            "en": "the expert meeting",
            "fr": "la réunion d’experts",
            "es": "la reunión de expertos",
        },
        "summary": {
            "en": (
                "<p>An expert meeting held by OHCHR on 20 and 21 June 2013 to consult fully on its report on "
                "migration and human rights, prepared for the 2013 High-Level Dialogue.</p>"
            ),
            "fr": (
                "<p>Réunion d’experts tenue par le HCDH les 20 et 21 juin 2013 afin de mener des consultations "
                "approfondies sur son rapport sur les migrations et les droits de l’homme, établi en vue du "
                "Dialogue de haut niveau de 2013.</p>"
            ),
            "es": (
                "<p>Reunión de expertos celebrada por el ACNUDH los días 20 y 21 de junio de 2013 con el fin de "
                "consultar ampliamente sobre su informe acerca de la migración y los derechos humanos, preparado "
                "para el Diálogo de alto nivel de 2013.</p>"
            ),
        },
        "body": {
            "en": (
                "<p>The Secretary General has tasked OHCHR, in consultation with the Global Migration Group (GMG) "
                "and UN System partners, to lead the preparation of a concise analytical report on Migration and "
                "Human Rights, which will specifically consider how attention to the rights of migrants can be "
                "strengthened within the governance framework of migration at the international level.</p>"
                "<p>On 20-21 June 2013, OHCHR held an expert meeting on human rights, migration and governance in "
                "order to consult fully on the above-mentioned report. More than fifty participants engaged in this "
                "discussion, including experts from Global Migration Group members, human rights mechanisms, "
                "Member States, regional organisations, international and regional non-governmental "
                "organisations, trade unions and academia.</p>"
                f'<p>Read the report <a href="doc:{REPORT_SLUG}">{REPORT_TITLE["en"]}</a>.</p>'
            ),
            "fr": (
                "<p>Le Secrétaire général a chargé le HCDH de diriger, en consultation avec le Groupe mondial sur "
                "la migration (GMM) et les partenaires du système des Nations Unies, l’élaboration d’un rapport "
                "analytique concis sur les migrations et les droits de l’homme, qui examinera expressément comment "
                "renforcer l’attention portée aux droits des migrants dans le cadre de la gouvernance des "
                "migrations au niveau international.</p>"
                "<p>Les 20 et 21 juin 2013, le HCDH a tenu une réunion d’experts sur les droits de l’homme, les "
                "migrations et la gouvernance afin de mener des consultations approfondies sur ce rapport. Plus de "
                "cinquante participants ont pris part à ces échanges, parmi lesquels des experts des membres du "
                "Groupe mondial sur la migration, des mécanismes relatifs aux droits de l’homme, des États Membres, "
                "des organisations régionales, des organisations non gouvernementales internationales et "
                "régionales, des syndicats et des milieux universitaires.</p>"
                f'<p>Lire le rapport <a href="doc:{REPORT_SLUG}">{REPORT_TITLE["fr"]}</a>.</p>'
            ),
            "es": (
                "<p>El Secretario General ha encomendado al ACNUDH que, en consulta con el Grupo Mundial sobre "
                "Migración (GMM) y los asociados del sistema de las Naciones Unidas, dirija la preparación de un "
                "informe analítico conciso sobre migración y derechos humanos, en el que se examinará "
                "específicamente la manera de reforzar la atención prestada a los derechos de los migrantes en el "
                "marco de gobernanza de la migración a nivel internacional.</p>"
                "<p>Los días 20 y 21 de junio de 2013, el ACNUDH celebró una reunión de expertos sobre derechos "
                "humanos, migración y gobernanza con el fin de consultar ampliamente sobre dicho informe. Más de "
                "cincuenta participantes tomaron parte en este debate, entre ellos expertos de los miembros del "
                "Grupo Mundial sobre Migración, de los mecanismos de derechos humanos, de los Estados Miembros, de "
                "organizaciones regionales, de organizaciones no gubernamentales internacionales y regionales, de "
                "sindicatos y del mundo académico.</p>"
                f'<p>Lea el informe <a href="doc:{REPORT_SLUG}">{REPORT_TITLE["es"]}</a>.</p>'
            ),
        },
        "start_date": datetime.date(2013, 6, 20),
        "end_date": datetime.date(2013, 6, 21),
        "time_zone": "Europe/Zurich",
        "city": GENEVA,
        "country": "CH",
        "organiser": OHCHR,
        "organiser_url": "https://www.ohchr.org/",
        "related": ["hld-2013"],
    },
    {
        "slug": "high-level-meeting-geneva-2013",
        "parent": "hld-2013",
        "title": {
            "en": "High-Level Meeting on Migration and Human Rights",
            "fr": "Réunion de haut niveau sur les migrations et les droits de l’homme",
            "es": "Reunión de alto nivel sobre la migración y los derechos humanos",
        },
        "short_title": {
            "en": "High-Level Meeting, Geneva",
            "fr": "Réunion de haut niveau, Genève",
            "es": "Reunión de alto nivel, Ginebra",
        },
        "name_in_text": {
            "en": "the High-Level Meeting",
            "fr": "la Réunion de haut niveau",
            "es": "la Reunión de alto nivel",
        },
        "summary": {
            "en": (
                "<p>A high-profile meeting organised by OHCHR in Geneva on 4 September 2013, in advance of the "
                "High-Level Dialogue, to raise awareness of the human rights of migrants.</p>"
            ),
            "fr": (
                "<p>Réunion de haut niveau organisée par le HCDH à Genève le 4 septembre 2013, en amont du Dialogue "
                "de haut niveau, afin de sensibiliser aux droits de l’homme des migrants.</p>"
            ),
            "es": (
                "<p>Reunión de alto nivel organizada por el ACNUDH en Ginebra el 4 de septiembre de 2013, antes del "
                "Diálogo de alto nivel, con el fin de sensibilizar acerca de los derechos humanos de los "
                "migrantes.</p>"
            ),
        },
        "body": {
            "en": (
                "<p>OHCHR is organising a high-profile meeting in advance of the "
                '<a href="event:hld-2013">HLD</a> in order to raise awareness of the human rights of migrants and '
                "to advocate for mainstreaming a human rights-based approach within all four round table "
                "discussions of the HLD.</p>"
                "<p>Tune in on 4 September and follow the live-stream and live-tweets of this meeting.</p>"
            ),
            "fr": (
                "<p>Le HCDH organise une réunion de haut niveau en amont du "
                '<a href="event:hld-2013">Dialogue de haut niveau</a> afin de sensibiliser aux droits de l’homme '
                "des migrants et de plaider en faveur de l’intégration d’une approche fondée sur les droits de "
                "l’homme dans les débats des quatre tables rondes du Dialogue.</p>"
                "<p>Rendez-vous le 4 septembre pour suivre la retransmission en direct de cette réunion et les "
                "tweets publiés en direct.</p>"
            ),
            "es": (
                "<p>El ACNUDH organiza una reunión de alto nivel previa al "
                '<a href="event:hld-2013">Diálogo de alto nivel</a> con el fin de sensibilizar acerca de los '
                "derechos humanos de los migrantes y de abogar por la incorporación de un enfoque basado en los "
                "derechos humanos en los debates de las cuatro mesas redondas del Diálogo.</p>"
                "<p>Conéctese el 4 de septiembre y siga la transmisión en directo de esta reunión y los tuits "
                "publicados en directo.</p>"
            ),
        },
        "post_event_summary": {
            "en": (
                "<p>The High-Level Meeting on Migration and Human Rights was held in Geneva on 4 September 2013, in "
                'advance of the <a href="event:hld-2013">High-Level Dialogue on International Migration and '
                "Development</a>. It was followed live on the internet, and a meeting video summary was published "
                "afterwards.</p>"
            ),
            "fr": (
                "<p>La Réunion de haut niveau sur les migrations et les droits de l’homme s’est tenue à Genève le "
                '4 septembre 2013, en amont du <a href="event:hld-2013">Dialogue de haut niveau sur les migrations '
                "internationales et le développement</a>. Elle a été suivie en direct sur Internet, et un résumé vidéo "
                "de la réunion a été publié par la suite.</p>"
            ),
            "es": (
                "<p>La Reunión de alto nivel sobre la migración y los derechos humanos se celebró en Ginebra el 4 "
                'de septiembre de 2013, antes del <a href="event:hld-2013">Diálogo de alto nivel sobre la migración '
                "internacional y el desarrollo</a>. Se siguió en directo por Internet, y después se publicó un resumen "
                "en vídeo de la reunión.</p>"
            ),
        },
        "start_date": datetime.date(2013, 9, 4),
        "end_date": datetime.date(2013, 9, 4),
        "time_zone": "Europe/Zurich",
        # Geneva and the date: the seeds. No venue: the seeds do not name the building. "Followed live on the
        # internet": the High Commissioner's opening statement of 4 September 2013 (OHCHR news release 13714); the
        # video summary: seed 000 ("Meeting video summary"). Their addresses, and any hashtag, are not known: the
        # capture lost its links, so the page gives none.
        "city": GENEVA,
        "country": "CH",
        "organiser": OHCHR,
        "organiser_url": "https://www.ohchr.org/",
        "related": ["hld-2013"],
    },
]

# Sessions carry no date or time: the seeds say only that the four round tables were held in parallel with the
# four plenary meetings on 3 and 4 October 2013. The UN DESA page of the Dialogue has an organization of work, but
# which meeting was held in which slot could not be confirmed here, so none is stated.

PLENARY_DESCRIPTION = {
    "en": (
        "<p>One of the four plenary meetings of the High-Level Dialogue, held in parallel with the interactive "
        "round tables.</p>"
    ),
    "fr": (
        "<p>L’une des quatre séances plénières du Dialogue de haut niveau, tenues parallèlement aux tables rondes "
        "interactives.</p>"
    ),
    "es": (
        "<p>Una de las cuatro sesiones plenarias del Diálogo de alto nivel, celebradas en paralelo a las mesas "
        "redondas interactivas.</p>"
    ),
}
ROUND_TABLE_DESCRIPTION = {
    "en": (
        "<p>One of the four interactive round tables of the High-Level Dialogue, held in parallel with the plenary "
        "meetings.</p>"
    ),
    "fr": (
        "<p>L’une des quatre tables rondes interactives du Dialogue de haut niveau, tenues parallèlement aux "
        "séances plénières.</p>"
    ),
    "es": (
        "<p>Una de las cuatro mesas redondas interactivas del Diálogo de alto nivel, celebradas en paralelo a las "
        "sesiones plenarias.</p>"
    ),
}

# Sessions by event slug. The page groups them by kind, so each kind is ordered by its number.
SESSIONS = {
    "hld-2013": [
        *(
            {
                "slug": f"plenary-{number}",
                "kind": SessionKind.PLENARY,
                "number": number,
                "title": {
                    "en": f"Plenary meeting {number}",
                    "fr": f"Séance plénière {number}",
                    "es": f"Sesión plenaria {number}",
                },
                "description": PLENARY_DESCRIPTION,
                "order": number * 10,
            }
            for number in range(1, 5)
        ),
        *(
            {
                "slug": f"round-table-{number}",
                "kind": SessionKind.ROUND_TABLE,
                "number": number,
                "title": {
                    "en": f"Round Table {number}",
                    "fr": f"Table ronde {number}",
                    "es": f"Mesa redonda {number}",
                },
                "theme": ROUND_TABLE_THEMES[number - 1],
                "description": ROUND_TABLE_DESCRIPTION,
                "order": number * 10,
            }
            for number in range(1, 5)
        ),
    ],
}

# Keys of the data that are not fields of the model.
_NOT_FIELDS = {"parent", "related"}


# What an event or session that the data leaves out must not keep from an earlier load: no invented fact survives.
_EVENT_BLANKS = {"hashtag": "", "live_stream_url": "", "recording_url": "", "video_summary_url": ""} | {
    f"{name}_{lang}": "" for name in ("venue", "name_in_text") for lang in LANGUAGES
}
_SESSION_BLANKS = {"date": None, "start_time": None, "end_time": None}


def stand_in_image():
    """A plain panel in the UN's blue, 1200 x 500 pixels, PNG: clearly no photo, so it cannot pass for one."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 500), (0, 158, 219)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="stand-in.png")


def load():
    events = {}
    for data in EVENTS:
        values = _EVENT_BLANKS | localise(data, exclude=_NOT_FIELDS | {"slug"})
        values["status"] = PUBLISHED
        values.setdefault("is_featured", False)
        event = events[data["slug"]] = upsert(Event, {"slug": data["slug"]}, values)
        if data.get("image_caption") and not event.image:
            event.image.save("stand-in.png", stand_in_image())

    # Parents and related events once every event exists. The relation is symmetrical: each event gets the
    # union of the links it names and the links naming it, so that ``set()`` never undoes another event's links.
    related = {slug: set() for slug in events}
    for data in EVENTS:
        for other in data.get("related", ()):
            related[data["slug"]].add(other)
            related[other].add(data["slug"])
    for data in EVENTS:
        event = events[data["slug"]]
        parent = events[data["parent"]] if data.get("parent") else None
        if event.parent_id != (parent.pk if parent else None):
            event.parent = parent
            event.save(update_fields=["parent", "updated_at"])
        wanted = {events[slug].pk for slug in related[data["slug"]]}
        if set(event.related_events.values_list("pk", flat=True)) != wanted:
            event.related_events.set(wanted)

    for event_slug, sessions in SESSIONS.items():
        event = events[event_slug]
        for data in sessions:
            values = _SESSION_BLANKS | localise(data, exclude={"slug"})
            values["status"] = PUBLISHED
            upsert(Session, {"event": event, "slug": data["slug"]}, values)
