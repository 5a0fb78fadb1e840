"""The one published page the benchmark measures: an article of about 4.4 KB of HTML, served at ``/``."""

from django.core.management.base import BaseCommand
from wagtail.models import Page, Site

from peer.models import ArticlePage

PARAGRAPHS = [
    "The high-level dialogue on international migration and development brought together Member States, the "
    "United Nations system, civil society and the private sector to identify concrete measures that strengthen "
    "coherence and cooperation at all levels, enhance the benefits of international migration for migrants and "
    "countries alike, and address its links to development while reducing its negative implications.",
    "Four round tables considered the effects of migration on sustainable development and the post-2015 "
    "development framework; the human rights of all migrants, with particular attention to women and children; "
    "partnerships and cooperation on migration, including the prevention of trafficking in persons and smuggling "
    "of migrants; and labour mobility, its impact on development and the recognition of skills.",
    "Speakers stressed that remittances are private funds, that their costs should fall, and that financial "
    "inclusion of migrants and their families multiplies their effect on development. Several delegations "
    "described bilateral agreements on social security and the portability of earned benefits.",
    "The dialogue adopted by consensus a declaration in which Member States commit to protect the human rights "
    "of migrants regardless of their migration status, to combat xenophobia and discrimination, and to consider "
    "migration in the elaboration of the post-2015 development agenda.",
    "An informal interactive hearing with non-governmental organizations, civil society and the private sector "
    "took place in July, and its summary was circulated to Member States before the dialogue. Regional "
    "consultations in Bangkok, Addis Ababa, Santiago and Geneva prepared the ground for the round tables.",
    "Member States, the entities of the Global Migration Group and civil society networks were invited to send "
    "written contributions; those received before the dialogue are published with the documents of the session, "
    "in the languages in which they were submitted, together with the list of speakers of each meeting.",
    "The President of the General Assembly closed the dialogue by recalling that migrants are agents of "
    "development and that their contributions, in countries of origin, transit and destination alike, depend on "
    "their rights being respected, on fair recruitment and on access to decent work, health and education.",
]


class Command(BaseCommand):
    help = "Create (once) the published article the benchmark measures, as the default site's root page."

    def handle(self, *args, **options):
        root = Page.get_first_root_node()
        page = ArticlePage.objects.filter(slug="hld-2013").first()
        if page is None:
            for welcome in root.get_children().exclude(slug="hld-2013"):
                welcome.delete()
            body = "".join(
                f"<h2>{heading}</h2><p>{paragraph}</p>"
                for heading, paragraph in zip(
                    ["Overview", "Round tables", "Remittances", "Outcome", "Hearing", "Contributions", "Closing"],
                    PARAGRAPHS,
                    strict=True,
                )
            )
            body += (
                "<ul><li>Resolution 68/4, declaration of the dialogue</li><li>Report of the Secretary-General "
                "A/68/190</li><li>Summary of the President of the General Assembly</li><li>Report of the informal "
                "interactive hearing, A/68/500</li><li>Note by the Secretariat on the organization of the "
                "dialogue</li></ul>"
            )
            page = ArticlePage(
                title="High-level dialogue on international migration and development, 2013",
                slug="hld-2013",
                summary="Two days at United Nations Headquarters, New York, 3 and 4 October 2013.",
                body=body,
            )
            root.add_child(instance=page)
            page.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": page, "site_name": "Wagtail peer"},
        )
        self.stdout.write(f"peer page {page.pk}: {page.url_path}")
