# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Every term the module shows has a Dutch, French and German translation."""

    def test_every_term_is_translated(self):
        terms = {
            row[4] for row in TranslationModuleReader(self.env.cr, ["dunning_be_queue"])
        }
        self.assertIn("Batches at Once", terms)
        for lang in ("nl", "fr", "de"):
            with self.subTest(lang=lang):
                with open(file_path(f"dunning_be_queue/i18n/{lang}.po"), "rb") as po:
                    translated = {
                        row["src"] for row in PoFileReader(po) if row["value"].strip()
                    }
                self.assertEqual(
                    sorted(terms - translated), [], f"missing in {lang}.po"
                )
