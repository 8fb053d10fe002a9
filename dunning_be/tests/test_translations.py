# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools.misc import file_path
from odoo.tools.translate import PoFileReader, TranslationModuleReader

LANGUAGES = ("nl", "fr", "de")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """Every term the module shows has a Dutch, French and German translation."""

    def test_every_term_is_translated(self):
        terms = {
            source
            for _module, _type, _name, _res_id, source, _value, _comments in (
                TranslationModuleReader(self.env.cr, ["dunning_be"])
            )
        }
        self.assertIn("Payment Reminders", terms)
        for lang in LANGUAGES:
            with self.subTest(lang=lang):
                path = file_path(f"dunning_be/i18n/{lang}.po")
                with open(path, "rb") as po:
                    translated = {
                        row["src"] for row in PoFileReader(po) if row["value"].strip()
                    }
                self.assertEqual(
                    sorted(terms - translated), [], f"missing in {lang}.po"
                )
